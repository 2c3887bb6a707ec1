using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution.Attempts
{
    /// <summary>How all attempts of a node (and its fallback) ended, for the scheduler to record.</summary>
    internal readonly struct AttemptsOutcome
    {
        public AttemptsOutcome(NodeExecution execution, int attempts, NodeReason? reason, NodeAttemptRecord[]? records = null)
        {
            Execution = execution;
            Attempts = attempts;
            Reason = reason;
            Records = records ?? System.Array.Empty<NodeAttemptRecord>();
        }

        /// <summary>Each attempt's times and outcome, the fallback last.</summary>
        public NodeAttemptRecord[] Records { get; }

        /// <summary>The last attempt's execution, or the fallback's when the fallback decided the node.</summary>
        public NodeExecution Execution { get; }

        /// <summary>Attempts started (the fallback not counted).</summary>
        public int Attempts { get; }

        /// <summary>A reason that the execution's outcome alone does not tell: Degraded, RunTimedOut.</summary>
        public NodeReason? Reason { get; }
    }
}
