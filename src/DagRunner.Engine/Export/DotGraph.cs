using System.Collections.Generic;
using System.Linq;
using System.Text;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// The plan as a Graphviz DOT digraph (<c>dot -Tpng</c>, <c>-Tsvg</c>): the nodes of each dependency level on one
    /// rank, an edge from each need to the node that needs it (dashed when the node's <c>when:</c> is not
    /// <c>success</c>), the critical path drawn thick, and, given a run, every node filled by its status.
    /// </summary>
    internal static class DotGraph
    {
        private const string Indent = "    ";

        /// <param name="plan">The nodes and edges to draw.</param>
        /// <param name="statuses">A run result or a checkpoint to colour the nodes by; null for the plan alone.</param>
        /// <param name="direction">Which way the edges point.</param>
        public static string Build(ExecutionPlan plan, RunStatuses? statuses = null, GraphDirection direction = GraphDirection.Down)
        {
            var model = GraphModel.Build(Guard.NotNull(plan), statuses);
            var sb = new StringBuilder();
            sb.Append("digraph ").Append(Quote(plan.WorkflowName)).Append(" {\n");
            sb.Append(Indent).Append("graph [rankdir=").Append(direction == GraphDirection.Right ? "LR" : "TB")
                .Append(", label=").Append(Quote(model.Title)).Append(", labelloc=t, fontname=\"Helvetica\", fontsize=16];\n");
            sb.Append(Indent).Append("node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontname=\"Helvetica\", fontsize=11];\n");
            sb.Append(Indent).Append("edge [color=\"#555555\", arrowsize=0.7];\n");

            foreach (var level in model.Nodes.GroupBy(n => n.Level))
            {
                // rank=same keeps a level on one row, the way Get-DagPlan lists it.
                sb.Append('\n').Append(Indent).Append("// level ").Append(level.Key).Append('\n');
                sb.Append(Indent).Append("{ rank=same;\n");
                foreach (var node in level)
                {
                    sb.Append(Indent).Append(Indent).Append(Quote(node.Name)).Append(" [label=").Append(Quote(string.Join("\n", node.Lines)));
                    AppendStatus(sb, node.StatusClass);
                    sb.Append("];\n");
                }

                sb.Append(Indent).Append("}\n");
            }

            sb.Append('\n');
            foreach (var edge in model.Edges)
            {
                sb.Append(Indent).Append(Quote(edge.From)).Append(" -> ").Append(Quote(edge.To));
                var attributes = new List<string>(2);
                if (edge.Conditional)
                {
                    attributes.Add("style=dashed");
                }

                if (edge.Critical)
                {
                    attributes.Add("penwidth=2.5");
                }

                if (attributes.Count > 0)
                {
                    sb.Append(" [").Append(string.Join(", ", attributes)).Append(']');
                }

                sb.Append(";\n");
            }

            sb.Append("}\n");
            return sb.ToString();
        }

        private static void AppendStatus(StringBuilder sb, StatusClass? statusClass)
        {
            if (statusClass is not StatusClass c)
            {
                return;
            }

            sb.Append(", fillcolor=").Append(Quote(StatusStyle.Fill(c)))
                .Append(", color=").Append(Quote(StatusStyle.Stroke(c)))
                .Append(", fontcolor=").Append(Quote(StatusStyle.Text(c)));
            if (StatusStyle.Dashed(c))
            {
                sb.Append(", style=\"rounded,filled,dashed\"");
            }
        }

        /// <summary>
        /// A DOT double-quoted string. Backslashes are doubled because Graphviz reads <c>\n</c>, <c>\l</c> and <c>\N</c>
        /// in labels as escapes; a line break becomes <c>\n</c>, a centred line.
        /// </summary>
        internal static string Quote(string text)
        {
            var sb = new StringBuilder(text.Length + 2).Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': break;
                    default: sb.Append(c); break;
                }
            }

            return sb.Append('"').ToString();
        }
    }
}
