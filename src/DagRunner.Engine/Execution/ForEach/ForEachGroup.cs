using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Execution.ForEach
{
    /// <summary>
    /// A <c>foreach</c> node once its items are known: its instances, how many are still to end, how many run
    /// (under the node's own <c>parallelism:</c>), and the ready ones waiting for a place under that cap.
    /// </summary>
    internal sealed class ForEachGroup
    {
        public ForEachGroup(IReadOnlyList<SchedulerNode> instances, int? cap, IComparer<SchedulerNode> order)
        {
            Instances = instances;
            Pending = instances.Count;
            Cap = cap;
            Held = new BinaryHeap<SchedulerNode>(order);
        }

        public IReadOnlyList<SchedulerNode> Instances { get; }

        /// <summary>Instances that have not ended yet.</summary>
        public int Pending { get; set; }

        /// <summary>Instances running now.</summary>
        public int Running { get; set; }

        /// <summary>The node's <c>parallelism:</c>; null for no cap of its own.</summary>
        public int? Cap { get; }

        /// <summary>Ready instances waiting for a place under <see cref="Cap"/>.</summary>
        public BinaryHeap<SchedulerNode> Held { get; }

        public bool IsFull => Cap.HasValue && Running >= Cap.Value;

        /// <summary>
        /// The node's result from its instances': Cancelled if one was stopped, Failed if one failed (an allowed
        /// failure keeps AllowedFailure), NotRun if some never started, else Succeeded. The output is each instance's
        /// output (as <c>$Needs</c> would see it) in item order; the times span the instances that ran in this session,
        /// and there are none when a resume restored every instance.
        /// </summary>
        public void Summarize(NodeResult group, bool continueOnError)
        {
            var results = Instances.Select(i => i.Result).ToArray();
            group.Output = results.Select(r => r.NeedsValue).ToArray();
            group.Attempts = results.Length == 0 ? 0 : results.Max(r => r.Attempts);
            SpanInstancesThatRan(group, results);

            var failed = results.Where(r => r.Status == NodeStatus.Failed).ToArray();
            var notRun = results.FirstOrDefault(r => r.Status == NodeStatus.NotRun);
            if (results.Any(r => r.Status == NodeStatus.Cancelled))
            {
                Set(group, NodeStatus.Cancelled, NodeReason.RunCancelled);
            }
            else if (failed.Length > 0)
            {
                Set(group, NodeStatus.Failed, continueOnError ? NodeReason.AllowedFailure : NodeReason.None);
                group.Error = $"{failed.Length} of {results.Length} instances failed: " + string.Join("; ", failed.Take(3).Select(r => $"{r.Name}: {r.ErrorMessage}"))
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

        /// <summary>
        /// A restored instance ran in an earlier session, maybe hours ago: spanning it would stretch the node over
        /// the time between the sessions.
        /// </summary>
        private static void SpanInstancesThatRan(NodeResult group, NodeResult[] instances)
        {
            var ran = instances.Where(r => r.Reason != NodeReason.Resumed).ToArray();
            if (instances.Length > 0 && ran.Length == 0)
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
