using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// The one place that sets how a node ended: its Status and Reason, and what goes with them (attempts, times,
    /// output, error). Every way a node can end has its method here: it ran, it never started, a resume restored
    /// it, a foreach node ended with its instances; a resumed run adds why a node ran again.
    /// </summary>
    internal static class NodeEnding
    {
        /// <summary>Its attempts (or its incremental check) came back: the outcome of the last attempt or the fallback decides.</summary>
        public static void Ran(NodeResult result, NodeDefinition definition, AttemptsOutcome outcome, DateTime endTime, InputFiles? inputs)
        {
            var execution = outcome.Execution;
            result.Attempts = outcome.Reason == NodeReason.UpToDate ? 0 : Math.Max(1, outcome.Attempts);
            result.EndTime = endTime;
            result.AttemptRecords = outcome.Records;
            result.Inputs = inputs;
            result.Worker = execution.Worker;
            result.Host = execution.Host;
            result.Output = execution.Output as object?[] ?? execution.Output.ToArray();
            result.Error = execution.Error;

            // An allowed failure must say so: the trigger rules and the run status read AllowedFailure.
            var failed = definition.ContinueOnError ? NodeReason.AllowedFailure : NodeReason.None;
            switch (execution.Outcome)
            {
                case NodeOutcome.Succeeded:
                    Set(result, NodeStatus.Succeeded, NodeReason.None);
                    break;
                case NodeOutcome.ConditionFalse:
                    Set(result, NodeStatus.Skipped, NodeReason.ConditionFalse);
                    break;
                case NodeOutcome.Failed:
                    // The executor's own reason (HostUnreachable) says more than a plain failure; AllowedFailure wins.
                    Set(result, NodeStatus.Failed, definition.ContinueOnError ? failed : execution.Reason ?? failed);
                    break;
                case NodeOutcome.TimedOut:
                    Set(result, NodeStatus.Failed, definition.ContinueOnError ? failed : NodeReason.TimedOut);
                    result.Error ??= new TimeoutException(definition.Timeout.HasValue
                        ? $"Node '{definition.Id}' timed out after {DurationText.Format(definition.Timeout.Value)}."
                        : $"Node '{definition.Id}' timed out.");
                    break;
                case NodeOutcome.Cancelled:
                    Set(result, NodeStatus.Cancelled, NodeReason.RunCancelled);
                    break;
                default:
                    Set(result, NodeStatus.Failed, failed);
                    result.Error ??= new InvalidOperationException($"The executor returned an unknown outcome '{execution.Outcome}' for node '{definition.Id}'.");
                    break;
            }

            // Degraded, RunTimedOut, UpToDate tell more than the outcome; an allowed failure keeps saying so.
            if (outcome.Reason.HasValue && result.Reason != NodeReason.AllowedFailure)
            {
                result.Reason = outcome.Reason.Value;
            }
        }

        /// <summary>It never started: the run stopped (NotRun with the stop's cause) or its trigger rule skipped it.</summary>
        public static void NotStarted(NodeResult result, NodeStatus status, NodeReason reason) => Set(result, status, reason);

        /// <summary>
        /// A resume keeps its earlier success: Succeeded, Reason Resumed, the recorded attempts and inputs, the output
        /// restored as new objects. No start or end: it ran in an earlier session, and a result times only its own.
        /// </summary>
        /// <exception cref="InvalidOperationException">The decision is to run the node, not to restore it.</exception>
        public static void Restored(NodeResult result, ResumeDecision decision)
        {
            if (!decision.Restore || decision.Previous == null)
            {
                throw new InvalidOperationException($"Node '{decision.Name}' runs again ({decision.Reason}); only restored nodes have a restored result.");
            }

            Set(result, NodeStatus.Succeeded, NodeReason.Resumed);
            result.Attempts = decision.Previous.Attempts;
            result.Output = decision.Previous.RestoreOutput();
            result.Inputs = decision.Previous.Inputs;
            result.Host = decision.Previous.Host;
        }

        /// <summary>A foreach node whose item list was empty: nothing to do, which is success.</summary>
        public static void EmptyForeach(NodeResult result, DateTime endTime)
        {
            Set(result, NodeStatus.Succeeded, NodeReason.EmptyForeach);
            result.EndTime = endTime;
        }

        /// <summary>
        /// A foreach node ends with its instances: Cancelled if one was stopped, Failed if one failed (an allowed failure
        /// keeps AllowedFailure), NotRun if some never started, else Succeeded. The output is each instance's output (as
        /// <c>$Needs</c> would see it) in item order; the times span the instances that ran in this session, and there
        /// are none when a resume restored every instance. Its inputs are the ones an instance found, else the recorded ones.
        /// </summary>
        public static void FromInstances(NodeResult group, IReadOnlyList<NodeResult> instances, bool continueOnError, InputFiles? recordedInputs)
        {
            group.Output = instances.Select(r => r.NeedsValue).ToArray();
            group.Attempts = instances.Count == 0 ? 0 : instances.Max(r => r.Attempts);
            group.Inputs = instances.Select(i => i.Inputs).FirstOrDefault(i => i != null) ?? recordedInputs;
            SpanInstancesThatRan(group, instances);

            var failed = instances.Where(r => r.Status == NodeStatus.Failed).ToArray();
            var notRun = instances.FirstOrDefault(r => r.Status == NodeStatus.NotRun);
            if (instances.Any(r => r.Status == NodeStatus.Cancelled))
            {
                Set(group, NodeStatus.Cancelled, NodeReason.RunCancelled);
            }
            else if (failed.Length > 0)
            {
                Set(group, NodeStatus.Failed, continueOnError ? NodeReason.AllowedFailure : NodeReason.None);
                group.Error = $"{failed.Length} of {instances.Count} instances failed: " + string.Join("; ", failed.Take(3).Select(r => $"{r.Name}: {r.ErrorMessage}"))
                              + (failed.Length > 3 ? "; ..." : string.Empty);
            }
            else if (notRun != null)
            {
                Set(group, NodeStatus.NotRun, notRun.Reason);
            }
            else
            {
                Set(group, NodeStatus.Succeeded, NodeReason.None);
            }
        }

        /// <summary>A resumed run says why each node that was not restored ran again (changed, failed before, ...).</summary>
        public static void ExplainRerun(NodeResult result, ResumeDecision? decision)
        {
            if (decision != null && result.Reason == NodeReason.None)
            {
                result.Reason = decision.Reason;
            }
        }

        /// <summary>
        /// A restored instance ran in an earlier session, maybe hours ago: spanning it would stretch the node over the
        /// time between the sessions.
        /// </summary>
        private static void SpanInstancesThatRan(NodeResult group, IReadOnlyList<NodeResult> instances)
        {
            var ran = instances.Where(r => r.Reason != NodeReason.Resumed).ToArray();
            if (instances.Count > 0 && ran.Length == 0)
            {
                group.StartTime = null;
                group.EndTime = null;
                return;
            }

            group.StartTime = ran.Where(r => r.StartTime.HasValue).Select(r => r.StartTime).DefaultIfEmpty(group.StartTime).Min();
            group.EndTime = ran.Where(r => r.EndTime.HasValue).Select(r => r.EndTime).DefaultIfEmpty(group.EndTime).Max();
        }

        private static void Set(NodeResult result, NodeStatus status, NodeReason reason)
        {
            result.Status = status;
            result.Reason = reason;
        }
    }
}
