using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Definition;
using DagRunner.Planning;
using DagRunner.Results;

namespace DagRunner.Execution
{
    /// <summary>Builds the <see cref="DagRunResult"/> once every node has its final status.</summary>
    internal static class RunSummary
    {
        public static DagRunResult Build(
            RunContext run,
            ExecutionPlan plan,
            IReadOnlyList<SchedulerNode> nodes,
            bool cancelled,
            DateTime startTime,
            DateTime endTime,
            int parallelism,
            int peakConcurrency,
            ExecutionMode mode)
        {
            var results = nodes.Select(n => n.Result).ToArray();
            return new DagRunResult
            {
                Name = run.Workflow.Name,
                RunId = run.RunId,
                Status = StatusOf(results, cancelled),
                StartTime = startTime,
                EndTime = endTime,
                Nodes = results,
                CriticalPath = ActualCriticalPath(nodes),
                Parallelism = parallelism,
                PeakConcurrency = peakConcurrency,
                Efficiency = Efficiency(results, endTime - startTime, peakConcurrency),
                WorkflowPath = plan.WorkflowPath,
                Mode = mode.ToString(),
            };
        }

        /// <summary>
        /// Cancelled if the run was cancelled or a node was stopped (Cancelled); else Failed if a node Failed without
        /// <c>continueOnError</c>; else Succeeded.
        /// </summary>
        public static DagRunStatus StatusOf(IReadOnlyCollection<NodeResult> results, bool cancelled)
            => cancelled || results.Any(r => r.Status == NodeStatus.Cancelled) ? DagRunStatus.Cancelled
                : results.Any(r => r.Status == NodeStatus.Failed && r.Reason != NodeReason.AllowedFailure) ? DagRunStatus.Failed
                : DagRunStatus.Succeeded;

        /// <summary>Busy time ÷ (run duration × peak concurrency); 0 when nothing ran or no time passed.</summary>
        public static double Efficiency(IEnumerable<NodeResult> results, TimeSpan runDuration, int peakConcurrency)
        {
            // Restored nodes ran in an earlier session: their time is not this run's work.
            double busy = results.Where(r => r.Reason != NodeReason.Resumed).Sum(r => r.Duration?.TotalMilliseconds ?? 0);
            double capacity = runDuration.TotalMilliseconds * peakConcurrency;
            return capacity > 0 ? busy / capacity : 0;
        }

        /// <summary>
        /// From the node that ended last, back through the need that ended last each time, in run order.
        /// "Last" is the order the scheduler saw nodes end, which breaks ties between equal timestamps.
        /// </summary>
        private static string[] ActualCriticalPath(IReadOnlyList<SchedulerNode> nodes)
        {
            var path = new List<string>();
            var current = LastFinished(nodes);
            while (current != null)
            {
                path.Add(current.Plan.Name);
                current = LastFinished(current.Needs);
            }

            path.Reverse();
            return path.ToArray();
        }

        private static SchedulerNode? LastFinished(IEnumerable<SchedulerNode> candidates)
        {
            SchedulerNode? last = null;
            foreach (var node in candidates)
            {
                if (node.FinishSequence > 0 && (last == null || node.FinishSequence > last.FinishSequence))
                {
                    last = node;
                }
            }

            return last;
        }
    }
}
