using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Planning
{
    /// <summary>
    /// Turns a validated workflow into an <see cref="ExecutionPlan"/>: levels, dependents, estimates, upward ranks
    /// and the critical path. Pure: no I/O, no clock; the same input always gives the same plan.
    /// </summary>
    internal static class Planner
    {
        /// <summary>
        /// Plans <paramref name="workflow"/>, or only <paramref name="selectedNodes"/> and everything they need.
        /// </summary>
        /// <param name="workflow">A validated workflow: every need exists and there is no cycle.</param>
        /// <param name="selectedNodes">Node ids (case-insensitive) to plan with their transitive needs; null or empty for all.</param>
        /// <param name="estimate">Estimated duration of a node; finite and not negative. Null for 1.0 per node.</param>
        /// <exception cref="UnknownNodeException">A selected id is not a node of the workflow.</exception>
        public static ExecutionPlan CreatePlan(
            WorkflowDefinition workflow,
            IReadOnlyCollection<string>? selectedNodes = null,
            Func<NodeDefinition, double>? estimate = null,
            string? estimateSource = null)
        {
            Guard.NotNull(workflow);

            // The graph is worked on as positions in file order, with arrays: a run plans every node before its
            // first one starts, and a dictionary and list per node made planning 10,000 nodes allocate 7 MB.
            var byId = IndexById(workflow);
            var nodes = NodeSelection.Resolve(workflow, byId, selectedNodes);
            var needs = DistinctNeeds(nodes, byId);
            var dependents = Dependents(needs);
            var levels = ComputeLevels(nodes, needs, dependents);

            // Topological order: by level, then file order (a need always sits on a lower level).
            var order = OrderByLevel(levels);

            var estimates = new double[nodes.Count];
            for (int i = 0; i < nodes.Count; i++)
            {
                estimates[i] = Estimate(nodes[i], estimate);
            }

            // Upward rank: own estimate plus the heaviest chain after the node; dependents come later in order.
            var remaining = new double[nodes.Count];
            for (int k = order.Length - 1; k >= 0; k--)
            {
                int node = order[k];
                double after = 0;
                foreach (int dependent in dependents[node])
                {
                    after = Math.Max(after, remaining[dependent]);
                }

                remaining[node] = estimates[node] + after;
            }

            var criticalPath = CriticalPath(nodes, order, needs, dependents, remaining);
            var onPath = new bool[nodes.Count];
            foreach (int node in criticalPath)
            {
                onPath[node] = true;
            }

            var planNodes = new List<PlanNode>(nodes.Count);
            foreach (int node in order)
            {
                planNodes.Add(new PlanNode(nodes[node], levels[node], Names(nodes, needs[node]), Names(nodes, dependents[node]), estimates[node], remaining[node], onPath[node]));
            }

            return new ExecutionPlan(workflow.Name, workflow.SourcePath, planNodes, Names(nodes, criticalPath))
            {
                EstimateSource = estimate == null ? "Default" : estimateSource ?? "Custom",
            };
        }

        private static Dictionary<string, NodeDefinition> IndexById(WorkflowDefinition workflow)
        {
            var byId = new Dictionary<string, NodeDefinition>(workflow.Nodes.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var node in workflow.Nodes)
            {
                if (byId.ContainsKey(node.Id))
                {
                    throw new InvalidOperationException($"The workflow has two nodes called '{node.Id}'. Validate the workflow before planning it.");
                }

                byId.Add(node.Id, node);
            }

            return byId;
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
        private static int[][] Dependents(int[][] needs)
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

        /// <summary>
        /// The heaviest chain: from the start node with the largest remaining path, repeatedly to the dependent
        /// with the largest remaining path; ties go to the earlier node in the file.
        /// </summary>
        private static List<int> CriticalPath(IReadOnlyList<NodeDefinition> nodes, int[] order, int[][] needs, int[][] dependents, double[] remaining)
        {
            var path = new List<int>();
            int current = -1;
            foreach (int node in order)
            {
                if (needs[node].Length == 0 && Heavier(node, current))
                {
                    current = node;
                }
            }

            while (current >= 0)
            {
                path.Add(current);
                int next = -1;
                foreach (int dependent in dependents[current])
                {
                    if (Heavier(dependent, next))
                    {
                        next = dependent;
                    }
                }

                current = next;
            }

            return path;

            bool Heavier(int node, int best)
                => best < 0 || remaining[node] > remaining[best] || (remaining[node] == remaining[best] && nodes[node].Index < nodes[best].Index);
        }

        private static string[] Names(IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<int> positions)
        {
            if (positions.Count == 0)
            {
                return Array.Empty<string>();
            }

            var names = new string[positions.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = nodes[positions[i]].Id;
            }

            return names;
        }

        private static double Estimate(NodeDefinition node, Func<NodeDefinition, double>? estimate)
        {
            if (estimate == null)
            {
                return 1.0;
            }

            double value = estimate(node);
            return value >= 0 && !double.IsInfinity(value)
                ? value
                : throw new ArgumentException($"The estimate for node '{node.Id}' is {value}; estimates must be finite and not negative.", nameof(estimate));
        }
    }
}
