using System;
using System.Collections.Generic;
using DagRunner.Planning;
using DagRunner.Results;
using DagRunner.Utils;

namespace DagRunner.Checkpoints
{
    /// <summary>
    /// Decides which nodes a resumed run restores. Pure: the plan, the checkpoint and the hashes in, decisions out.
    /// </summary>
    /// <remarks>
    /// A node is restored only when all of these hold: it Succeeded in the checkpoint (Degraded and Resumed
    /// included), its definition hash is unchanged, and none of its needs runs again, for whatever reason, since a
    /// need that runs again may give it other input. Everything else runs. Its reason is the first that applies:
    /// DefinitionChanged; then the checkpointed status (PreviouslyFailed, PreviouslyCancelled, PreviouslySkipped,
    /// PreviouslyNotRun, which also covers a node the checkpoint does not list); then UpstreamChanged.
    /// </remarks>
    public static class ResumePlanner
    {
        /// <param name="plan">The plan of the resumed run.</param>
        /// <param name="checkpoint">The checkpoint of the run to resume.</param>
        /// <param name="currentHashes">Every planned node's <see cref="DefinitionHash.ForNode"/> now, by name.</param>
        /// <exception cref="CheckpointException">The checkpoint is of another workflow (ForeignWorkflow).</exception>
        /// <exception cref="ArgumentException">A planned node has no current hash.</exception>
        public static ResumePlan Decide(ExecutionPlan plan, CheckpointState checkpoint, IReadOnlyDictionary<string, string> currentHashes)
        {
            Guard.NotNull(plan);
            Guard.NotNull(checkpoint);
            Guard.NotNull(currentHashes);
            checkpoint.EnsureBelongsTo(plan.WorkflowName);

            var reruns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var decisions = new List<ResumeDecision>(plan.Nodes.Count);

            // Plan order is topological: every need is decided before the nodes that need it.
            foreach (var node in plan.Nodes)
            {
                if (!currentHashes.TryGetValue(node.Name, out var hash))
                {
                    throw new ArgumentException($"No definition hash was given for the planned node '{node.Name}'.", nameof(currentHashes));
                }

                var previous = checkpoint.Nodes[node.Name];
                var reason = Rerun(node, previous, hash, reruns);
                if (reason != NodeReason.None)
                {
                    reruns.Add(node.Name);
                }

                bool restore = reason == NodeReason.None;
                decisions.Add(new ResumeDecision(node, restore, restore ? NodeReason.Resumed : reason, previous));
            }

            return new ResumePlan(checkpoint, decisions);
        }

        /// <summary>Why <paramref name="node"/> runs again; <see cref="NodeReason.None"/> when it is restored.</summary>
        private static NodeReason Rerun(PlanNode node, CheckpointNodeState? previous, string hash, ISet<string> reruns)
        {
            if (previous == null)
            {
                return NodeReason.PreviouslyNotRun;
            }

            if (previous.DefinitionHash != null && !string.Equals(previous.DefinitionHash, hash, StringComparison.Ordinal))
            {
                return NodeReason.DefinitionChanged;
            }

            switch (previous.Status)
            {
                case NodeStatus.Failed: return NodeReason.PreviouslyFailed;
                case NodeStatus.Cancelled: return NodeReason.PreviouslyCancelled;
                case NodeStatus.Interrupted:
                case NodeStatus.Running: return NodeReason.PreviouslyInterrupted;
                case NodeStatus.Skipped: return NodeReason.PreviouslySkipped;
                case NodeStatus.NotRun: return NodeReason.PreviouslyNotRun;
            }

            if (previous.DefinitionHash == null)
            {
                return NodeReason.DefinitionChanged; // succeeded, but recorded without a hash: cannot be proven unchanged
            }

            foreach (var need in node.Needs)
            {
                if (reruns.Contains(need))
                {
                    return NodeReason.UpstreamChanged;
                }
            }

            return NodeReason.None;
        }
    }
}
