using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using DagRunner.Engine.Validation;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// <c>-CI</c>: the cmdlet's usual output, plus what the CI system reads from the job log (an annotation per failed
    /// node, warning and retry, per problem in the workflow file and per error that stopped the command; each node's
    /// lines in a foldable group in Grouped mode) and, on GitHub Actions, the job
    /// summary. It remembers whether anything failed, so the cmdlet can end the process with exit code 1 afterwards.
    /// Annotations are host lines (stdout), where CI systems read commands; never with -OutputMode Json, whose stdout
    /// is for JSON lines only.
    /// </summary>
    internal sealed class CiRunOutput : IRunOutput
    {
        private readonly IRunOutput inner;
        private readonly PSCmdlet cmdlet;
        private readonly CiSystem system;
        private readonly CiAnnotations annotations;
        private readonly bool annotate;
        private readonly bool grouped;
        private readonly HashSet<string> ran = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private SecretMasker masker = SecretMasker.None;

        public CiRunOutput(IRunOutput inner, PSCmdlet cmdlet, CiSystem system, OutputMode mode)
        {
            this.inner = inner;
            this.cmdlet = cmdlet;
            this.system = system;
            annotations = new CiAnnotations(system);
            annotate = mode != OutputMode.Json;
            grouped = mode == OutputMode.Grouped;
        }

        /// <summary>True once the cmdlet reported an error or a run that did not succeed: -CI then exits with 1.</summary>
        public bool Failed { get; private set; }

        /// <summary>Once the secrets are known: every line and the summary pass through it (events and results are masked already).</summary>
        public void Mask(SecretMasker secrets) => masker = secrets;

        public bool Report(IReadOnlyList<Diagnostic> diagnostics)
        {
            bool ok = inner.Report(diagnostics);
            Failed |= !ok;
            foreach (var diagnostic in diagnostics)
            {
                Line(diagnostic.IsError
                    ? annotations.Error(diagnostic.Id, diagnostic.Message, diagnostic.Location)
                    : annotations.Warning(diagnostic.Id, diagnostic.Message, diagnostic.Location));
            }

            return ok;
        }

        public void Error(ErrorRecord record)
        {
            Failed = true;
            inner.Error(record);
            Line(annotations.Error(record.FullyQualifiedErrorId.Split(',')[0], record.Exception.Message, null));
        }

        public void Warning(string message, string? id = null) => inner.Warning(message, id);

        public void Note(string message, string id) => inner.Note(message, id);

        public void Tick() => inner.Tick();

        public void Terminating() => inner.Terminating();

        public void Event(RunEvent runEvent, ExecutionPlan plan)
        {
            switch (runEvent)
            {
                case NodeStartedEvent started:
                    ran.Add(started.Node);
                    break;
                case NodeLogEvent { Stream: NodeLogStream.Warning } warning:
                    Line(annotations.Warning(warning.Node, NodeLogText.Message(warning.Data) ?? string.Empty, plan[warning.Node]?.Definition.Location));
                    break;
                case NodeRetryingEvent retrying:
                    var text = HostRunOutput.RetryText(retrying);
                    var definition = plan[retrying.Node]?.Definition;
                    Line(annotations.Warning(retrying.Node + " retrying", text, FailurePosition.Of(retrying.Error, definition) ?? definition?.Location));
                    break;
            }

            // Grouped: the node's lines come out together when it ends, so they fold under its name.
            bool group = grouped && runEvent is NodeFinishedEvent finished && ran.Contains(finished.Result.Name) && !cmdlet.Stopping;
            if (group)
            {
                Line(annotations.GroupStart(((NodeFinishedEvent)runEvent).Result.Name));
            }

            inner.Event(runEvent, plan);
            if (group)
            {
                Line(annotations.GroupEnd());
            }
        }

        public void Finished(DagRunResult result, ExecutionPlan plan)
        {
            Failed |= result.Status != DagRunStatus.Succeeded;
            try
            {
                inner.Finished(result, plan);
            }
            finally
            {
                // After the summary and the NodeFailed errors, and also when a Write* threw (-ErrorAction Stop).
                Annotate(result, plan);
                WriteStepSummary(result, plan);
            }
        }

        private void Annotate(DagRunResult result, ExecutionPlan plan)
        {
            foreach (var node in result.Nodes)
            {
                if (node.Status != NodeStatus.Failed)
                {
                    continue;
                }

                var definition = plan[node.Name]?.Definition;
                var position = FailurePosition.Of(node.Error, definition) ?? definition?.Location;
                var message = node.ErrorMessage ?? "failed";
                Line(node.Reason == NodeReason.AllowedFailure
                    ? annotations.Warning(node.Name + " failed (allowed by continueOnError)", message, position)
                    : annotations.Error(node.Name + " failed" + Why(node.Reason), message, position));
            }
        }

        private static string Why(NodeReason reason) => reason == NodeReason.TimedOut ? " (timed out)" : reason == NodeReason.HostUnreachable ? " (host unreachable)" : string.Empty;

        private void WriteStepSummary(DagRunResult result, ExecutionPlan plan)
        {
            if (system.StepSummaryPath == null)
            {
                return;
            }

            try
            {
                // Appended: every step of a job, and every run of a step, adds its own part to the one summary.
                File.AppendAllText(system.StepSummaryPath, masker.Apply(GitHubSummary.Build(result, plan)), new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                inner.Warning($"The job summary could not be written to '{system.StepSummaryPath}' (GITHUB_STEP_SUMMARY): {ex.Message}", ErrorIds.StepSummaryNotWritten);
            }
        }

        private void Line(string? text)
        {
            if (annotate && text != null)
            {
                HostLines.Line(cmdlet, masker.Apply(text));
            }
        }
    }
}
