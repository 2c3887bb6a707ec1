using System;
using System.Linq;
using System.Text;
using DagRunner.Results;

namespace DagRunner.Commands.Hosting
{
    /// <summary>
    /// A run as text: the status line, a row per node (status, reason, attempts, start offset, duration, first error
    /// line), the critical path, efficiency and the bottleneck. The default view of DagRunResult and the log folder's
    /// summary.txt both use it.
    /// </summary>
    public static class RunSummaryText
    {
        public static string Format(DagRunResult result)
        {
            var sb = new StringBuilder();
            var cap = result.Parallelism == int.MaxValue ? "unlimited" : result.Parallelism.ToString();
            sb.AppendLine($"Workflow '{result.Name}' {result.Status} in {Seconds(result.Duration)} (run {result.RunId}, {result.Mode}, parallelism {cap}, peak {result.PeakConcurrency})");
            sb.AppendLine();
            int width = Math.Max(4, result.Nodes.Count == 0 ? 4 : result.Nodes.Max(n => n.Name.Length));
            sb.AppendLine($"{"Node".PadRight(width)}  {"Status",-9}  {"Reason",-17}  {"Tries",5}  {"Start",9}  {"Duration",9}  Error");
            sb.AppendLine($"{new string('-', width)}  {new string('-', 9)}  {new string('-', 17)}  {new string('-', 5)}  {new string('-', 9)}  {new string('-', 9)}  -----");
            foreach (var node in result.Nodes)
            {
                // A restored node ran in an earlier session: its times are not this run's, so the columns stay empty.
                bool ranHere = node.Reason != NodeReason.Resumed;
                var start = ranHere && node.StartTime.HasValue ? "+" + Seconds(node.StartTime.Value - result.StartTime) : string.Empty;
                var duration = ranHere && node.Duration.HasValue ? Seconds(node.Duration.Value) : string.Empty;
                var reason = node.Reason == NodeReason.None ? string.Empty : node.Reason.ToString();
                var tries = node.Attempts > 0 ? node.Attempts.ToString() : string.Empty;
                sb.AppendLine($"{node.Name.PadRight(width)}  {node.Status,-9}  {reason,-17}  {tries,5}  {start,9}  {duration,9}  {node.ErrorMessage}".TrimEnd());
            }

            sb.AppendLine();
            sb.AppendLine($"Critical path: {(result.CriticalPath.Length == 0 ? "none" : string.Join(" -> ", result.CriticalPath))}");
            var bottleneck = result.Bottleneck == null ? null : result[result.Bottleneck];
            sb.AppendLine($"Efficiency:    {result.Efficiency:P0}" + (bottleneck?.Duration is TimeSpan d ? $"; bottleneck: {bottleneck.Name} ({Seconds(d)})" : string.Empty));
            return sb.ToString();
        }

        private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.000}s";
    }
}
