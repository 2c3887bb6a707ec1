using System.Collections.Generic;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
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
    }
}
