using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// What a picture of the graph shows, whatever its format: each node's label lines and colour class, and each
    /// edge with whether it is conditional or on the critical path. Mermaid and DOT only differ in how they write it.
    /// </summary>
    internal sealed class GraphModel
    {
        /// <summary>An <c>if:</c> longer than this is cut: a label is a reminder, not the script.</summary>
        internal const int MaxConditionLength = 40;

        private GraphModel(string title, IReadOnlyList<Node> nodes, IReadOnlyList<Edge> edges, int levelCount)
        {
            Title = title;
            Nodes = nodes;
            Edges = edges;
            LevelCount = levelCount;
        }

        public string Title { get; }

        /// <summary>In plan order: by level, then file order.</summary>
        public IReadOnlyList<Node> Nodes { get; }

        /// <summary>From each node to its dependents, nodes in plan order and dependents in file order.</summary>
        public IReadOnlyList<Edge> Edges { get; }

        public int LevelCount { get; }

        public static GraphModel Build(ExecutionPlan plan, RunStatuses? statuses)
        {
            var nodes = plan.Nodes.Select(n => NodeOf(n, statuses)).ToList();

            // The run's own critical path when there is a run result; otherwise the plan's estimated one.
            var path = statuses?.CriticalPath ?? plan.CriticalPath;
            var critical = new HashSet<(string, string)>();
            for (int i = 1; i < path.Count; i++)
            {
                critical.Add((path[i - 1].ToUpperInvariant(), path[i].ToUpperInvariant()));
            }

            var edges = new List<Edge>();
            foreach (var node in plan.Nodes)
            {
                foreach (var dependent in node.Dependents)
                {
                    var target = plan[dependent]!;
                    edges.Add(new Edge(
                        node.Name,
                        target.Name,
                        conditional: target.When != TriggerRule.Success,
                        critical: critical.Contains((node.Name.ToUpperInvariant(), target.Name.ToUpperInvariant()))));
                }
            }

            var title = statuses == null ? plan.WorkflowName : $"{plan.WorkflowName} · {statuses.Title}";
            return new GraphModel(title, nodes, edges, plan.LevelCount);
        }

        private static Node NodeOf(PlanNode node, RunStatuses? statuses)
        {
            var lines = new List<string> { node.Name };
            var condition = ConditionLine(node.Definition);
            if (condition != null)
            {
                lines.Add(condition);
            }

            var forEach = ForEachLine(node, statuses);
            if (forEach != null)
            {
                lines.Add(forEach);
            }

            StatusClass? statusClass = null;
            if (statuses != null)
            {
                if (statuses.TryGet(node.Name, out var state))
                {
                    statusClass = state.Class;
                    lines.Add(StatusLine(state));
                }
                else
                {
                    lines.Add("not in this run");
                }
            }

            return new Node(node.Name, node.Level, lines, statusClass);
        }

        /// <summary>A foreach node as a group: <c>foreach × 3</c>, with the count the run had, else the list's, else unknown.</summary>
        private static string? ForEachLine(PlanNode node, RunStatuses? statuses)
        {
            if (node.Definition.ForEach == null)
            {
                return null;
            }

            int ran = statuses?.InstancesOf(node.Name) ?? 0;
            int? count = ran > 0 ? ran : node.ForEachCount;
            return count.HasValue ? $"foreach × {count}" : "foreach × (items at run time)";
        }

        /// <summary><c>when: failure · if: $x -gt 1</c>: the two settings that decide whether a node runs at all.</summary>
        private static string? ConditionLine(NodeDefinition definition)
        {
            var parts = new List<string>(2);
            if (definition.When != TriggerRule.Success)
            {
                var when = definition.When.ToString();
                parts.Add("when: " + char.ToLowerInvariant(when[0]) + when.Substring(1));
            }

            if (definition.Condition != null)
            {
                // One line, whitespace collapsed: a multi-line if: would otherwise break the label apart.
                var text = string.Join(" ", definition.Condition.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                parts.Add("if: " + (text.Length > MaxConditionLength ? text.Substring(0, MaxConditionLength - 1) + "…" : text));
            }

            return parts.Count == 0 ? null : string.Join(" · ", parts);
        }

        /// <summary><c>Failed (TimedOut) · 3 attempts · 1.25 s</c>, or <c>Succeeded · restored</c>.</summary>
        internal static string StatusLine(NodeRunState state)
        {
            if (state.Reason == Results.NodeReason.Resumed)
            {
                // It ran in an earlier session: no time of this run to show, and "restored" says why.
                return state.Status + " · restored";
            }

            var text = state.Status.ToString();
            if (state.Reason != Results.NodeReason.None)
            {
                text += $" ({state.Reason})";
            }

            if (state.Attempts > 1)
            {
                text += $" · {state.Attempts} attempts";
            }

            if (state.Duration.HasValue)
            {
                text += " · " + TimeText.Duration(state.Duration.Value);
            }

            return text;
        }

        internal sealed class Node
        {
            public Node(string name, int level, IReadOnlyList<string> lines, StatusClass? statusClass)
            {
                Name = name;
                Level = level;
                Lines = lines;
                StatusClass = statusClass;
            }

            public string Name { get; }

            public int Level { get; }

            /// <summary>The label, one entry per line; the first is the node's name.</summary>
            public IReadOnlyList<string> Lines { get; }

            /// <summary>Null when no run was given, or the run does not know the node.</summary>
            public StatusClass? StatusClass { get; }
        }

        internal readonly struct Edge
        {
            public Edge(string from, string to, bool conditional, bool critical)
            {
                From = from;
                To = to;
                Conditional = conditional;
                Critical = critical;
            }

            /// <summary>The need.</summary>
            public string From { get; }

            /// <summary>The node that needs it.</summary>
            public string To { get; }

            /// <summary>The dependent's <c>when:</c> is not <c>success</c>: the edge does not simply mean "after it succeeded".</summary>
            public bool Conditional { get; }

            public bool Critical { get; }
        }
    }
}
