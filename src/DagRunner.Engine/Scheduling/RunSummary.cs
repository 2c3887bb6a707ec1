using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>Builds the <see cref="DagRunResult"/> once every node has its final status.</summary>
    internal static class RunSummary
    {
        public static DagRunResult Build(SchedulerContext context, IReadOnlyList<SchedulerNode> nodes, bool cancelled, DateTime startTime, DateTime endTime, int peakConcurrency)
        {
            var run = context.Run;
            var parallelism = context.Parallelism;
            var results = nodes.Select(n => n.Result).ToArray();
            var criticalPath = ActualCriticalPath(nodes);
            return new DagRunResult
            {
                Name = run.Workflow.Name,
                RunId = run.RunId,
                Status = StatusOf(results, cancelled),
                StartTime = startTime,
                EndTime = endTime,
                UtcOffset = context.Clock.GetLocalNow().Offset, // a run's clock keeps the offset it started in
                Nodes = NodeList.Of(results),
                CriticalPath = criticalPath,
                Bottleneck = Bottleneck(criticalPath, results),
                Parallelism = parallelism,
                PeakConcurrency = peakConcurrency,
                Efficiency = Efficiency(WorkDone(nodes), endTime - startTime, peakConcurrency), // remote nodes may run beyond the cap
                WorkflowPath = context.Plan.WorkflowPath,
                Mode = context.Mode.ToString(),
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

        /// <summary>
        /// Busy time ÷ (<paramref name="parallelismUsed"/> × <paramref name="makespan"/>), as
        /// <see cref="DagRunResult.Efficiency"/> defines it: at most 1, and 0 when nothing ran or no time passed.
        /// </summary>
        /// <param name="work">The nodes that did work in this session (<see cref="WorkDone"/>).</param>
        public static double Efficiency(IEnumerable<NodeResult> work, TimeSpan makespan, int parallelismUsed)
        {
            double busy = work.Sum(r => r.Duration?.TotalMilliseconds ?? 0);
            double capacity = makespan.TotalMilliseconds * Math.Max(1, parallelismUsed);

            // Each node's span lies inside the run and no more than parallelismUsed overlap, so this is at most 1;
            // the clamp covers a wall clock stepping between two readings.
            return capacity > 0 ? Math.Min(1.0, busy / capacity) : 0;
        }

        /// <summary>
        /// The nodes whose time was this session's work: not a foreach node (its instances are counted), not a node
        /// restored from the checkpoint (it ran in an earlier session), not an up-to-date node (it was not run).
        /// </summary>
        private static IEnumerable<NodeResult> WorkDone(IEnumerable<SchedulerNode> nodes)
            => nodes.Where(n => n.Definition.ForEach == null)
                .Select(n => n.Result)
                .Where(r => r.Reason != NodeReason.Resumed && r.Reason != NodeReason.UpToDate);

        /// <summary>The longest node on the run's actual critical path: the first one to make faster.</summary>
        private static string? Bottleneck(string[] criticalPath, NodeResult[] results)
        {
            var onPath = new HashSet<string>(criticalPath, StringComparer.OrdinalIgnoreCase);
            return results.Where(r => onPath.Contains(r.Name) && r.Duration.HasValue)
                .OrderByDescending(r => r.Duration!.Value)
                .Select(r => r.Name)
                .FirstOrDefault();
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
