using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.MSBuild.Protocol;

namespace DagRunner.MSBuild.UpToDate
{
    /// <summary>
    /// A no-change build without pwsh. The task asks each run (environment variable <c>DAGRUNNER_NOCHANGE_RECORD</c>) to
    /// leave a record when running the same command again would run nothing; the run decides that with the engine's own
    /// rules and writes the file-system facts the answer rested on. Next build, when every fact still holds, the
    /// answer still holds: the task replays the record's node events instead of starting pwsh. It decides nothing itself;
    /// checking a fact (<see cref="FileEvidence.Changed"/>) is the same code the engine used to take it.
    /// </summary>
    /// <remarks>
    /// One record per command: the file name carries a hash of everything the task passes that could change the answer
    /// (workflow, checkpoint, nodes, parameters, resume, module and script), so two targets running one workflow
    /// differently keep two records. It lives in <c>.dagrunner/msbuild/</c> beside the workflow.
    /// </remarks>
    internal sealed class NoChangeShortcut
    {
        /// <summary>The environment variable the task sets for pwsh (the module's name for it).</summary>
        public const string PathVariable = "DAGRUNNER_NOCHANGE_RECORD";

        private NoChangeShortcut(string recordPath) => RecordPath = recordPath;

        /// <summary>Where this command's record is (or will be).</summary>
        public string RecordPath { get; }

        /// <summary>The shortcut for one command: every value the task passes to pwsh, in order.</summary>
        public static NoChangeShortcut For(string workflowPath, IEnumerable<string?> command)
        {
            var key = new StringBuilder();
            foreach (var part in command)
            {
                key.Append(part == null ? "\u0001" : part).Append('\0');
            }

            string hash;
            using (var sha = SHA256.Create())
            {
                hash = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(key.ToString())), 0, 8).Replace("-", string.Empty).ToLowerInvariant();
            }

            var folder = Path.Combine(Path.GetDirectoryName(workflowPath) ?? ".", ".dagrunner", "msbuild");
            return new NoChangeShortcut(Path.Combine(folder, Path.GetFileName(workflowPath) + "." + hash + ".nochange.json"));
        }

        /// <summary>
        /// The nodeFinished event lines to replay when nothing changed since the record was written; null with
        /// <paramref name="whyNot"/> when pwsh must run (no record, a fact changed, an unreadable record).
        /// </summary>
        public IReadOnlyList<string>? Check(out string? whyNot, out string? runId, out int factCount)
        {
            runId = null;
            factCount = 0;
            string text;
            try
            {
                if (!File.Exists(RecordPath))
                {
                    whyNot = "no earlier run left a record that nothing would change";
                    return null;
                }

                text = File.ReadAllText(RecordPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                whyNot = $"the record {RecordPath} could not be read ({ex.Message})";
                return null;
            }

            var record = JsonReader.ParseObject(text);
            if (record == null || !(record.TryGetValue("format", out var format) && format is double f && f == 1)
                || !(record.TryGetValue("facts", out var factsValue) && factsValue is List<object?> facts)
                || !(record.TryGetValue("events", out var eventsValue) && eventsValue is List<object?> events))
            {
                whyNot = $"the record {RecordPath} is not one this task reads";
                return null;
            }

            runId = record.TryGetValue("runId", out var id) ? id as string : null;
            foreach (var item in facts)
            {
                var fact = ToFact(item);
                var change = fact == null ? "the record holds a fact this task cannot read" : fact.Changed();
                if (change != null)
                {
                    whyNot = change;
                    return null;
                }

                factCount++;
            }

            whyNot = null;
            return events.OfType<string>().ToList();
        }

        private static FileEvidence? ToFact(object? item)
        {
            if (!(item is Dictionary<string, object?> fact) || !(fact.TryGetValue("kind", out var kind) && kind is string k) || !(fact.TryGetValue("path", out var path) && path is string p))
            {
                return null;
            }

            var hash = fact.TryGetValue("sha256", out var h) ? h as string : null;
            var length = fact.TryGetValue("length", out var l) && l is double d ? (long)d : 0;
            var time = fact.TryGetValue("time", out var t) && t is string ticks && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            return new FileEvidence(k, p, hash, length, time);
        }
    }
}
