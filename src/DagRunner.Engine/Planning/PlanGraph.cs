using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Planning
{
    /// <summary>
    /// The planned nodes' graph as positions in file order: each node's needs and dependents, its level, and a
    /// topological order. Arrays, not a dictionary and a list per node: a run plans every node before its first one
    /// starts, and planning 10,000 nodes that way allocated 7 MB.
    /// </summary>
    internal sealed class PlanGraph
    {
        private PlanGraph(int[][] needs, int[][] dependents, int[] levels, int[] order)
        {
            Needs = needs;
            Dependents = dependents;
            Levels = levels;
            Order = order;
        }

        /// <summary>Each node's direct needs in the order written, each once.</summary>
        public int[][] Needs { get; }

        /// <summary>Each node's direct dependents, in file order.</summary>
        public int[][] Dependents { get; }

        /// <summary>0 for a node that needs nothing, else one more than its deepest need.</summary>
        public int[] Levels { get; }

        /// <summary>Positions by level, then file order: every need comes before the nodes that need it.</summary>
        public int[] Order { get; }

        /// <summary>The graph of <paramref name="nodes"/> (in file order, closed under needs), whose needs <paramref name="byId"/> resolves.</summary>
        /// <exception cref="InvalidOperationException">The nodes hold a cycle (validation reports it first).</exception>
        public static PlanGraph Of(IReadOnlyList<NodeDefinition> nodes, IReadOnlyDictionary<string, NodeDefinition> byId)
        {
            var needs = DistinctNeeds(nodes, byId);
            var dependents = DependentsOf(needs);
            var levels = ComputeLevels(nodes, needs, dependents);
            return new PlanGraph(needs, dependents, levels, OrderByLevel(levels));
        }

        /// <summary>Each planned node's direct needs in the order written, each once, as positions in <paramref name="nodes"/>.</summary>
        private static int[][] DistinctNeeds(IReadOnlyList<NodeDefinition> nodes, IReadOnlyDictionary<string, NodeDefinition> byId)
        {
            var position = new Dictionary<NodeDefinition, int>(nodes.Count);
            for (int i = 0; i < nodes.Count; i++)
            {
                position.Add(nodes[i], i);
            }

            var needs = new int[nodes.Count][];
            for (int i = 0; i < nodes.Count; i++)
            {
                var written = nodes[i].Needs;
                if (written.Count == 0)
                {
                    needs[i] = Array.Empty<int>();
                    continue;
                }

                var distinct = new List<int>(written.Count);
                foreach (var reference in written)
                {
                    // Every need of a planned node is planned: the selection takes needs transitively.
                    int need = position[NodeSelection.Lookup(byId, reference.Id)];
                    if (!distinct.Contains(need))
                    {
                        distinct.Add(need);
                    }
                }

                needs[i] = distinct.ToArray();
            }

            return needs;
        }

        /// <summary>For each node, the nodes that need it directly, in file order.</summary>
        private static int[][] DependentsOf(int[][] needs)
        {
            var counts = new int[needs.Length];
            foreach (var ofNode in needs)
            {
                foreach (int need in ofNode)
                {
                    counts[need]++;
                }
            }

            var dependents = new int[needs.Length][];
            for (int i = 0; i < needs.Length; i++)
            {
                dependents[i] = counts[i] == 0 ? Array.Empty<int>() : new int[counts[i]];
                counts[i] = 0;
            }

            for (int node = 0; node < needs.Length; node++)
            {
                foreach (int need in needs[node])
                {
                    dependents[need][counts[need]++] = node; // file order, because positions are
                }
            }

            return dependents;
        }

        /// <summary>Kahn's algorithm: level 0 for no needs, else one more than the deepest need.</summary>
        private static int[] ComputeLevels(IReadOnlyList<NodeDefinition> nodes, int[][] needs, int[][] dependents)
        {
            var waiting = new int[needs.Length];
            var levels = new int[needs.Length];
            var ready = new Queue<int>();
            for (int i = 0; i < needs.Length; i++)
            {
                waiting[i] = needs[i].Length;
                if (waiting[i] == 0)
                {
                    ready.Enqueue(i);
                }
            }

            while (ready.Count > 0)
            {
                int node = ready.Dequeue();
                foreach (int dependent in dependents[node])
                {
                    levels[dependent] = Math.Max(levels[dependent], levels[node] + 1);
                    if (--waiting[dependent] == 0)
                    {
                        ready.Enqueue(dependent);
                    }
                }
            }

            if (waiting.Any(count => count > 0))
            {
                var inCycle = Enumerable.Range(0, needs.Length).Where(i => waiting[i] > 0).Select(i => nodes[i].Id);
                throw new InvalidOperationException($"The workflow has a cycle through {string.Join(", ", inCycle)}. Validate the workflow before planning it.");
            }

            return levels;
        }

        /// <summary>Positions by level, then file order: a counting sort, stable in file order.</summary>
        private static int[] OrderByLevel(int[] levels)
        {
            int top = levels.Length == 0 ? 0 : levels.Max();
            var starts = new int[top + 2];
            foreach (int level in levels)
            {
                starts[level + 1]++;
            }

            for (int level = 1; level < starts.Length; level++)
            {
                starts[level] += starts[level - 1];
            }

            var order = new int[levels.Length];
            for (int i = 0; i < levels.Length; i++)
            {
                order[starts[levels[i]]++] = i;
            }

            return order;
        }
    }
}
