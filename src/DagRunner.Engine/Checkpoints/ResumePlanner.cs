using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Decides which nodes a resumed run restores. Pure: the plan, the checkpoint, the hashes and what the inputs hold
    /// now in, decisions out. The one place that says why a node runs again, for nodes and foreach instances alike.
    /// </summary>
    /// <remarks>
    /// A node is restored only when all of these hold: it Succeeded in the checkpoint (Degraded and Resumed included),
    /// its definition hash is unchanged, its <c>inputs:</c> files are unchanged, <c>-Rerun</c> does not name it, and
    /// none of its needs runs again, for whatever reason, since a need that runs again may give it other input.
    /// Everything else runs. Its reason is the first that applies: RerunRequested; DefinitionChanged; the checkpointed
    /// status (Invalidated, PreviouslyFailed, PreviouslyCancelled, PreviouslyInterrupted, PreviouslySkipped,
    /// PreviouslyNotRun, which also covers a node the checkpoint does not list); InputsChanged; then UpstreamChanged.
    /// </remarks>
    internal static class ResumePlanner
    {
        /// <param name="plan">The plan of the resumed run.</param>
        /// <param name="checkpoint">The checkpoint of the run to resume.</param>
        /// <param name="currentHashes">Every planned node's <see cref="DefinitionHash.ForNode"/> now, by name.</param>
        /// <exception cref="CheckpointException">The checkpoint is of another workflow (ForeignWorkflow).</exception>
        /// <exception cref="ArgumentException">A planned node has no current hash.</exception>
        public static ResumePlan Decide(ExecutionPlan plan, CheckpointState checkpoint, IReadOnlyDictionary<string, string> currentHashes)
            => Decide(plan, checkpoint, currentHashes, rerun: null, inputsNow: null);

        /// <param name="rerun">
        /// <c>-Rerun</c>: nodes to run again (with everything downstream) although they succeeded; a foreach instance
        /// id (<c>node[key]</c>) runs that instance again (and its node's downstream).
        /// </param>
        /// <param name="inputsNow">What a node's <c>inputs:</c> hold now; null to leave inputs out of the decision.</param>
        /// <exception cref="UnknownNodeException">A <paramref name="rerun"/> name is not a planned node nor an instance of a planned foreach node.</exception>
        internal static ResumePlan Decide(
            ExecutionPlan plan, CheckpointState checkpoint, IReadOnlyDictionary<string, string> currentHashes,
            IReadOnlyCollection<string>? rerun, Func<NodeDefinition, InputFiles>? inputsNow)
        {
            Guard.NotNull(plan);
            Guard.NotNull(checkpoint);
            Guard.NotNull(currentHashes);
            checkpoint.EnsureBelongsTo(plan.WorkflowName);
            var requested = RerunSet(plan, checkpoint, rerun);

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
                var reason = Rerun(node, previous, hash, requested, reruns, inputsNow, out var detail);
                if (reason != NodeReason.None)
                {
                    reruns.Add(node.Name);
                }

                bool restore = reason == NodeReason.None;
                decisions.Add(new ResumeDecision(node, restore, restore ? NodeReason.Resumed : reason, previous, detail));
            }

            return new ResumePlan(checkpoint, decisions, requested);
        }

        /// <summary>
        /// Why a recorded node (or instance) runs again, judged by its own record alone: not recorded, changed
        /// definition, or a status other than Succeeded. <see cref="NodeReason.None"/> when its record allows a restore.
        /// </summary>
        internal static NodeReason PreviousRunReason(CheckpointNodeState? previous, string hash, out string? detail)
        {
            detail = null;
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
                case NodeStatus.Succeeded:
                    // Succeeded, but recorded without a hash: it cannot be proven unchanged.
                    return previous.DefinitionHash == null ? NodeReason.DefinitionChanged : NodeReason.None;
                case NodeStatus.Failed: return NodeReason.PreviouslyFailed;
                case NodeStatus.Cancelled: return NodeReason.PreviouslyCancelled;
                case NodeStatus.Interrupted:
                case NodeStatus.Running: return NodeReason.PreviouslyInterrupted;
                case NodeStatus.Skipped: return NodeReason.PreviouslySkipped;
                default:
                    if (previous.Reason == NodeReason.Invalidated)
                    {
                        detail = previous.InvalidatedBy == null ? null : $"'{previous.InvalidatedBy}' invalidated its success";
                        return NodeReason.Invalidated;
                    }

                    return NodeReason.PreviouslyNotRun;
            }
        }

        /// <summary>
        /// A foreach node that runs again because a need ran again, its inputs changed or <c>-Rerun</c> named it runs all
        /// its instances again; otherwise (its own record, or -Rerun naming one instance) each instance is judged on its own.
        /// </summary>
        internal static bool RerunsInstances(ResumeDecision? group, ISet<string> requested)
            => group != null && (group.Reason == NodeReason.UpstreamChanged || group.Reason == NodeReason.InputsChanged
                                 || (group.Reason == NodeReason.RerunRequested && requested.Contains(group.Name)));

        /// <summary>Why <paramref name="node"/> runs again; <see cref="NodeReason.None"/> when it is restored.</summary>
        private static NodeReason Rerun(
            PlanNode node, CheckpointNodeState? previous, string hash, ISet<string> requested, ISet<string> reruns,
            Func<NodeDefinition, InputFiles>? inputsNow, out string? detail)
        {
            if (requested.Contains(node.Name))
            {
                detail = "-Rerun names it";
                return NodeReason.RerunRequested;
            }

            var reason = PreviousRunReason(previous, hash, out detail);
            if (reason != NodeReason.None)
            {
                return reason;
            }

            if (inputsNow != null && node.Definition.Inputs.Count > 0)
            {
                detail = InputFiles.Change(previous!.Inputs, inputsNow(node.Definition));
                if (detail != null)
                {
                    return NodeReason.InputsChanged;
                }
            }

            var changedNeed = node.Needs.FirstOrDefault(reruns.Contains);
            if (changedNeed != null)
            {
                detail = $"'{changedNeed}' runs again";
                return NodeReason.UpstreamChanged;
            }

            // A foreach node with an instance named by -Rerun runs (to expand); its other instances are judged one by one.
            var prefix = node.Name + "[";
            if (requested.Any(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                detail = "-Rerun names one of its instances";
                return NodeReason.RerunRequested;
            }

            return NodeReason.None;
        }

        /// <summary>The <c>-Rerun</c> names, checked: planned nodes, or instances (<c>node[key]</c>) of planned foreach nodes.</summary>
        private static ISet<string> RerunSet(ExecutionPlan plan, CheckpointState checkpoint, IReadOnlyCollection<string>? rerun)
        {
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in rerun ?? Array.Empty<string>())
            {
                var name = raw?.Trim() ?? string.Empty;
                bool isInstance = InstanceId.TrySplit(name, out var group, out _);
                var planned = plan[isInstance ? group : name];
                bool known = planned != null && (name.IndexOf('[') < 0 || (isInstance && planned.Definition.ForEach != null));
                if (!known)
                {
                    var candidates = plan.Nodes.Select(n => n.Name).Concat(checkpoint.Nodes.Select(n => n.Name).Where(InstanceId.IsInstance)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    throw new UnknownNodeException(name, plan.WorkflowName, NearestName.Suggestion(name, candidates, "node ids"));
                }

                set.Add(name);
            }

            return set;
        }
    }
}
