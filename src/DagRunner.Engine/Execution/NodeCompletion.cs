using System;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution
{
    /// <summary>What a node task hands back to the scheduler loop: the executor's answer, or what it threw.</summary>
    internal readonly struct NodeCompletion
    {
        public NodeCompletion(SchedulerNode node, AttemptsOutcome? outcome, Exception? exception, DateTime endTime)
        {
            Node = node;
            Attempt = outcome?.Reason == NodeReason.UpToDate ? 0 : Math.Max(1, outcome?.Attempts ?? 1);
            Execution = outcome?.Execution;
            ReasonOverride = outcome?.Reason;
            Records = outcome?.Records ?? Array.Empty<NodeAttemptRecord>();
            Exception = exception;
            EndTime = endTime;
        }

        public SchedulerNode Node { get; }

        /// <summary>Attempts made (the fallback not counted).</summary>
        public int Attempt { get; }

        /// <summary>An incremental node's hashes taken before it ran; recorded if it succeeds.</summary>
        public Incremental.Fingerprint? Fingerprint { get; init; }

        /// <summary>What the node's <c>inputs:</c> held when it started; kept in the checkpoint.</summary>
        public Checkpoints.InputFiles? Inputs { get; init; }

        /// <summary>A <c>foreach</c> node's items were worked out (rather than an attempt ending).</summary>
        public bool IsExpansion { get; init; }

        /// <summary>Each attempt's times and outcome.</summary>
        public NodeAttemptRecord[] Records { get; }

        /// <summary>Degraded or RunTimedOut: what the outcome alone does not say.</summary>
        public NodeReason? ReasonOverride { get; }

        /// <summary>The executor's answer; null when it threw.</summary>
        public NodeExecution? Execution { get; }

        /// <summary>What the executor threw instead of answering; the node Failed with it as its error.</summary>
        public Exception? Exception { get; }

        /// <summary>When the executor returned, in the run clock's local time.</summary>
        public DateTime EndTime { get; }

        /// <summary>Writes the outcome into the node's result: status, reason, attempts, end time, output, error, worker.</summary>
        public void ApplyTo(NodeResult result, NodeDefinition definition)
        {
            result.Attempts = Attempt;
            result.EndTime = EndTime;
            result.Inputs = Inputs;
            result.AttemptRecords = Records;
            var failureReason = definition.ContinueOnError ? NodeReason.AllowedFailure : NodeReason.None;

            if (Execution == null)
            {
                Set(result, NodeStatus.Failed, failureReason);
                result.Error = Exception ?? new InvalidOperationException($"The executor returned no result for node '{definition.Id}'.");
                return;
            }

            result.Worker = Execution.Worker;
            result.Output = Execution.Output as object?[] ?? Execution.Output.ToArray();
            result.Error = Execution.Error;
            switch (Execution.Outcome)
            {
                case NodeOutcome.Succeeded:
                    Set(result, NodeStatus.Succeeded, NodeReason.None);
                    break;
                case NodeOutcome.ConditionFalse:
                    Set(result, NodeStatus.Skipped, NodeReason.ConditionFalse);
                    break;
                case NodeOutcome.Failed:
                    // The executor's own reason (HostUnreachable) says more than a plain failure; AllowedFailure wins.
                    Set(result, NodeStatus.Failed, definition.ContinueOnError ? failureReason : Execution.Reason ?? failureReason);
                    break;
                case NodeOutcome.TimedOut:
                    // An allowed failure must say so: the trigger rules and the run status read AllowedFailure.
                    Set(result, NodeStatus.Failed, definition.ContinueOnError ? NodeReason.AllowedFailure : NodeReason.TimedOut);
                    result.Error ??= new TimeoutException(definition.Timeout.HasValue
                        ? $"Node '{definition.Id}' timed out after {DurationText.Format(definition.Timeout.Value)}."
                        : $"Node '{definition.Id}' timed out.");
                    break;
                case NodeOutcome.Cancelled:
                    Set(result, NodeStatus.Cancelled, NodeReason.RunCancelled);
                    break;
                default:
                    Set(result, NodeStatus.Failed, failureReason);
                    result.Error ??= new InvalidOperationException($"The executor returned an unknown outcome '{Execution.Outcome}' for node '{definition.Id}'.");
                    break;
            }

            // An allowed failure keeps saying so; otherwise Degraded or RunTimedOut tell more than the outcome.
            if (ReasonOverride.HasValue && result.Reason != NodeReason.AllowedFailure)
            {
                result.Reason = ReasonOverride.Value;
            }
        }

        private static void Set(NodeResult result, NodeStatus status, NodeReason reason)
        {
            result.Status = status;
            result.Reason = reason;
        }
    }
}
