using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Adaptive;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Where ready nodes may run: the run's cap (fixed, or Adaptive's), a foreach node's own <c>parallelism:</c>,
    /// the <c>pools:</c>, and the hosts' sessions. The run's cap counts the nodes that run on this machine: a node on
    /// a host (outside Sequential mode) counts against the <c>maxSessions</c> of its host or group instead, so a
    /// group's hosts are never idle while its instances wait for this machine's cap. A node that does not fit its
    /// foreach node's cap, its pool or its hosts waits there, without holding up the others, and comes back when a
    /// place frees. Counts what runs, and the most work that ran at once.
    /// </summary>
    internal sealed class RunSlots
    {
        private readonly int parallelism;
        private readonly NodePools pools;
        private readonly NodePools hostSessions;
        private readonly bool hostsOutsideCap;
        private readonly ConcurrencyController? adaptive;
        private int runningWork;
        private int runningHere;

        public RunSlots(SchedulerContext context, IComparer<SchedulerNode> order)
        {
            parallelism = context.Parallelism;
            pools = NodePools.OfPools(context.Run.Workflow, order);
            hostSessions = NodePools.OfHostSessions(context.Run.Workflow, order);
            hostsOutsideCap = context.Mode != ExecutionMode.Sequential; // one node at a time means remote ones too
            adaptive = context.Mode == ExecutionMode.Adaptive
                ? new ConcurrencyController(context.ProcessorCount, context.Parallelism, context.CpuMonitor ?? new SystemCpuMonitor())
                : null;
        }

        /// <summary>Nodes holding a place: working nodes, here or on hosts, and foreach nodes working out their items.</summary>
        public int Running { get; private set; }

        /// <summary>The most nodes doing a node's work at once (not foreach nodes working out items): what efficiency counts.</summary>
        public int PeakWork { get; private set; }

        /// <summary>Every place under the run's cap is taken.</summary>
        public bool Full => runningHere >= (adaptive?.Limit ?? parallelism);

        /// <summary>The node does not count against the run's cap: it does a node's work on a host.</summary>
        public bool OutsideCap(SchedulerNode node)
            => hostsOutsideCap && node.Definition.IsRemote && !ForEachExpansion.IsForEachNode(node);

        /// <summary>Adaptive mode: wakes the scheduler now and then to let the cap follow the CPU; null otherwise.</summary>
        public IDisposable? StartSampling(TimeProvider clock, Action wake) => adaptive?.StartSampling(clock, wake);

        /// <param name="ready">Ready nodes waiting for the run's cap.</param>
        public void SampleIfDue(int ready) => adaptive?.SampleIfDue(runningHere, ready);

        /// <summary>Takes a place for <paramref name="node"/>; false when it waits under its foreach node's cap or in its pool.</summary>
        public bool TryTake(SchedulerNode node)
        {
            if (node.Group?.Instances is { } group && group.IsFull)
            {
                group.Held.Push(node);
                return false;
            }

            bool works = !ForEachExpansion.IsForEachNode(node);
            bool outside = OutsideCap(node);
            if (works && !Fits(node, outside))
            {
                return false;
            }

            Running++;
            runningHere += outside ? 0 : 1;
            if (works)
            {
                pools.Enter(node);
                if (outside)
                {
                    hostSessions.Enter(node);
                }

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
            bool outside = OutsideCap(node);
            runningHere -= outside ? 0 : 1;
            var waiting = new List<SchedulerNode>(3);
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

                if (outside && hostSessions.Leave(node) is { } forHost)
                {
                    waiting.Add(forHost);
                }
            }

            return waiting;
        }

        /// <summary>Whether the node's pool and (on a host) its hosts have room; if not, it waits where there was none.</summary>
        private bool Fits(SchedulerNode node, bool outside)
        {
            if (!pools.HasRoom(node))
            {
                pools.Wait(node);
                return false;
            }

            if (outside && !hostSessions.HasRoom(node))
            {
                hostSessions.Wait(node);
                return false;
            }

            return true;
        }
    }
}
