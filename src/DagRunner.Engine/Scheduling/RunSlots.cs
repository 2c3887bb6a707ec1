using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Adaptive;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Where ready nodes may run: the run's cap (fixed, or Adaptive's), a foreach node's own <c>parallelism:</c>, and
    /// the <c>pools:</c>. A node that does not fit its foreach node's cap or its pool waits there, without holding
    /// up the others, and comes back when a place frees. Counts what runs, and the most work that ran at once.
    /// </summary>
    internal sealed class RunSlots
    {
        private readonly int parallelism;
        private readonly NodePools pools;
        private readonly ConcurrencyController? adaptive;
        private int runningWork;

        public RunSlots(SchedulerContext context, IComparer<SchedulerNode> order)
        {
            parallelism = context.Parallelism;
            pools = new NodePools(context.Run.Workflow.Pools, order);
            adaptive = context.Mode == ExecutionMode.Adaptive
                ? new ConcurrencyController(context.ProcessorCount, context.Parallelism, context.CpuMonitor ?? new SystemCpuMonitor())
                : null;
        }

        /// <summary>Nodes holding a place under the cap: working nodes, and foreach nodes working out their items.</summary>
        public int Running { get; private set; }

        /// <summary>The most nodes doing a node's work at once (not foreach nodes working out items): what efficiency counts.</summary>
        public int PeakWork { get; private set; }

        /// <summary>Every place under the run's cap is taken.</summary>
        public bool Full => Running >= (adaptive?.Limit ?? parallelism);

        /// <summary>Adaptive mode: wakes the scheduler now and then to let the cap follow the CPU; null otherwise.</summary>
        public IDisposable? StartSampling(TimeProvider clock, Action wake) => adaptive?.StartSampling(clock, wake);

        public void SampleIfDue(int ready) => adaptive?.SampleIfDue(Running, ready);

        /// <summary>Takes a place for <paramref name="node"/>; false when it waits under its foreach node's cap or in its pool.</summary>
        public bool TryTake(SchedulerNode node)
        {
            if (node.Group?.Instances is { } group && group.IsFull)
            {
                group.Held.Push(node);
                return false;
            }

            bool works = !ForEachExpansion.IsForEachNode(node);
            if (works && !pools.TryEnter(node))
            {
                return false;
            }

            Running++;
            if (works)
            {
                PeakWork = Math.Max(PeakWork, ++runningWork);
                if (node.Group?.Instances is { } instances)
                {
                    instances.Running++;
                }
            }

            return true;
        }

        /// <summary>The node ended: its places go; returns the nodes that waited for them (ready again).</summary>
        public IReadOnlyList<SchedulerNode> Release(SchedulerNode node, bool worked)
        {
            Running--;
            var waiting = new List<SchedulerNode>(2);
            if (worked)
            {
                runningWork--;
                if (ForEachExpansion.ReleasePlace(node) is { } held)
                {
                    waiting.Add(held);
                }

                if (pools.Leave(node) is { } inPool)
                {
                    waiting.Add(inPool);
                }
            }

            return waiting;
        }
    }
}
