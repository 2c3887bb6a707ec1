using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>For every planned node, and every foreach instance once known, whether a resumed run restores it or runs it, and why.</summary>
    internal sealed class ResumePlan
    {
        private readonly Dictionary<string, ResumeDecision> byName;
        private readonly ISet<string> rerun;

        internal ResumePlan(CheckpointState checkpoint, IReadOnlyList<ResumeDecision> decisions, ISet<string> rerun)
        {
            Checkpoint = checkpoint;
            Decisions = decisions;
            this.rerun = rerun;
            byName = decisions.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The checkpoint the decisions were made from.</summary>
        public CheckpointState Checkpoint { get; }

        /// <summary>One decision per planned node, in plan order.</summary>
        public IReadOnlyList<ResumeDecision> Decisions { get; }

        public int RestoredCount => Decisions.Count(d => d.Restore);

        public int RerunCount => Decisions.Count(d => !d.Restore);

        /// <summary>The last run succeeded and every planned node is restored: resuming would run nothing.</summary>
        public bool NothingToResume => Checkpoint.Status == DagRunStatus.Succeeded && Decisions.All(d => d.Restore);

        /// <summary>The decision for <paramref name="name"/> (case-insensitive), or null when the node is not planned.</summary>
        public ResumeDecision? this[string name] => byName.TryGetValue(name, out var decision) ? decision : null;

        /// <summary>
        /// The decision for one instance of a foreach node that runs again (its items are only known at run time). The
        /// instance is restored when it succeeded with the same item and definition, unless its node runs again as a
        /// whole (a need ran again, its inputs changed, <c>-Rerun</c> named it) or <c>-Rerun</c> named the instance.
        /// </summary>
        /// <param name="instance">The instance, as the scheduler planned it.</param>
        /// <param name="group">The foreach node's name.</param>
        /// <param name="hash">The instance's definition hash now (script and item).</param>
        public ResumeDecision Instance(PlanNode instance, string group, string hash)
        {
            var previous = Checkpoint.Nodes[instance.Name];
            var groupDecision = this[group];
            if (ResumePlanner.RerunsInstances(groupDecision, rerun))
            {
                return new ResumeDecision(instance, false, groupDecision!.Reason, previous, groupDecision.Detail);
            }

            if (rerun.Contains(instance.Name))
            {
                return new ResumeDecision(instance, false, NodeReason.RerunRequested, previous, "-Rerun names it");
            }

            var reason = ResumePlanner.PreviousRunReason(previous, hash, out var detail);
            return reason == NodeReason.None
                ? new ResumeDecision(instance, true, NodeReason.Resumed, previous)
                : new ResumeDecision(instance, false, reason, previous, detail);
        }

        /// <summary>The instances the checkpoint has of <paramref name="group"/> (<c>group[key]</c>), in checkpoint order.</summary>
        public IEnumerable<CheckpointNodeState> RecordedInstances(string group)
        {
            var prefix = group + "[";
            return Checkpoint.Nodes.Where(n => n.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && n.Name.EndsWith("]", StringComparison.Ordinal));
        }

        public override string ToString() => $"{RestoredCount} restored, {RerunCount} to run";
    }
}
