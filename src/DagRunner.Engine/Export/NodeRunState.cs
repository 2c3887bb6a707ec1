using System;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// What a run result or a checkpoint says about one node, in the one shape the exporters read: a
    /// <see cref="NodeResult"/> and a <see cref="Checkpoints.CheckpointNodeState"/> carry the same facts under
    /// different types, and the graph should not care which one it was given.
    /// </summary>
    internal readonly struct NodeRunState
    {
        public NodeRunState(NodeStatus status, NodeReason reason, int attempts, TimeSpan? duration)
        {
            Status = status;
            Reason = reason;
            Attempts = attempts;
            Duration = duration;
        }

        public NodeStatus Status { get; }

        public NodeReason Reason { get; }

        public int Attempts { get; }

        /// <summary>Null when the node never started (Skipped by its needs, NotRun).</summary>
        public TimeSpan? Duration { get; }

        /// <summary>The colour class the status falls in: a Failed node under <c>continueOnError</c> is not a red one.</summary>
        public StatusClass Class => StatusStyle.ClassOf(Status, Reason);
    }
}
