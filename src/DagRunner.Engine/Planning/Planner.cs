using System;
using System.Collections.Generic;
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

            var byId = IndexById(workflow);
            var nodes = NodeSelection.Resolve(workflow, byId, selectedNodes);
            var graph = PlanGraph.Of(nodes, byId);
            var (needs, dependents, levels, order) = (graph.Needs, graph.Dependents, graph.Levels, graph.Order);

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
