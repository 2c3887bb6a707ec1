using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Protocol;
using DagRunner.Engine.Results;
using DagRunner.Engine.Validation;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// A run as JSON lines on the pipeline (<c>-OutputMode Json</c>): every event, problem and error becomes one
    /// string, and nothing goes to PowerShell's other streams, so a tool reading stdout sees the whole story. After Ctrl+C
    /// the lines go through the host (pwsh's console host writes them to stdout), so the run's last events still arrive.
    /// </summary>
    internal sealed class JsonRunOutput : IRunOutput
    {
        private readonly PSCmdlet cmdlet;

        public JsonRunOutput(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public bool Report(IReadOnlyList<Diagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                cmdlet.WriteObject(RunEventJson.Diagnostic(diagnostic));
            }

            return !diagnostics.Any(d => d.IsError);
        }

        public void Error(ErrorRecord record)
            => cmdlet.WriteObject(RunEventJson.Error(record.FullyQualifiedErrorId.Split(',')[0], record.Exception.Message, record.TargetObject as string));

        public void Warning(string message, string? id = null) => cmdlet.WriteObject(RunEventJson.Warning(message, id));

        public void Note(string message, string id) => Emit(RunEventJson.Note(id, message));

        public void Event(RunEvent runEvent, ExecutionPlan plan)
        {
            switch (runEvent)
            {
                case RunStartedEvent started:
                    int pid;
                    using (var self = Process.GetCurrentProcess())
                    {
                        pid = self.Id;
                    }

                    Emit(RunEventJson.RunStarted(started.Plan.WorkflowName, started.RunId, started.Plan.WorkflowPath, started.Plan.NodeCount, started.Parallelism, pid));
                    break;
                case NodeStartedEvent nodeStarted:
                    Emit(RunEventJson.NodeStarted(nodeStarted.Node, nodeStarted.Attempt, plan[nodeStarted.Node]?.Definition));
                    break;
                case NodeRetryingEvent retrying:
                    Emit(RunEventJson.Retrying(retrying));
                    break;
                case NodeLogEvent log:
                    foreach (var (stream, line) in NodeLogText.Lines(log))
                    {
                        Emit(RunEventJson.Log(log.Node, stream, line, log.Host));
                    }

                    break;
                case NodeFinishedEvent finished:
                    Emit(RunEventJson.NodeFinished(finished.Result, plan[finished.Result.Name]?.Definition));
                    break;
            }
        }

        public void Finished(DagRunResult result, ExecutionPlan plan) => Emit(RunEventJson.RunFinished(result));

        /// <summary>Nothing changes: after SIGTERM the pipeline still works, and runFinished is its last line.</summary>
        public void Tick()
        {
        }

        public void Terminating()
        {
        }

        /// <summary>One event line: on the pipeline, or through the host once Ctrl+C has closed it.</summary>
        private void Emit(string line)
        {
            if (cmdlet.Stopping)
            {
                HostLines.Line(cmdlet, line);
                return;
            }

            cmdlet.WriteObject(line);
        }
    }
}
