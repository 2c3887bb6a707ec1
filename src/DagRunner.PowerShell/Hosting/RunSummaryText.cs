using System;
using System.Globalization;
using System.Linq;
using System.Text;
using DagRunner.Engine.Results;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// A run as text: the status line, a row per node (status, reason, attempts, start offset, duration, first error
    /// line), the critical path, efficiency and the bottleneck. The default view of DagRunResult and the log folder's
    /// summary.txt both use it. <see cref="Stopped"/> is the shorter text written to the host after Ctrl+C or SIGTERM.
    /// </summary>
    public static class RunSummaryText
    {
        /// <summary>How many nodes the summary after a stop names one by one; the counts line covers the rest.</summary>
        public const int StoppedNodeLines = 50;

        /// <summary>The whole summary, no line cut or broken (summary.txt, <c>Out-String -Width</c>).</summary>
        public static string Format(DagRunResult result) => Format(result, 0);

        /// <summary>
        /// The summary fitted to <paramref name="width"/> columns (0: no limit). PowerShell's formatter breaks a longer
        /// line at the width wherever it falls, mid-word ('Erro' / 'r'); so a too-long error continues under the Error
        /// column, and the other lines break between words, before the formatter has to.
        /// </summary>
        public static string Format(DagRunResult result, int width)
        {
            var sb = new StringBuilder();
            var cap = result.Parallelism == int.MaxValue ? "unlimited" : result.Parallelism.ToString(CultureInfo.InvariantCulture);
            // Invariant throughout: the view and summary.txt read the same on every machine (no decimal commas).
            TextFit.AppendWrapped(sb, Invariant($"Workflow '{result.Name}' {result.Status} in {Seconds(result.Duration)} (run {result.RunId}, {result.Mode}, parallelism {cap}, peak {result.PeakConcurrency})"), width, 2);
            sb.AppendLine();
            var rows = result.Nodes.Select(node =>
            {
                // A restored node ran in an earlier session: its times are not this run's, so the columns stay empty.
                bool ranHere = node.Reason != NodeReason.Resumed;
                return new[]
                {
                    node.Name,
                    node.Status.ToString(),
                    node.Reason == NodeReason.None ? string.Empty : node.Reason.ToString(),
                    node.Attempts > 0 ? node.Attempts.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    ranHere && node.StartTime.HasValue ? "+" + Seconds(node.StartTime.Value - result.StartTime) : string.Empty,
                    ranHere && node.Duration.HasValue ? Seconds(node.Duration.Value) : string.Empty,
                    node.ErrorMessage ?? string.Empty,
                };
            }).ToList();

            // summary.txt keeps fixed columns; a fitted view sizes each to its content, so more of the width is left for errors.
            var headers = new[] { "Node", "Status", "Reason", "Tries", "Start", "Duration" };
            var fixedWidths = new[] { 0, 9, 17, 5, 9, 9 };
            var widths = headers.Select((h, i) => Math.Max(width > 0 || i == 0 ? h.Length : fixedWidths[i], rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
            int errorColumn = widths.Sum() + (2 * widths.Length);
            bool errorColumnFits = TextFit.ColumnFits(errorColumn, width); // else each error goes under its row
            sb.AppendLine((Row(headers, widths) + (errorColumnFits ? "Error" : string.Empty)).TrimEnd());
            sb.AppendLine((Row(widths.Select(w => new string('-', w)).ToArray(), widths) + (errorColumnFits ? "-----" : string.Empty)).TrimEnd());
            foreach (var cells in rows)
            {
                TextFit.AppendColumn(sb, Row(cells, widths), cells[6], errorColumn, width);
            }

            sb.AppendLine();
            TextFit.AppendWrapped(sb, $"Critical path: {(result.CriticalPath.Length == 0 ? "none" : string.Join(" -> ", result.CriticalPath))}", width, 15);
            var bottleneck = result.Bottleneck == null ? null : result[result.Bottleneck];
            TextFit.AppendWrapped(sb, Invariant($"Efficiency:    {result.Efficiency:P0}") + (bottleneck?.Duration is TimeSpan d ? $"; bottleneck: {bottleneck.Name} ({Seconds(d)})" : string.Empty), width, 15);
            if (HostCounts(result) is { } hosts)
            {
                TextFit.AppendWrapped(sb, "Hosts:         " + hosts, width, 15);
            }

            return sb.ToString();
        }

        /// <summary>How many nodes (foreach instances one by one) ran on each host in this session, by host name; null when none did.</summary>
        internal static string? HostCounts(DagRunResult result)
        {
            var counts = result.Nodes
                .Where(n => n.Host != null && n.Reason != NodeReason.Resumed && n.Attempts > 0)
                .GroupBy(n => n.Host!, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => Invariant($"{g.Key} {g.Count()}"))
                .ToArray();
            return counts.Length == 0 ? null : string.Join(", ", counts) + " (nodes run on each)";
        }

        /// <summary>
        /// After Ctrl+C or SIGTERM: the counts line, then each node's status and reason, one per line. Past
        /// <see cref="StoppedNodeLines"/> nodes, failed and cancelled ones are named first and the rest only counted.
        /// </summary>
        public static string Stopped(DagRunResult result)
        {
            var sb = new StringBuilder();
            var counts = string.Join(", ", result.Nodes.GroupBy(n => n.Status).Select(g => Invariant($"{g.Count()} {g.Key}")));
            sb.Append(Invariant($"Workflow '{result.Name}' {result.Status} after {result.Duration.TotalSeconds:0.0}s: {counts}."));
            var shown = result.Nodes.Count <= StoppedNodeLines
                ? result.Nodes.ToArray()
                : result.Nodes.OrderBy(n => n.Status == NodeStatus.Failed ? 0 : n.Status == NodeStatus.Cancelled ? 1 : 2).Take(StoppedNodeLines).ToArray();
            int width = shown.Length == 0 ? 0 : Math.Min(40, shown.Max(n => n.Name.Length));
            foreach (var node in shown)
            {
                var reason = node.Reason == NodeReason.None ? string.Empty : node.Reason.ToString();
                sb.AppendLine();
                sb.Append($"  {node.Name.PadRight(width)}  {node.Status,-9}  {reason}".TrimEnd());
            }

            if (shown.Length < result.Nodes.Count)
            {
                sb.AppendLine();
                sb.Append(Invariant($"  ... and {result.Nodes.Count - shown.Length} more."));
            }

            return sb.ToString();
        }

        /// <summary>The first columns of a row, each padded to its width and followed by two spaces; Tries, Start and Duration right-aligned.</summary>
        private static string Row(string[] cells, int[] widths)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < widths.Length; i++)
            {
                sb.Append(i >= 3 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i])).Append("  ");
            }

            return sb.ToString();
        }

        internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
    }
}
