using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// The plan as a Mermaid flowchart, the diagram GitHub renders inside Markdown: nodes by dependency level, an
    /// arrow from each need to the node that needs it (dashed when the node's <c>when:</c> is not <c>success</c>),
    /// the critical path drawn thick, and, given a run, every node filled by its status.
    /// </summary>
    internal static class MermaidGraph
    {
        private const string Indent = "    ";

        /// <param name="plan">The nodes and edges to draw.</param>
        /// <param name="statuses">A run result or a checkpoint to colour the nodes by; null for the plan alone.</param>
        /// <param name="direction">Which way the arrows point.</param>
        public static string Build(ExecutionPlan plan, RunStatuses? statuses = null, GraphDirection direction = GraphDirection.Down)
        {
            var model = GraphModel.Build(Guard.NotNull(plan), statuses);
            var ids = MermaidText.Ids(model.Nodes.Select(n => n.Name));
            var sb = new StringBuilder();

            // Front matter carries the title: a flowchart has no title statement of its own.
            sb.Append("---\n");
            sb.Append("title: ").Append(MermaidText.FrontMatterTitle(model.Title)).Append('\n');
            sb.Append("---\n");
            sb.Append("flowchart ").Append(direction == GraphDirection.Right ? "LR" : "TD").Append('\n');

            // Levels as comments, not subgraphs: level boxes made the layout taller and bent every edge around them,
            // and the layout already ranks nodes by their needs.
            foreach (var level in model.Nodes.GroupBy(n => n.Level))
            {
                sb.Append(Indent).Append("%% level ").Append(level.Key).Append('\n');
                foreach (var node in level)
                {
                    var label = string.Join("<br/>", node.Lines.Select(MermaidText.Label));
                    sb.Append(Indent).Append(ids[node.Name]).Append("[\"").Append(label).Append("\"]\n");
                }
            }

            foreach (var edge in model.Edges)
            {
                sb.Append(Indent).Append(ids[edge.From]).Append(edge.Conditional ? " -.-> " : " --> ").Append(ids[edge.To]).Append('\n');
            }

            WriteStatusClasses(sb, model, ids);

            // linkStyle counts edges in the order written; a thick line reads as "this chain decided the run's length".
            var critical = model.Edges.Select((edge, index) => (edge, index))
                .Where(x => x.edge.Critical)
                .Select(x => x.index.ToString(CultureInfo.InvariantCulture))
                .ToList();
            if (critical.Count > 0)
            {
                sb.Append(Indent).Append("linkStyle ").Append(string.Join(",", critical)).Append(" stroke-width:3px\n");
            }

            return sb.ToString();
        }

        /// <summary>A <c>classDef</c> for each status that occurs, then the nodes of each, in a fixed order.</summary>
        private static void WriteStatusClasses(StringBuilder sb, GraphModel model, Dictionary<string, string> ids)
        {
            foreach (var statusClass in StatusStyle.All)
            {
                var members = model.Nodes.Where(n => n.StatusClass == statusClass).Select(n => ids[n.Name]).ToList();
                if (members.Count == 0)
                {
                    continue;
                }

                var name = StatusStyle.Name(statusClass);
                sb.Append(Indent).Append("classDef ").Append(name)
                    .Append(" fill:").Append(StatusStyle.Fill(statusClass))
                    .Append(",stroke:").Append(StatusStyle.Stroke(statusClass))
                    .Append(",color:").Append(StatusStyle.Text(statusClass));
                if (StatusStyle.Dashed(statusClass))
                {
                    sb.Append(",stroke-dasharray:4 3");
                }

                sb.Append('\n');
                sb.Append(Indent).Append("class ").Append(string.Join(",", members)).Append(' ').Append(name).Append('\n');
            }
        }
    }
}
