using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Planning
{
    /// <summary>Resolves <c>-Node a,b</c> to the nodes to plan: those named and everything they need, transitively.</summary>
    internal static class NodeSelection
    {
        /// <summary>
        /// The selected nodes and their transitive needs, in file order; every node when
        /// <paramref name="selectedNodes"/> is null or empty. Names are case-insensitive.
        /// </summary>
        /// <exception cref="UnknownNodeException">A selected name is not a node of the workflow.</exception>
        public static IReadOnlyList<NodeDefinition> Resolve(
            WorkflowDefinition workflow,
            IReadOnlyDictionary<string, NodeDefinition> byId,
            IReadOnlyCollection<string>? selectedNodes)
        {
            if (selectedNodes == null || selectedNodes.Count == 0)
            {
                return workflow.Nodes;
            }

            var included = new HashSet<NodeDefinition>();
            var stack = new Stack<NodeDefinition>();
            foreach (var name in selectedNodes)
            {
                var trimmed = name?.Trim() ?? string.Empty;
                if (!byId.TryGetValue(trimmed, out var node))
                {
                    var ids = workflow.Nodes.Select(n => n.Id).ToList();
                    throw new UnknownNodeException(trimmed, workflow.Name, NearestName.Suggestion(trimmed, ids, "node ids"));
                }

                if (included.Add(node))
                {
                    stack.Push(node);
                }
            }

            // Iterative, so a 10,000-node chain cannot overflow the stack.
            while (stack.Count > 0)
            {
                foreach (var need in stack.Pop().Needs)
                {
                    var upstream = Lookup(byId, need.Id);
                    if (included.Add(upstream))
                    {
                        stack.Push(upstream);
                    }
                }
            }

            return workflow.Nodes.Where(included.Contains).ToList();
        }

        /// <summary>The node a <c>needs</c> entry names; a validated workflow never names an unknown one.</summary>
        public static NodeDefinition Lookup(IReadOnlyDictionary<string, NodeDefinition> byId, string id)
            => byId.TryGetValue(id, out var node)
                ? node
                : throw new InvalidOperationException($"A node needs '{id}', which is not in the workflow. Validate the workflow before planning it.");
    }
}
