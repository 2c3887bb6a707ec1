using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Protocol;
using DagRunner.Engine.Scheduling;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// The file a caller names to learn, next time, that nothing would run without starting PowerShell (the MSBuild
    /// task does): the facts of a <see cref="NoChangeEvidence"/> and the nodeFinished events the next run would write.
    /// A caller that finds every fact still holding replays the events instead of running.
    /// </summary>
    /// <remarks>
    /// <code>
    /// { "format": 1, "runId": "...", "written": "2026-12-03T10:00:00Z",
    ///   "facts":  [ { "kind": "content", "path": "/repo/src/a.cs", "sha256": "...", "length": 12, "time": "638..." }, ... ],
    ///   "events": [ "{\"event\":\"nodeFinished\",\"node\":\"build\",\"status\":\"Succeeded\",\"reason\":\"UpToDate\",...}", ... ] }
    /// </code>
    /// </remarks>
    internal static class NoChangeRecord
    {
        public const int FormatVersion = 1;

        /// <summary>Writes the record whole (a new file renamed over the old one).</summary>
        public static void Write(string path, NoChangeEvidence evidence, Func<string, NodeDefinition?> definitionOf, Func<string, string> mask)
        {
            Guard.NotNull(evidence);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.Write(path, stream =>
            {
                using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
                writer.WriteStartObject();
                writer.WriteNumber("format", FormatVersion);
                writer.WriteString("runId", evidence.RunId);
                writer.WriteString("written", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                writer.WriteStartArray("facts");
                foreach (var fact in evidence.Facts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("kind", fact.Kind);
                    writer.WriteString("path", fact.Path);
                    if (fact.Kind == FileEvidence.ContentKind || fact.Kind == FileEvidence.ListingKind)
                    {
                        writer.WriteString("sha256", fact.Hash);
                    }

                    if (fact.Kind == FileEvidence.ContentKind)
                    {
                        writer.WriteNumber("length", fact.Length);
                        // A string: 64-bit ticks do not survive a reader that keeps numbers as doubles (the task's).
                        writer.WriteString("time", fact.WriteTimeTicks.ToString(CultureInfo.InvariantCulture));
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("events");
                foreach (var node in evidence.Nodes)
                {
                    writer.WriteStringValue(mask(RunEventJson.NodeFinished(node, definitionOf(node.Name))));
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        /// <summary>Removes the record: a run has begun, and until it ends nothing says the state is unchanged.</summary>
        public static void Delete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A record that cannot be removed cannot be trusted either: make sure it never matches.
                throw new IOException($"The no-change record '{path}' could not be removed before the run: {ex.Message}", ex);
            }
        }
    }
}
