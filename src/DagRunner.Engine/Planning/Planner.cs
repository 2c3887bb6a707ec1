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

            var byId = IndexById(workflow);
            var nodes = NodeSelection.Resolve(workflow, byId, selectedNodes);
            var needs = nodes.ToDictionary(n => n, n => DistinctNeeds(byId, n));
            var levels = ComputeLevels(nodes, needs);

            // Topological order: by level, then file order (a need always sits on a lower level).
            var order = nodes.OrderBy(n => levels[n]).ThenBy(n => n.Index).ToList();

            var dependents = nodes.ToDictionary(n => n, _ => new List<NodeDefinition>());
            foreach (var node in nodes)
            {
                foreach (var need in needs[node])
                {
                    dependents[need].Add(node); // file order, because nodes is in file order
                }
            }

            var estimates = nodes.ToDictionary(n => n, n => Estimate(n, estimate));

            // Upward rank: own estimate plus the heaviest chain after the node; dependents come later in order.
            var remaining = new Dictionary<NodeDefinition, double>(nodes.Count);
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var node = order[i];
                double after = 0;
                foreach (var dependent in dependents[node])
                {
                    after = Math.Max(after, remaining[dependent]);
                }

                remaining[node] = estimates[node] + after;
            }

            var criticalPath = CriticalPath(order, needs, dependents, remaining);
            var onPath = new HashSet<NodeDefinition>(criticalPath);

            var planNodes = order
                .Select(n => new PlanNode(
                    n,
                    levels[n],
                    needs[n].Select(d => d.Id).ToArray(),
                    dependents[n].Select(d => d.Id).ToArray(),
                    estimates[n],
                    remaining[n],
                    onPath.Contains(n)))
                .ToList();

            return new ExecutionPlan(workflow.Name, workflow.SourcePath, planNodes, criticalPath.Select(n => n.Id).ToArray())
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

        /// <summary>Direct needs in the order written, each once, as the node definitions they name.</summary>
        private static List<NodeDefinition> DistinctNeeds(IReadOnlyDictionary<string, NodeDefinition> byId, NodeDefinition node)
        {
            var result = new List<NodeDefinition>(node.Needs.Count);
            foreach (var reference in node.Needs)
            {
                var need = NodeSelection.Lookup(byId, reference.Id);
                if (!result.Contains(need))
                {
                    result.Add(need);
                }
            }

            return result;
        }

        /// <summary>Kahn's algorithm: level 0 for no needs, else one more than the deepest need.</summary>
        private static Dictionary<NodeDefinition, int> ComputeLevels(
            IReadOnlyList<NodeDefinition> nodes, IReadOnlyDictionary<NodeDefinition, List<NodeDefinition>> needs)
        {
            var waiting = nodes.ToDictionary(n => n, n => needs[n].Count);
            var dependents = nodes.ToDictionary(n => n, _ => new List<NodeDefinition>());
            foreach (var node in nodes)
            {
                needs[node].ForEach(need => dependents[need].Add(node));
            }

            var levels = new Dictionary<NodeDefinition, int>(nodes.Count);
            var ready = new Queue<NodeDefinition>(nodes.Where(n => waiting[n] == 0));
            foreach (var root in ready)
            {
                levels[root] = 0;
            }

            while (ready.Count > 0)
            {
                var node = ready.Dequeue();
                foreach (var dependent in dependents[node])
                {
                    levels[dependent] = Math.Max(levels.TryGetValue(dependent, out var l) ? l : 0, levels[node] + 1);
                    if (--waiting[dependent] == 0)
                    {
                        ready.Enqueue(dependent);
                    }
                }
            }

            if (waiting.Values.Any(count => count > 0))
            {
                var inCycle = nodes.Where(n => waiting[n] > 0).Select(n => n.Id);
                throw new InvalidOperationException($"The workflow has a cycle through {string.Join(", ", inCycle)}. Validate the workflow before planning it.");
            }

            return levels;
        }

        /// <summary>
        /// The heaviest chain: from the start node with the largest remaining path, repeatedly to the dependent
        /// with the largest remaining path; ties go to the earlier node in the file.
        /// </summary>
        private static List<NodeDefinition> CriticalPath(
            IReadOnlyList<NodeDefinition> order,
            IReadOnlyDictionary<NodeDefinition, List<NodeDefinition>> needs,
            IReadOnlyDictionary<NodeDefinition, List<NodeDefinition>> dependents,
            IReadOnlyDictionary<NodeDefinition, double> remaining)
        {
            var path = new List<NodeDefinition>();
            var current = Heaviest(order.Where(n => needs[n].Count == 0), remaining);
            while (current != null)
            {
                path.Add(current);
                current = Heaviest(dependents[current], remaining);
            }

            return path;
        }

        private static NodeDefinition? Heaviest(IEnumerable<NodeDefinition> candidates, IReadOnlyDictionary<NodeDefinition, double> remaining)
        {
            NodeDefinition? best = null;
            foreach (var node in candidates)
            {
                if (best == null || remaining[node] > remaining[best] || (remaining[node] == remaining[best] && node.Index < best.Index))
                {
                    best = node;
                }
            }

            return best;
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
