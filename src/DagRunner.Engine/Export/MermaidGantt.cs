using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A run as a Mermaid gantt chart for Markdown: one section per runspace, one bar for each node it ran (or for
    /// each attempt and the fallback of a node that needed more than one), in the run's local time. Gantt charts
    /// know only four looks, so they are spent on what a reader looks for: a grey (<c>done</c>) bar ended well, a
    /// red (<c>crit</c>) bar failed, a light (<c>active</c>) bar was stopped by Ctrl+C, and a red outline
    /// (<c>done, crit</c>) marks the run's critical path.
    /// </summary>
    internal static class MermaidGantt
    {
        private const string Indent = "    ";
        private const string DateFormat = "yyyy-MM-dd HH:mm:ss.fff";

        /// <summary>A node that took no measurable time still gets a visible sliver of a bar.</summary>
        private static readonly TimeSpan MinimumBar = TimeSpan.FromMilliseconds(1);

        public static string Build(DagRunResult result)
        {
            var timeline = RunTimeline.Build(Guard.NotNull(result));
            var critical = new HashSet<string>(result.CriticalPath, StringComparer.OrdinalIgnoreCase);
            var sb = new StringBuilder();

            sb.Append("gantt\n");
            // Restored nodes have no bar (they ran in an earlier session); the title says how many there are.
            var restored = timeline.Restored.Count > 0 ? $" · {timeline.Restored.Count} restored" : string.Empty;
            sb.Append(Indent).Append("title ").Append(MermaidText.Line($"{result.Name} · {result.Status} · {TimeText.Duration(result.Duration)}{restored}")).Append('\n');
            sb.Append(Indent).Append("dateFormat YYYY-MM-DD HH:mm:ss.SSS\n");

            // Short runs need milliseconds on the axis to tell one tick from the next.
            sb.Append(Indent).Append("axisFormat ").Append(result.Duration < TimeSpan.FromMinutes(1) ? "%H:%M:%S.%L" : "%H:%M:%S").Append('\n');

            // The run happened in the past: a "today" line would only stretch the axis.
            sb.Append(Indent).Append("todayMarker off\n");

            foreach (var track in timeline.Slices.GroupBy(s => (s.Worker, s.Lane))
                .OrderBy(g => g.Key.Worker == 0 ? int.MaxValue : g.Key.Worker).ThenBy(g => g.Key.Lane))
            {
                var (worker, lane) = track.Key;
                var section = (worker == 0 ? "runspace unknown" : $"runspace {worker}") + (lane == 0 ? string.Empty : $" (lane {lane + 1})");
                sb.Append(Indent).Append("section ").Append(section).Append('\n');
                foreach (var slice in track)
                {
                    var end = slice.End - slice.Start < MinimumBar ? slice.Start + MinimumBar : slice.End;
                    sb.Append(Indent).Append(TaskName(slice)).Append(" :");
                    foreach (var tag in Tags(slice, critical.Contains(slice.Node.Name)))
                    {
                        sb.Append(tag).Append(", ");
                    }

                    sb.Append(Time(slice.Start)).Append(", ").Append(Time(end)).Append('\n');
                }
            }

            if (timeline.Restored.Count > 0)
            {
                sb.Append(Indent).Append("%% restored from the checkpoint, ran in an earlier session: ")
                    .Append(string.Join(", ", timeline.Restored.Select(n => n.Name))).Append('\n');
            }

            return sb.ToString();
        }

        /// <summary>
        /// <c>deploy-web2 · Failed</c>, <c>deploy · attempt 2 · TimedOut</c>, <c>deploy · fallback</c>: the bar shows
        /// the time, the name what became of it.
        /// </summary>
        private static string TaskName(RunTimeline.Slice slice)
        {
            var node = slice.Node;
            string text;
            if (slice.Attempt != null)
            {
                text = node.Name + (slice.Attempt.IsFallback ? " · fallback" : $" · attempt {slice.Attempt.Attempt}");
                if (slice.Attempt.Outcome != nameof(NodeStatus.Succeeded))
                {
                    text += " · " + slice.Attempt.Outcome;
                }
            }
            else
            {
                text = node.Name;
                if (node.Status != NodeStatus.Succeeded || node.Reason != NodeReason.None)
                {
                    text += " · " + node.Status + (node.Reason == NodeReason.None ? string.Empty : $" ({node.Reason})");
                }

                if (node.Attempts > 1)
                {
                    text += $" · {node.Attempts} attempts"; // attempts not recorded one by one
                }
            }

            // A colon would end the task's name; names and outcomes have none, but keep it that way.
            return MermaidText.Line(text).Replace(':', ' ');
        }

        private static IEnumerable<string> Tags(RunTimeline.Slice slice, bool onCriticalPath)
        {
            switch (slice.Outcome)
            {
                case nameof(NodeStatus.Succeeded):
                case nameof(NodeStatus.Skipped): // only a false if: runs and is Skipped; it ended as written
                case "ConditionFalse":
                    yield return "done";
                    if (onCriticalPath)
                    {
                        yield return "crit";
                    }

                    break;
                case nameof(NodeStatus.Cancelled):
                    yield return "active";
                    if (onCriticalPath)
                    {
                        yield return "crit";
                    }

                    break;
                default:
                    // Failed, TimedOut: red, on the critical path or not; a failure is what a reader looks for first.
                    yield return "crit";
                    break;
            }
        }

        private static string Time(DateTime time) => time.ToString(DateFormat, CultureInfo.InvariantCulture);
    }
}
