using System;
using System.IO;
using System.Text;
using System.Text.Json;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A run as one stable JSON document for scripts and dashboards: statuses and reasons as their names, times as
    /// ISO 8601 with the offset, durations as seconds, output in the checkpoint's JSON format. Every key is always
    /// written (null when it has no value), so a consumer never tests for a missing key.
    /// </summary>
    /// <remarks>The shape is documented in docs/output.md; <see cref="FormatVersion"/> changes only when a key changes meaning or goes.</remarks>
    internal static class ResultJson
    {
        /// <summary>The document's <c>formatVersion</c>. <value>1.</value></summary>
        public const int FormatVersion = 1;

        public static string Build(ResultReport report)
        {
            Guard.NotNull(report);
            var options = new JsonWriterOptions { Encoder = OutputJson.WriterOptions.Encoder, Indented = true };
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, options))
            {
                json.WriteStartObject();
                json.WriteNumber("formatVersion", FormatVersion);
                json.WriteString("workflow", report.Workflow);
                json.WriteString("workflowPath", report.WorkflowPath);
                json.WriteString("runId", report.RunId);
                json.WriteString("source", report.IsFromCheckpoint ? "checkpoint" : "result");
                json.WriteString("status", report.Status.ToString());
                json.WriteString("startTime", TimeText.WithOffset(report.StartTime, report.Offset));
                WriteTime(json, "endTime", report.EndTime, report.Offset);
                json.WriteNumber("durationSeconds", Seconds(report.Duration));
                json.WriteStartArray("nodes");
                foreach (var node in report.Nodes)
                {
                    WriteNode(json, node, report.Offset);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static void WriteNode(Utf8JsonWriter json, ReportNode node, TimeSpan offset)
        {
            json.WriteStartObject();
            json.WriteString("id", node.Name);
            json.WriteString("status", node.Status.ToString());
            json.WriteString("reason", node.Reason.ToString());
            json.WriteBoolean("restored", node.IsRestored);
            json.WriteNumber("attempts", node.Attempts);
            if (node.Duration is { } duration)
            {
                json.WriteNumber("durationSeconds", Seconds(duration));
            }
            else
            {
                json.WriteNull("durationSeconds");
            }

            WriteTime(json, "startTime", node.StartTime, offset);
            WriteTime(json, "endTime", node.EndTime, offset);
            json.WriteString("host", node.Host);
            WriteError(json, node);
            json.WritePropertyName("output");
            json.WriteRawValue(node.OutputJson, skipInputValidation: false);
            json.WriteString("log", node.Log);
            json.WriteEndObject();
        }

        private static void WriteError(Utf8JsonWriter json, ReportNode node)
        {
            if (node.ErrorMessage == null)
            {
                json.WriteNull("error");
                return;
            }

            json.WriteStartObject("error");
            json.WriteString("message", node.ErrorMessage);
            var at = node.ErrorPosition;
            json.WriteString("file", at?.File);
            WriteNumberOrNull(json, "line", at?.Line);
            WriteNumberOrNull(json, "column", at is { Column: > 0 } ? at.Value.Column : (int?)null);
            json.WriteEndObject();
        }

        private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
        {
            if (value.HasValue)
            {
                json.WriteNumber(name, value.Value);
            }
            else
            {
                json.WriteNull(name);
            }
        }

        /// <summary>ISO 8601 with the run's offset (<see cref="TimeText.WithOffset"/>): a local time says where it was, and any parser reads it back exactly.</summary>
        private static void WriteTime(Utf8JsonWriter json, string name, DateTime? time, TimeSpan offset)
        {
            if (time.HasValue)
            {
                json.WriteString(name, TimeText.WithOffset(time.Value, offset));
            }
            else
            {
                json.WriteNull(name);
            }
        }

        private static double Seconds(TimeSpan duration) => Math.Round(Math.Max(0, duration.TotalSeconds), 3);
    }
}
