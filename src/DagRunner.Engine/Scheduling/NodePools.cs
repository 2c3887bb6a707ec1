using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Named places with a capacity each, during a run: how many nodes hold a place of each, and the ready nodes
    /// waiting for one. The workflow's <c>pools:</c> are one set; the sessions of its hosts (by host, and by
    /// group for <c>on: { any: group }</c>) another. A node waiting here steps aside, so it never holds up ready
    /// nodes that want other places, and holds nothing while it waits.
    /// </summary>
    internal sealed class NodePools
    {
        private readonly Dictionary<string, Pool> pools = new Dictionary<string, Pool>(StringComparer.OrdinalIgnoreCase);
        private readonly Func<NodeDefinition, string?> placeOf;

        /// <param name="capacities">Each place's name and how many nodes may hold it at once.</param>
        /// <param name="placeOf">The place a node needs; null (or a name not in <paramref name="capacities"/>) for none.</param>
        /// <param name="order">Which waiting node goes first when a place frees.</param>
        public NodePools(IEnumerable<KeyValuePair<string, int>> capacities, Func<NodeDefinition, string?> placeOf, IComparer<SchedulerNode> order)
        {
            this.placeOf = placeOf;
            foreach (var pool in capacities)
            {
                pools[pool.Key] = new Pool(pool.Value, order);
            }
        }

        /// <summary>The workflow's <c>pools:</c>.</summary>
        public static NodePools OfPools(WorkflowDefinition workflow, IComparer<SchedulerNode> order)
            => new NodePools(workflow.Pools, node => node.Pool, order);

        /// <summary>
        /// The sessions of the workflow's hosts: a node on one host counts against that host's <c>maxSessions</c>, a
        /// node on any host of a group against the sum of the group's. A host in a group that also serves
        /// <c>on: &lt;host&gt;</c> nodes is counted in both, so a few more attempts than sessions can be handed to the
        /// host placement, which makes them wait for a session there, first come, first served.
        /// </summary>
        public static NodePools OfHostSessions(WorkflowDefinition workflow, IComparer<SchedulerNode> order)
        {
            var capacities = workflow.Hosts.Select(h => new KeyValuePair<string, int>(HostPlace(h.Key), h.Value.MaxSessions))
                .Concat(workflow.HostGroups.Select(g => new KeyValuePair<string, int>(
                    GroupPlace(g.Key), g.Value.Sum(host => workflow.Hosts.TryGetValue(host, out var h) ? h.MaxSessions : 0))));
            return new NodePools(capacities, node => node.OnAny != null ? GroupPlace(node.OnAny) : node.Host is { } host ? HostPlace(host) : null, order);
        }

        /// <summary>Whether the node's place has room (always, when it needs none).</summary>
        public bool HasRoom(SchedulerNode node) => PoolOf(node.Definition) is not { } pool || pool.Running < pool.Capacity;

        /// <summary>The node waits for its place (it had no room).</summary>
        public void Wait(SchedulerNode node) => PoolOf(node.Definition)!.Waiting.Push(node);

        /// <summary>The node takes its place (it had room).</summary>
        public void Enter(SchedulerNode node)
        {
            if (PoolOf(node.Definition) is { } pool)
            {
                pool.Running++;
            }
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

        // Host and group names are separate namespaces in the file; the prefixes keep them apart here.
        private static string HostPlace(string host) => "host:" + host;

        private static string GroupPlace(string group) => "group:" + group;

        private Pool? PoolOf(NodeDefinition node)
            => placeOf(node) is { } name && pools.TryGetValue(name, out var pool) ? pool : null;

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
