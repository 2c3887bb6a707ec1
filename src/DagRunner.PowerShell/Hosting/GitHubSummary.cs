using System;
using System.Globalization;
using System.Text;
using DagRunner.Engine.Export;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// A run as the Markdown of a GitHub job summary (the file GITHUB_STEP_SUMMARY names): the outcome, a row per node
    /// (status, reason, attempts, duration), the critical path with efficiency and the bottleneck, and the graph coloured
    /// by status (the Mermaid text Export-DagGraph writes, which GitHub draws).
    /// </summary>
    internal static class GitHubSummary
    {
        public static string Build(DagRunResult result, ExecutionPlan plan)
        {
            var sb = new StringBuilder();
            sb.Append(Invariant($"### {Icon(result.Status)} Workflow '{Cell(result.Name)}' {result.Status} in {RunSummaryText.Seconds(result.Duration)}\n\n"));
            sb.Append("| Node | Status | Reason | Attempts | Duration |\n");
            sb.Append("|---|---|---|--:|--:|\n");
            foreach (var node in result.Nodes)
            {
                // A restored node ran in an earlier session: its duration is not this run's.
                var duration = node.Reason != NodeReason.Resumed && node.Duration.HasValue ? RunSummaryText.Seconds(node.Duration.Value) : string.Empty;
                var reason = node.Reason == NodeReason.None ? string.Empty : node.Reason.ToString();
                var attempts = node.Attempts > 0 ? node.Attempts.ToString(CultureInfo.InvariantCulture) : string.Empty;
                sb.Append($"| {Cell(node.Name)} | {Icon(node.Status)} {node.Status} | {reason} | {attempts} | {duration} |\n");
            }

            sb.Append('\n');
            var path = result.CriticalPath.Length == 0 ? "none" : string.Join(" → ", Array.ConvertAll(result.CriticalPath, Cell));
            sb.Append($"**Critical path:** {path}\n\n");
            var bottleneck = result.Bottleneck == null ? null : result[result.Bottleneck];
            sb.Append(Invariant($"**Efficiency:** {result.Efficiency:P0}"));
            if (bottleneck?.Duration is TimeSpan d)
            {
                sb.Append($" · **Bottleneck:** {Cell(bottleneck.Name)} ({RunSummaryText.Seconds(d)})");
            }

            sb.Append("\n\n```mermaid\n").Append(MermaidGraph.Build(plan, RunStatuses.FromResult(result))).Append("```\n\n");
            return sb.ToString();
        }

        /// <summary>Text inside a table row: a pipe would end the cell and a line break the row.</summary>
        internal static string Cell(string text) => text.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

        private static string Icon(NodeStatus status) => status switch
        {
            NodeStatus.Succeeded => "✅",
            NodeStatus.Failed => "❌",
            NodeStatus.Cancelled => "⏹️",
            _ => "⏭️",
        };

        private static string Icon(DagRunStatus status) => status == DagRunStatus.Succeeded ? "✅" : status == DagRunStatus.Failed ? "❌" : "⏹️";

    }
}
