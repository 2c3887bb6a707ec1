using System;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// What a node's task hands back to the scheduler loop: the node, how its attempts ended (an executor that threw
    /// is a failed attempt), when, and what the launch found out on the way (its inputs, its incremental fingerprint).
    /// </summary>
    internal sealed class NodeCompletion
    {
        public NodeCompletion(SchedulerNode node, AttemptsOutcome outcome, DateTime endTime)
        {
            Node = node;
            Outcome = outcome;
            EndTime = endTime;
        }

        public SchedulerNode Node { get; }

        public AttemptsOutcome Outcome { get; }

        /// <summary>When the node's task ended, in the run clock's local time.</summary>
        public DateTime EndTime { get; }

        /// <summary>A <c>foreach</c> node's items were worked out (the outcome's output is the items), rather than attempts ending.</summary>
        public bool IsExpansion { get; init; }

        /// <summary>An incremental node's hashes taken before it ran; recorded if it succeeds.</summary>
        public Fingerprint? Fingerprint { get; init; }

        /// <summary>What the node's <c>inputs:</c> held when it started; kept in the checkpoint.</summary>
        public InputFiles? Inputs { get; init; }
    }
}
