using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Runs a workflow for a cmdlet: the engine works on other threads, this class hands its events to the output
    /// on the pipeline thread, and whatever stops the pipeline (Ctrl+C, a Write that throws) stops the run first; so does
    /// SIGTERM or SIGHUP, after which the process exits (<see cref="TerminationSignal"/>).
    /// </summary>
    internal sealed class RunHost
    {
        /// <summary>How long a stopped run may take to stop its nodes before the cmdlet gives up waiting.</summary>
        private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

        private readonly PSCmdlet cmdlet;
        private readonly IRunOutput output;
        private readonly RunProgress? progress;
        private readonly RunLogFiles? logFiles;

        public RunHost(PSCmdlet cmdlet, IRunOutput output, bool showProgress, RunLogFiles? logFiles = null)
        {
            this.cmdlet = cmdlet;
            this.output = output;
            this.logFiles = logFiles;
            progress = showProgress ? new RunProgress(cmdlet) : null;
        }

        /// <summary>
        /// True once <see cref="Run"/> has returned a run that SIGTERM or SIGHUP stopped: the cmdlet reports it, then calls
        /// <see cref="ExitIfTerminated"/>.
        /// </summary>
        public bool TerminationRequested { get; private set; }

        public DagRunResult Run(WorkflowRunner runner, EventPump pump, CancellationTokenSource stop)
        {
            // SIGTERM and SIGHUP are Ctrl+C for the length of the run; before and after it, they end the process as usual.
            var termination = TerminationSignal.Listen(stop);
            var run = Task.Run(() => runner.RunAsync(stop.Token));
            try
            {
                return pump.Drain(run, e => Handle(e, runner), Tick);
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
                TerminationRequested = termination.End();
                if (TerminationRequested)
                {
                    output.Terminating();
                }

                if (!cmdlet.Stopping)
                {
                    try
                    {
                        progress?.Complete();
                    }
                    catch (PipelineStoppedException) when (cmdlet.Stopping)
                    {
                        // As in Tick: Ctrl+C between the check and the write.
                    }
                }
            }
        }

        /// <summary>After a run that SIGTERM or SIGHUP stopped has been reported: ends the process with 143 or 129, as the signal would have.</summary>
        public void ExitIfTerminated()
        {
            if (TerminationRequested)
            {
                logFiles?.Dispose(); // Environment.Exit skips the cmdlet's using blocks.
                TerminationSignal.ExitProcess();
            }
        }

        private void Tick()
        {
            if (!cmdlet.Stopping)
            {
                try
                {
                    progress?.Tick();
                    output.Tick();
                }
                catch (PipelineStoppedException) when (cmdlet.Stopping)
                {
                    // Ctrl+C landed between the check and the Write*: without this catch the cmdlet unwound here, and
                    // the stopped run's summary never reached the console (seen under load).
                }
            }
        }

        private void Handle(RunEvent runEvent, WorkflowRunner runner)
        {
            progress?.Observe(runEvent);
            logFiles?.Write(runEvent);
            try
            {
                // Once stopped, the output writes through the host (Write* throws then); keep draining so the run can finish and report.
                output.Event(runEvent, runner.Plan);
            }
            catch (PipelineStoppedException) when (cmdlet.Stopping)
            {
                // Ctrl+C landed during this event's Write*: the console misses its lines (a -LogDirectory file has them); later ones go to the host.
            }
        }
    }
}
