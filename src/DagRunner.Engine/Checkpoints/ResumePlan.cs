using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Checkpoints
{
    /// <summary>For every planned node, whether a resumed run restores it or runs it, and why.</summary>
    public sealed class ResumePlan
    {
        private readonly Dictionary<string, ResumeDecision> byName;

        internal ResumePlan(CheckpointState checkpoint, IReadOnlyList<ResumeDecision> decisions)
        {
            Checkpoint = checkpoint;
            Decisions = decisions;
            byName = decisions.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The checkpoint the decisions were made from.</summary>
        public CheckpointState Checkpoint { get; }

        /// <summary>One decision per planned node, in plan order.</summary>
        public IReadOnlyList<ResumeDecision> Decisions { get; }

        public int RestoredCount => Decisions.Count(d => d.Restore);

        public int RerunCount => Decisions.Count(d => !d.Restore);

        /// <summary>The last run succeeded and every planned node is restored: resuming would run nothing.</summary>
        public bool NothingToResume => Checkpoint.Status == Results.DagRunStatus.Succeeded && Decisions.All(d => d.Restore);

        /// <summary>The decision for <paramref name="name"/> (case-insensitive), or null when the node is not planned.</summary>
        public ResumeDecision? this[string name] => byName.TryGetValue(name, out var decision) ? decision : null;

        /// <summary>Throws when <see cref="NothingToResume"/>, with a message that says to start a new run instead.</summary>
        /// <exception cref="CheckpointException">Kind <see cref="CheckpointErrorKind.NothingToResume"/>.</exception>
        public void EnsureSomethingToResume()
        {
            if (NothingToResume)
            {
                throw CheckpointException.NothingToResume(Checkpoint.Path, Checkpoint.WorkflowName, Checkpoint.RunId);
            }
        }

        public override string ToString() => $"{RestoredCount} restored, {RerunCount} to run";
    }
}
