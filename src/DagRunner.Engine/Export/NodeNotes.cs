using System.Collections.Generic;
using System.Globalization;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// What a test case's <c>&lt;system-out&gt;</c> says about a node: why it did not run here (restored, up to date,
    /// degraded), its host, each attempt of a retried node, its output, and the lines it wrote when its
    /// <c>-LogDirectory</c> file was given (a result does not keep them).
    /// </summary>
    internal static class NodeNotes
    {
        /// <summary>Said of a node a resume restored instead of running it.</summary>
        public const string Restored = "restored from the checkpoint: not run again in this session";

        /// <summary>Said of an incremental node whose inputs had not changed.</summary>
        public const string UpToDate = "up to date: not run, its output restored from the checkpoint";

        public static string SystemOut(ReportNode node)
        {
            var lines = new List<string>();
            if (node.Reason == NodeReason.Resumed)
            {
                lines.Add(Restored);
            }
            else if (node.Reason == NodeReason.UpToDate)
            {
                lines.Add(UpToDate);
            }
            else if (node.Reason == NodeReason.Degraded)
            {
                lines.Add("degraded: every attempt failed and the fallback succeeded");
            }

            if (node.Host != null)
            {
                lines.Add("host: " + node.Host);
            }

            // One attempt says nothing the status and the failure do not.
            if (node.AttemptRecords.Count > 1)
            {
                foreach (var attempt in node.AttemptRecords)
                {
                    var what = attempt.IsFallback ? "fallback" : "attempt " + attempt.Attempt.ToString(CultureInfo.InvariantCulture);
                    var error = attempt.Error != null ? ": " + attempt.Error : string.Empty;
                    lines.Add($"{what}: {attempt.Outcome} ({JUnitReport.Seconds(attempt.Duration)} s){error}");
                }
            }

            if (node.OutputJson != "[]")
            {
                lines.Add("output: " + node.OutputJson);
            }

            if (!string.IsNullOrEmpty(node.Log))
            {
                lines.Add("log:");
                lines.Add(node.Log!.TrimEnd('\r', '\n'));
            }

            return string.Join("\n", lines);
        }
    }
}
