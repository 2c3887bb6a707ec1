using System.Collections.Generic;
using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>One NodeResults item from a <c>nodeFinished</c> event: ItemSpec = node id; Status, Reason, Attempts, DurationMs, Error, OutputText and the output (<see cref="OutputMetadata"/>).</summary>
    internal static class NodeResultItem
    {
        /// <param name="e">The nodeFinished event.</param>
        /// <param name="node">The node id.</param>
        /// <param name="reason">The reason, <c>None</c> when the event has none.</param>
        /// <param name="error">The error's first line, or null.</param>
        /// <param name="notes">Receives what happened to output properties that were renamed or skipped, and a cut output.</param>
        public static ITaskItem Create(EventLine e, string node, string reason, string? error, List<string> notes)
        {
            var item = new TaskItem(node);
            item.SetMetadata("Status", e.String("status") ?? "Unknown");
            item.SetMetadata("Reason", reason);
            item.SetMetadata("Attempts", (e.Integer("attempts") ?? 0).ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("DurationMs", (e.Integer("durationMs") ?? 0).ToString(CultureInfo.InvariantCulture));
            // Literal: error text may hold %, ; or $ that MSBuild must not unescape or expand.
            ((ITaskItem2)item).SetMetadataValueLiteral("Error", error ?? string.Empty);
            foreach (var note in OutputMetadata.Apply(item, e.String("output"), OutputMetadata.Read(e.Field("outputProperties"))))
            {
                notes.Add($"output {note}");
            }

            if (e.Field("outputTruncated") is bool truncated && truncated)
            {
                notes.Add("output is longer than the event carries: OutputText holds its first characters only (docs/output-json.md)");
            }

            return item;
        }
    }
}
