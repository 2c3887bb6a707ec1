using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// Turns the lines pwsh prints (one JSON event per line) into MSBuild messages, warnings, errors and the
    /// NodeResults items. Errors and warnings carry the workflow file and the node's line, so the build output reads
    /// <c>/src/build.dag.yaml(12,3): error DAG2001: node 'b' failed: boom</c> and an IDE can jump to the node.
    /// </summary>
    /// <remarks>
    /// A node's warnings wait for the node's line in <see cref="NodeLines"/>. Every method runs on the task's thread except <see cref="ProcessId"/>, which <c>Cancel</c> reads.
    /// </remarks>
    internal sealed class EventLogger
    {
        private readonly TaskLoggingHelper log;
        private readonly string defaultFile;
        private readonly NodeLines lines;
        private readonly List<ITaskItem> results = new List<ITaskItem>();
        private readonly RunProgress progress = new RunProgress();
        private int processId;
        private string? workflowFile;
        private string? workflowName;

        /// <param name="log">Where to log.</param>
        /// <param name="defaultFile">The workflow file as the task was given it: the position of events that carry none.</param>
        public EventLogger(TaskLoggingHelper log, string defaultFile)
        {
            this.log = log;
            this.defaultFile = defaultFile;
            lines = new NodeLines(log);
        }

        /// <summary>The pwsh process id from runStarted; 0 until then. Read from the thread that cancels.</summary>
        public int ProcessId => Volatile.Read(ref processId);

        /// <summary>True once runStarted was seen: the workflow was valid and nodes may have run.</summary>
        public bool RunStarted { get; private set; }

        /// <summary>The status of runFinished (Succeeded, Failed, Cancelled); null when no run finished.</summary>
        public string? RunStatus { get; private set; }

        public string? RunId { get; private set; }

        /// <summary>True when an event reported a failure: an error event, an error diagnostic, or a node that Failed the run.</summary>
        public bool SawFailure { get; private set; }

        /// <summary>True when this logger logged at least one MSBuild error.</summary>
        public bool LoggedError { get; private set; }

        /// <summary>One item per finished node: ItemSpec = node name; metadata Status, Reason, Attempts, DurationMs, Error, OutputText and the output's properties (<see cref="OutputMetadata"/>).</summary>
        public ITaskItem[] NodeResults => results.ToArray();

        /// <summary>Handles one line the tool printed.</summary>
        /// <param name="line">The line, without its end of line.</param>
        /// <param name="fromStandardError">True for stderr: text there is a warning, never an error (the exit code decides).</param>
        public void Handle(string line, bool fromStandardError)
        {
            if (fromStandardError)
            {
                if (line.Trim().Length > 0)
                {
                    log.LogWarning(null, Codes.PwshError, null, workflowFile ?? defaultFile, 0, 0, 0, 0, "pwsh: " + line);
                }

                return;
            }

            var e = EventLine.TryParse(line);
            if (e == null)
            {
                if (line.Trim().Length > 0)
                {
                    log.LogMessage(MessageImportance.Low, line);
                }

                return;
            }

            switch (e.Kind)
            {
                case "runStarted": OnRunStarted(e); break;
                case "nodeStarted": OnNodeStarted(e); break;
                case "log": OnLog(e); break;
                case "retrying": OnRetrying(e); break;
                case "nodeFinished": OnNodeFinished(e); break;
                case "diagnostic": OnDiagnostic(e); break;
                case "error": OnError(e); break;
                case "warning": OnWarning(e); break;
                case "note": log.LogMessage(MessageImportance.Low, "DagRunner: " + (e.String("message") ?? string.Empty)); break;
                case "runFinished": OnRunFinished(e); break;
                default:
                    // A newer module may add events; show them rather than lose them.
                    log.LogMessage(MessageImportance.Low, line);
                    break;
            }
        }

        /// <summary>Logs the warnings still held back (nodes that never finished, a stopped run).</summary>
        public void Complete() => lines.FlushAll(workflowFile ?? defaultFile);

        /// <summary>Logs an error that is not tied to a node (used by the task for exit codes and cancellation).</summary>
        public void LogRunError(string code, string message)
        {
            LoggedError = true;
            log.LogError(null, code, null, workflowFile ?? defaultFile, 0, 0, 0, 0, message);
        }

        private void OnRunStarted(EventLine e)
        {
            RunStarted = true;
            workflowFile = e.String("path") ?? workflowFile;
            workflowName = e.String("workflow");
            RunId = e.String("runId");
            var pid = e.Integer("pid");
            if (pid.HasValue && pid.Value > 0 && pid.Value <= int.MaxValue)
            {
                Volatile.Write(ref processId, (int)pid.Value);
            }

            progress.RunStarted(e.Integer("nodes") ?? 0);
            var parallelism = e.Integer("parallelism");
            // Unlimited arrives as 0 or int.MaxValue.
            var limit = parallelism.HasValue && parallelism.Value > 0 && parallelism.Value < int.MaxValue ? parallelism.Value.ToString(CultureInfo.InvariantCulture) : "unlimited";
            log.LogMessage(MessageImportance.Normal, $"DagRunner: workflow '{workflowName}' run {RunId}: {e.Integer("nodes")} nodes, parallelism {limit} ({workflowFile}).");
        }

        private void OnNodeStarted(EventLine e)
        {
            var node = NodeName(e);
            lines.Remember(node, FileOf(e), e.Position("line"), e.Position("column"));
            var attempt = e.Integer("attempt") ?? 1;
            progress.NodeStarted(node);
            log.LogMessage(MessageImportance.Normal, $"[{node}] started{(attempt > 1 ? $" (attempt {attempt})" : string.Empty)} {progress.Text()}");
        }

        private void OnLog(EventLine e)
        {
            var node = NodeName(e);
            var host = e.String("host");
            var tag = host == null ? node : node + "@" + host; // a node that runs on a remote host says where
            var text = e.String("text") ?? string.Empty;
            switch (e.String("stream"))
            {
                case "warning":
                    lines.Warn(node, Codes.NodeWarning, $"[{tag}] {text}");
                    break;
                case "error":
                    // A non-terminating error the node chose to continue after: the node's own status says whether it failed.
                    lines.Warn(node, Codes.NodeWarning, $"[{tag}] error: {text}");
                    break;
                case "verbose":
                    log.LogMessage(MessageImportance.Low, $"[{tag}] VERBOSE: {text}");
                    break;
                case "debug":
                    log.LogMessage(MessageImportance.Low, $"[{tag}] DEBUG: {text}");
                    break;
                case "host":
                    // Write-Host is written to be read: shown at -v:n, like the node's start and end.
                    log.LogMessage(MessageImportance.Normal, $"[{tag}] {text}");
                    break;
                default:
                    log.LogMessage(MessageImportance.Low, $"[{tag}] {text}");
                    break;
            }
        }

        private void OnRetrying(EventLine e)
        {
            var node = NodeName(e);
            var next = e.Integer("delayMs") is long delay && delay > 0 ? $"next attempt in {Durations.Format(delay)}" : "trying again";
            // A clause of one sentence: the error's own full stop would end it early ("was stopped.; next attempt").
            var error = FirstLine(e.String("error"))?.TrimEnd('.') ?? "unknown error";
            lines.Warn(node, Codes.NodeRetrying, $"[{node}] attempt {e.Integer("attempt")} of {e.Integer("maxAttempts")} failed: {error}; {next}.");
        }

        private void OnNodeFinished(EventLine e)
        {
            var node = NodeName(e);
            lines.Remember(node, FileOf(e), e.Position("line"), e.Position("column"));
            lines.Flush(node, workflowFile ?? defaultFile);

            var status = e.String("status") ?? "Unknown";
            var reason = e.String("reason");
            var hasReason = !string.IsNullOrEmpty(reason) && reason != "None";
            var durationMs = e.Integer("durationMs") ?? 0;
            var error = FirstLine(e.String("error"));
            var notes = new List<string>();
            results.Add(NodeResultItem.Create(e, node, hasReason ? reason! : "None", error, notes));
            foreach (var note in notes)
            {
                log.LogMessage(MessageImportance.Low, $"[{node}] {note}.");
            }

            progress.NodeFinished(node);
            var counts = " " + progress.Text();

            var position = lines.Of(node, FileOf(e));
            switch (status)
            {
                case "Succeeded":
                    if (reason == "Resumed")
                    {
                        log.LogMessage(MessageImportance.Normal, $"[{node}] Succeeded (restored from the checkpoint, not run again){counts}");
                    }
                    else
                    {
                        log.LogMessage(MessageImportance.High, $"[{node}] Succeeded{(hasReason ? $" ({reason})" : string.Empty)} in {Durations.Format(durationMs)}{counts}");
                    }

                    break;

                case "Failed":
                    // Where the script failed (errorLine: inside an inline script, or in the file: node's script, errorFile); otherwise at the node's id.
                    var failedInside = e.Position("errorLine") > 0;
                    var file = failedInside ? e.String("errorFile") ?? position.File : position.File;
                    var line = failedInside ? e.Position("errorLine") : position.Line;
                    var column = failedInside ? e.Position("errorColumn") : position.Column;
                    var message = $"node '{node}' failed{(error != null ? ": " + error : ".")}";
                    if (reason == "AllowedFailure")
                    {
                        log.LogWarning(null, Codes.NodeFailed, null, file, line, column, 0, 0, message + " (continueOnError: the run goes on)");
                    }
                    else
                    {
                        SawFailure = true;
                        LoggedError = true;
                        log.LogError(null, Codes.NodeFailed, null, file, line, column, 0, 0, message);
                    }

                    break;

                case "Cancelled":
                    log.LogMessage(MessageImportance.High, $"[{node}] Cancelled after {Durations.Format(durationMs)}{counts}");
                    break;

                default:
                    log.LogMessage(MessageImportance.Normal, $"[{node}] {status}{(hasReason ? $" ({reason})" : string.Empty)}{counts}");
                    break;
            }
        }

        private void OnDiagnostic(EventLine e)
        {
            var file = FileOf(e);
            var message = e.String("message") ?? "(no message)";
            if (e.String("severity") == "warning")
            {
                log.LogWarning(null, CmdletIds.CodeOf(e.String("id"), Codes.RunWarning), null, file, e.Position("line"), e.Position("column"), 0, 0, message);
            }
            else
            {
                SawFailure = true;
                LoggedError = true;
                log.LogError(null, CmdletIds.CodeOf(e.String("id"), Codes.RunFailed), null, file, e.Position("line"), e.Position("column"), 0, 0, message);
            }
        }

        private void OnError(EventLine e)
        {
            SawFailure = true;
            LoggedError = true;
            var id = e.String("id");
            // The event's file is the error's target: a path, or (NodeNotFound) the unknown node's name, which is no file.
            var target = e.String("file");
            var file = target != null && System.IO.Path.IsPathRooted(target) ? target : workflowFile ?? defaultFile;
            log.LogError(null, CmdletIds.CodeOf(id, Codes.RunFailed), null, file, e.Position("line"), e.Position("column"), 0, 0, CmdletIds.MessageFor(id, e.String("message") ?? "(no message)"));
        }

        private void OnWarning(EventLine e)
        {
            var message = e.String("message") ?? "(no message)";
            var id = e.String("id");
            if (id == "CheckpointNothingToResume")
            {
                // Resume="true" after a run that succeeded with nothing changed: there is nothing to do, which is no problem.
                // The cmdlet's advice is for a console; a build changes an attribute instead.
                log.LogMessage(MessageImportance.High, $"DagRunner: nothing to resume in '{workflowFile ?? defaultFile}': its last run succeeded and no node, input or variable changed since, so every node is restored and none runs. To run the workflow again, build with Resume=\"false\" (a new run).");
                return;
            }

            log.LogWarning(null, CmdletIds.CodeOf(id, Codes.RunWarning), null, e.String("file") ?? workflowFile ?? defaultFile, 0, 0, 0, 0, CmdletIds.MessageFor(id, message));
        }

        private void OnRunFinished(EventLine e)
        {
            Complete();
            RunStatus = e.String("status") ?? "Unknown";
            RunId = e.String("runId") ?? RunId;
            var counts = string.Join(", ", results
                .GroupBy(r => r.GetMetadata("Status"))
                .Select(g => $"{g.Count()} {g.Key}"));
            log.LogMessage(MessageImportance.High, $"DagRunner: workflow '{workflowName}' {RunStatus} in {Durations.Format(e.Integer("durationMs") ?? 0)}{(counts.Length > 0 ? $" ({counts})" : string.Empty)}.");
        }

        private string FileOf(EventLine e) => e.String("file") ?? workflowFile ?? defaultFile;

        private static string NodeName(EventLine e) => e.String("node") ?? "?";

        private static string? FirstLine(string? text)
        {
            if (text == null)
            {
                return null;
            }

            var trimmed = text.Trim();
            var end = trimmed.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? trimmed : trimmed.Substring(0, end).TrimEnd();
        }
    }
}
