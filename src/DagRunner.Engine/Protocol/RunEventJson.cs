using System;
using System.Collections.Generic;
using System.Text.Json;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Protocol
{
    /// <summary>
    /// One JSON object per line for each run event: what <c>-OutputMode Json</c> writes and the MSBuild task reads.
    /// Field names are a protocol: add fields, never rename or remove them (docs/output-json.md).
    /// </summary>
    internal static class RunEventJson
    {
        public static string RunStarted(string workflow, string runId, string path, int nodes, int parallelism, int processId)
            => Write(w =>
            {
                w.WriteString("event", "runStarted");
                w.WriteString("workflow", workflow);
                w.WriteString("runId", runId);
                w.WriteString("path", path);
                w.WriteNumber("nodes", nodes);
                w.WriteNumber("parallelism", parallelism);
                w.WriteNumber("pid", processId);
            });

        public static string NodeStarted(string node, int attempt, NodeDefinition? definition = null)
            => Write(w =>
            {
                w.WriteString("event", "nodeStarted");
                w.WriteString("node", node);
                w.WriteNumber("attempt", attempt);
                if (definition != null && definition.Location.HasPosition)
                {
                    w.WriteString("file", definition.Location.File);
                    w.WriteNumber("line", definition.Location.Line);
                    w.WriteNumber("column", definition.Location.Column);
                }
            });

        /// <param name="stream">output, host, information, warning, verbose, debug or error.</param>
        /// <param name="host">The <c>hosts:</c> entry a remote node's line came from; left out for a local node.</param>
        public static string Log(string node, string stream, string text, string? host = null)
            => Write(w =>
            {
                w.WriteString("event", "log");
                w.WriteString("node", node);
                w.WriteString("stream", stream);
                w.WriteString("text", text);
                if (host != null)
                {
                    w.WriteString("host", host);
                }
            });

        public static string Retrying(NodeRetryingEvent retrying)
            => Write(w =>
            {
                w.WriteString("event", "retrying");
                w.WriteString("node", retrying.Node);
                w.WriteNumber("attempt", retrying.FailedAttempt);
                w.WriteNumber("maxAttempts", retrying.MaxAttempts);
                w.WriteNumber("delayMs", (long)retrying.Delay.TotalMilliseconds);
                w.WriteString("error", ErrorText.FirstLine(retrying.Error));
            });

        public static string NodeFinished(NodeResult result, NodeDefinition? node)
            => Write(w =>
            {
                w.WriteString("event", "nodeFinished");
                w.WriteString("node", result.Name);
                w.WriteString("status", result.Status.ToString());
                w.WriteString("reason", result.Reason.ToString());
                w.WriteNumber("attempts", result.Attempts);
                w.WriteNumber("durationMs", (long)(result.Duration?.TotalMilliseconds ?? 0));
                if (result.Host != null)
                {
                    w.WriteString("host", result.Host);
                }

                if (node != null && node.Location.HasPosition)
                {
                    w.WriteString("file", node.Location.File);
                    w.WriteNumber("line", node.Location.Line);
                    w.WriteNumber("column", node.Location.Column);
                }

                w.WriteString("error", result.ErrorMessage);
                var failedAt = result.Status == NodeStatus.Failed ? FailurePosition.Of(result.Error, node) : null;
                if (failedAt.HasValue && failedAt.Value.HasPosition)
                {
                    // errorFile: the workflow file for an inline script, the script file for a file: node.
                    w.WriteString("errorFile", failedAt.Value.File);
                    w.WriteNumber("errorLine", failedAt.Value.Line);
                    w.WriteNumber("errorColumn", failedAt.Value.Column);
                }

                WriteOutput(w, result.OutputList);
            });

        /// <summary>A remark that is not a problem (<c>id</c> says what it is about).</summary>
        public static string Note(string id, string message)
            => Write(w =>
            {
                w.WriteString("event", "note");
                w.WriteString("id", id);
                w.WriteString("message", message);
            });

        public static string Diagnostic(Diagnostic diagnostic)
            => Write(w =>
            {
                w.WriteString("event", "diagnostic");
                w.WriteString("severity", diagnostic.IsError ? "error" : "warning");
                w.WriteString("id", diagnostic.Id);
                w.WriteString("file", diagnostic.Location.File);
                w.WriteNumber("line", diagnostic.Location.Line);
                w.WriteNumber("column", diagnostic.Location.Column);
                w.WriteString("message", diagnostic.Message);
            });

        public static string Error(string id, string message, string? file)
            => Write(w =>
            {
                w.WriteString("event", "error");
                w.WriteString("id", id);
                w.WriteString("message", message);
                w.WriteString("file", file);
            });

        /// <param name="id">A stable id for tools (for example <c>CheckpointNothingToResume</c>), or null.</param>
        public static string Warning(string message, string? id = null)
            => Write(w =>
            {
                w.WriteString("event", "warning");
                if (id != null)
                {
                    w.WriteString("id", id);
                }

                w.WriteString("message", message);
            });

        public static string RunFinished(DagRunResult result)
            => Write(w =>
            {
                w.WriteString("event", "runFinished");
                w.WriteString("status", result.Status.ToString());
                w.WriteNumber("durationMs", (long)result.Duration.TotalMilliseconds);
                w.WriteString("runId", result.RunId);
            });

        /// <summary>output (its text), outputTruncated (only when cut), outputProperties (one object's properties); all left out without output.</summary>
        private static void WriteOutput(Utf8JsonWriter w, IReadOnlyList<object?> output)
        {
            var text = NodeOutputText.Text(output, out var truncated);
            if (text == null)
            {
                return;
            }

            w.WriteString("output", text);
            if (truncated)
            {
                w.WriteBoolean("outputTruncated", true);
            }

            var properties = NodeOutputText.Properties(output);
            if (properties != null)
            {
                w.WriteStartObject("outputProperties");
                foreach (var property in properties)
                {
                    w.WriteString(property.Key, property.Value);
                }

                w.WriteEndObject();
            }
        }

        // Relaxed escaping keeps quotes and non-ASCII readable; the text is still valid JSON.
        private static readonly Utils.ReusableJsonWriter Lines = new Utils.ReusableJsonWriter(
            new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        private static string Write(Action<Utf8JsonWriter> body)
            => Lines.Write(writer =>
            {
                writer.WriteStartObject();
                body(writer);
                writer.WriteEndObject();
            });
    }
}
