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
            int nameWidth = Math.Max(4, result.Nodes.Count == 0 ? 4 : result.Nodes.Max(n => n.Name.Length));
            int errorColumn = nameWidth + 2 + 9 + 2 + 17 + 2 + 5 + 2 + 9 + 2 + 9 + 2;
            bool errorColumnFits = TextFit.ColumnFits(errorColumn, width); // else each error goes under its row
            sb.AppendLine($"{"Node".PadRight(nameWidth)}  {"Status",-9}  {"Reason",-17}  {"Tries",5}  {"Start",9}  {"Duration",9}{(errorColumnFits ? "  Error" : string.Empty)}");
            sb.AppendLine($"{new string('-', nameWidth)}  {new string('-', 9)}  {new string('-', 17)}  {new string('-', 5)}  {new string('-', 9)}  {new string('-', 9)}{(errorColumnFits ? "  -----" : string.Empty)}");
            foreach (var node in result.Nodes)
            {
                // A restored node ran in an earlier session: its times are not this run's, so the columns stay empty.
                bool ranHere = node.Reason != NodeReason.Resumed;
                var start = ranHere && node.StartTime.HasValue ? "+" + Seconds(node.StartTime.Value - result.StartTime) : string.Empty;
                var duration = ranHere && node.Duration.HasValue ? Seconds(node.Duration.Value) : string.Empty;
                var reason = node.Reason == NodeReason.None ? string.Empty : node.Reason.ToString();
                var tries = node.Attempts > 0 ? node.Attempts.ToString(CultureInfo.InvariantCulture) : string.Empty;
                var row = $"{node.Name.PadRight(nameWidth)}  {node.Status,-9}  {reason,-17}  {tries,5}  {start,9}  {duration,9}  ";
                TextFit.AppendColumn(sb, row, node.ErrorMessage, errorColumn, width);
            }

            sb.AppendLine();
            TextFit.AppendWrapped(sb, $"Critical path: {(result.CriticalPath.Length == 0 ? "none" : string.Join(" -> ", result.CriticalPath))}", width, 15);
            var bottleneck = result.Bottleneck == null ? null : result[result.Bottleneck];
            TextFit.AppendWrapped(sb, Invariant($"Efficiency:    {result.Efficiency:P0}") + (bottleneck?.Duration is TimeSpan d ? $"; bottleneck: {bottleneck.Name} ({Seconds(d)})" : string.Empty), width, 15);
            return sb.ToString();
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

        private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
    }
}
