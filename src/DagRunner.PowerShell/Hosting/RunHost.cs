using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Definition;
using DagRunner.Execution;
using DagRunner.Results;

namespace DagRunner.Commands.Hosting
{
    /// <summary>
    /// Runs a workflow for a cmdlet: the engine works on other threads, this class writes its events on the
    /// pipeline thread, and whatever stops the pipeline (Ctrl+C, a Write that throws) stops the run first.
    /// </summary>
    internal sealed class RunHost
    {
        /// <summary>How long a stopped run may take to stop its nodes before the cmdlet gives up waiting.</summary>
        private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

        private readonly PSCmdlet cmdlet;
        private readonly NodeLogWriter logs;
        private readonly RunProgress progress;

        public RunHost(PSCmdlet cmdlet)
        {
            this.cmdlet = cmdlet;
            logs = new NodeLogWriter(cmdlet);
            progress = new RunProgress(cmdlet);
        }

        public DagRunResult Run(WorkflowRunner runner, EventPump pump, CancellationTokenSource stop)
        {
            var run = Task.Run(() => runner.RunAsync(stop.Token));
            try
            {
                return pump.Drain(run, Handle, Tick);
            }
            catch
            {
                // A Write* threw (-ErrorAction Stop, a stopped pipeline): stop the nodes before unwinding.
                stop.Cancel();
                EventPump.WaitQuietly(run, StopWait);
                throw;
            }
            finally
            {
                if (!cmdlet.Stopping)
                {
                    progress.Complete();
                }
            }
        }

        private void Tick()
        {
            if (!cmdlet.Stopping)
            {
                progress.Tick();
            }
        }

        private static string ErrorText(object? error) => error switch
        {
            ErrorRecord record => record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString(),
            Exception exception => exception.Message,
            _ => error?.ToString() ?? "unknown error",
        };

        private void Handle(RunEvent runEvent)
        {
            progress.Observe(runEvent);
            if (cmdlet.Stopping)
            {
                // Once stopped, every Write* throws; keep draining so the run can finish and report.
                return;
            }

            switch (runEvent)
            {
                case NodeLogEvent log:
                    logs.Write(log);
                    break;
                case NodeRetryingEvent retrying:
                    cmdlet.WriteWarning($"[{retrying.Node}] attempt {retrying.FailedAttempt} of {retrying.MaxAttempts} failed: {ErrorText(retrying.Error)}; next attempt in {DurationText.Format(retrying.Delay)}.");
                    break;
                case NodeStartedEvent started:
                    cmdlet.WriteVerbose($"[{started.Node}] started (attempt {started.Attempt})");
                    break;
                case NodeFinishedEvent finished:
                    var r = finished.Result;
                    var took = r.Duration.HasValue ? $" in {r.Duration.Value.TotalSeconds:0.000}s" : string.Empty;
                    var why = r.Reason == NodeReason.None ? string.Empty : $" ({r.Reason})";
                    cmdlet.WriteVerbose($"[{r.Name}] {r.Status}{why}{took}");
                    break;
            }
        }
    }
}
