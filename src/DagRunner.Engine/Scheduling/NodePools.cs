using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// The workflow's <c>pools:</c> during a run: how many nodes of each pool run, and the ready nodes waiting for
    /// a place. A node waiting for its pool steps aside, so it never holds up ready nodes of other pools.
    /// </summary>
    internal sealed class NodePools
    {
        private readonly Dictionary<string, Pool> pools = new Dictionary<string, Pool>(StringComparer.OrdinalIgnoreCase);

        public NodePools(IReadOnlyDictionary<string, int> capacities, IComparer<SchedulerNode> order)
        {
            foreach (var pool in capacities)
            {
                pools[pool.Key] = new Pool(pool.Value, order);
            }
        }

        /// <summary>Takes a place in the node's pool; false (and the node waits in the pool) when the pool is full.</summary>
        public bool TryEnter(SchedulerNode node)
        {
            var pool = PoolOf(node.Definition);
            if (pool == null)
            {
                return true;
            }

            if (pool.Running >= pool.Capacity)
            {
                pool.Waiting.Push(node);
                return false;
            }

            pool.Running++;
            return true;
        }

        /// <summary>Gives the node's place back; returns the best node that waited for it, if any.</summary>
        public SchedulerNode? Leave(SchedulerNode node)
        {
            var pool = PoolOf(node.Definition);
            if (pool == null)
            {
                return null;
            }

            pool.Running--;
            return pool.Waiting.Count > 0 ? pool.Waiting.Pop() : null;
        }

        private Pool? PoolOf(NodeDefinition node)
            => node.Pool != null && pools.TryGetValue(node.Pool, out var pool) ? pool : null;

        private sealed class Pool
        {
            public Pool(int capacity, IComparer<SchedulerNode> order)
            {
                Capacity = capacity;
                Waiting = new BinaryHeap<SchedulerNode>(order);
            }

            public int Capacity { get; }

            public int Running { get; set; }

            public BinaryHeap<SchedulerNode> Waiting { get; }
        }
    }
}
