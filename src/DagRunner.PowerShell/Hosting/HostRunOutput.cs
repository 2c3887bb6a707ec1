using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Validation;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// A run in PowerShell's own streams: node lines tagged <c>[node]</c>, retries as warnings, starts and ends as
    /// verbose lines; afterwards the DagRunResult and one NodeFailed error per node that failed the run.
    /// </summary>
    internal sealed class HostRunOutput : IRunOutput
    {
        private readonly PSCmdlet cmdlet;
        private readonly NodeLogWriter logs;
        private readonly OutputMode mode;
        private readonly Dictionary<string, List<RunEvent>> held = new Dictionary<string, List<RunEvent>>(StringComparer.OrdinalIgnoreCase);
        private bool terminating;

        public HostRunOutput(PSCmdlet cmdlet, OutputMode mode = OutputMode.Prefixed)
        {
            this.cmdlet = cmdlet;
            this.mode = mode;
            logs = new NodeLogWriter(cmdlet);
        }

        public bool Report(IReadOnlyList<Diagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.IsError)
                {
                    cmdlet.WriteError(DiagnosticRecords.ToErrorRecord(diagnostic));
                }
                else
                {
                    cmdlet.WriteWarning(diagnostic.ToString());
                }
            }

            return !diagnostics.Any(d => d.IsError);
        }

        public void Error(ErrorRecord record) => cmdlet.WriteError(record);

        /// <summary>
        /// PowerShellStandard's WriteWarning takes text only (a WarningRecord's id cannot be set), so the id goes in the
        /// text; at its end, because scripts match warnings by how they start ('Nothing to resume').
        /// </summary>
        public void Warning(string message, string? id = null) => cmdlet.WriteWarning(id == null ? message : $"{message} [{id}]");

        public void Note(string message, string id) => cmdlet.WriteVerbose($"{message} [{id}]");

        public void Event(RunEvent runEvent, ExecutionPlan plan)
        {
            if (mode == OutputMode.Silent)
            {
                return;
            }

            if (mode == OutputMode.Grouped && Hold(runEvent))
            {
                return;
            }

            Write(runEvent);
        }

        /// <summary>Grouped: keeps a node's lines until it ends, then writes them under one header. False when the event is not held.</summary>
        private bool Hold(RunEvent runEvent)
        {
            string? node = runEvent switch
            {
                NodeLogEvent log => log.Node,
                NodeRetryingEvent retrying => retrying.Node,
                NodeStartedEvent started => started.Node,
                _ => null,
            };
            if (node != null)
            {
                if (!held.TryGetValue(node, out var list))
                {
                    held[node] = list = new List<RunEvent>();
                }

                list.Add(runEvent);
                return true;
            }

            if (runEvent is NodeFinishedEvent finished)
            {
                var result = finished.Result;
                held.TryGetValue(result.Name, out var lines);
                held.Remove(result.Name);
                if (lines != null || result.Status != NodeStatus.Skipped)
                {
                    var took = result.Duration.HasValue ? Invariant($" in {result.Duration.Value.TotalSeconds:0.00}s") : string.Empty;
                    var why = result.Reason == NodeReason.None ? string.Empty : $" ({result.Reason})";
                    var color = result.Status == NodeStatus.Failed ? ConsoleColor.Red : result.Status == NodeStatus.Succeeded ? ConsoleColor.Green : ConsoleColor.Yellow;
                    logs.WriteHeader($"--- {result.Name}: {result.Status}{why}{took} ---", color, result.Name);
                }

                foreach (var line in lines ?? new List<RunEvent>())
                {
                    Write(line);
                }

                Write(runEvent);
                return true;
            }

            return false;
        }

        private void Write(RunEvent runEvent)
        {
            switch (runEvent)
            {
                case NodeLogEvent log:
                    logs.Write(log);
                    break;
                case NodeRetryingEvent _ when cmdlet.Stopping:
                case NodeStartedEvent _ when cmdlet.Stopping:
                case NodeFinishedEvent _ when cmdlet.Stopping:
                    // Stopped: no retries follow, and the closing summary names every node's state.
                    break;
                case NodeRetryingEvent retrying:
                    cmdlet.WriteWarning($"[{retrying.Node}] {RetryText(retrying)}");
                    break;
                case NodeStartedEvent started:
                    cmdlet.WriteVerbose(Invariant($"[{started.Node}] started (attempt {started.Attempt})"));
                    break;
                case NodeFinishedEvent finished:
                    var r = finished.Result;
                    var took = r.Duration.HasValue ? Invariant($" in {r.Duration.Value.TotalSeconds:0.000}s") : string.Empty;
                    var why = r.Reason == NodeReason.None ? string.Empty : $" ({r.Reason})";
                    cmdlet.WriteVerbose($"[{r.Name}] {r.Status}{why}{took}");
                    break;
            }
        }

        public void Tick()
        {
        }

        public void Terminating() => terminating = true;

        public void Finished(DagRunResult result, ExecutionPlan plan)
        {
            if (cmdlet.Stopping || terminating)
            {
                // Ctrl+C: the pipeline takes no more objects; SIGTERM: the process exits next. The user still deserves the outcome.
                HostLines.Line(cmdlet, RunSummaryText.Stopped(result));
            }

            if (!terminating)
            {
                cmdlet.WriteObject(result); // after Ctrl+C this throws PipelineStoppedException, which ends the cmdlet
            }

            if (cmdlet.Stopping)
            {
                return; // Ctrl+C and SIGTERM both: the process exits next, and the summary named the failed nodes
            }

            foreach (var node in result.Nodes.Where(n => n.Status == NodeStatus.Failed))
            {
                if (node.Reason == NodeReason.AllowedFailure)
                {
                    cmdlet.WriteWarning($"[{node.Name}] failed, allowed by continueOnError: {node.ErrorMessage}");
                    continue;
                }

                cmdlet.WriteError(NodeFailure(node, plan[node.Name]?.Definition));
            }
        }

        internal static ErrorRecord NodeFailure(NodeResult node, NodeDefinition? definition)
        {
            var inner = node.Error as ErrorRecord;
            var where = FailurePosition.Of(inner, definition)?.ToString() ?? node.Source;
            var why = node.Reason == NodeReason.TimedOut ? " (timed out)" : node.Reason == NodeReason.HostUnreachable ? " (host unreachable)" : string.Empty;
            var message = $"Node '{node.Name}' failed{why}"
                          + $": {node.ErrorMessage}" + (where != null ? $" [{where}]" : string.Empty);
            var exception = new DagNodeFailedException(node.Name, message, inner?.Exception ?? node.Error as Exception);
            var category = inner?.CategoryInfo.Category ?? ErrorCategory.NotSpecified;
            return new ErrorRecord(exception, ErrorIds.NodeFailed, category, node);
        }

        /// <summary>"attempt 1 of 3 failed: ...; next attempt in 2s.": the retry sentence every output writes.</summary>
        internal static string RetryText(NodeRetryingEvent retrying)
            => Invariant($"attempt {retrying.FailedAttempt} of {retrying.MaxAttempts} failed: {Clause(ErrorText(retrying.Error))}; next attempt in {DurationText.Format(retrying.Delay)}.");

        /// <summary>The error as a clause of the retry sentence: its own closing full stop would end the sentence early.</summary>
        internal static string Clause(string text) => text.Trim().TrimEnd('.');

        internal static string ErrorText(object? error) => error switch
        {
            ErrorRecord record => record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString(),
            Exception exception => exception.Message,
            _ => error?.ToString() ?? "unknown error",
        };
    }

    /// <summary>The exception behind a failed node's ErrorRecord; the node's own error is the inner exception.</summary>
    public sealed class DagNodeFailedException : Exception
    {
        public DagNodeFailedException(string node, string message, Exception? inner)
            : base(message, inner) => Node = node;

        public string Node { get; }
    }
}
