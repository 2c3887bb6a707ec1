using System;
using System.Diagnostics;
using System.Threading;
using DagRunner.MSBuild.Launching;

namespace DagRunner.MSBuild
{
    /// <summary>
    /// How Ctrl+C in the build (MSBuild's <see cref="Cancel"/>) and SIGTERM to it (the end of MSBuild's process) reach
    /// the pwsh running the workflow: Ctrl+C to pwsh, so the run stops as at a prompt and the checkpoint records
    /// Cancelled, then the end of pwsh if it has not stopped within <see cref="CancelGracePeriod"/>.
    /// </summary>
    public sealed partial class RunDag
    {
        private int toolProcessId;

        /// <summary>How long <see cref="Cancel"/> lets pwsh stop the run and write the checkpoint before killing it.</summary>
        internal TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Ctrl+C in the build: let pwsh stop the run as on Ctrl+C (it records Cancelled), then end it if it does not.</summary>
        public override void Cancel()
        {
            if (!InterruptAndWait(CancelGracePeriod) && warm?.ProcessId > 0 && !toolFinished.IsSet)
            {
                // A warm pwsh is no child of ToolTask's to kill: end it the way StopPwshOnExit does.
                Kill(PwshProcessId);
            }

            base.Cancel();
        }

        /// <summary>The pwsh running this build's workflow: the id runStarted reported, else the warm pwsh's, else the process ToolTask started.</summary>
        private int PwshProcessId => events?.ProcessId > 0 ? events.ProcessId : warm?.ProcessId > 0 ? warm.ProcessId : StartedProcessId;

        /// <summary>
        /// The process ToolTask started, once <see cref="StartToolProcess"/> has returned it; 0 before. A cancel in
        /// that instant finds no process to signal and leaves pwsh to ToolTask's kill: it has run nothing yet.
        /// </summary>
        internal int StartedProcessId => Volatile.Read(ref toolProcessId);

        /// <summary>
        /// Notes pwsh's id as it starts: a cancel before the run reports its own (runStarted, which comes after pwsh
        /// loaded the module, and which the output thread may read later still) must reach it too.
        /// </summary>
        protected override Process StartToolProcess(Process proc)
        {
            var started = base.StartToolProcess(proc);
            Volatile.Write(ref toolProcessId, started.Id);
            return started;
        }

        /// <summary>
        /// MSBuild's process is ending while pwsh runs: stop the run as Ctrl+C does (cleanup nodes run, the checkpoint
        /// records Cancelled, the lock is let go), wait for that up to <see cref="CancelGracePeriod"/>, then end pwsh.
        /// </summary>
        internal void StopPwshOnExit(object? sender, EventArgs e)
        {
            var watch = Stopwatch.StartNew();
            // pwsh may be forked already with its id not yet noted: returning now would leave it running the whole
            // workflow on its own. This handler is added as ExecuteTool begins, which starts pwsh at once.
            SpinWait.SpinUntil(() => PwshProcessId > 0 || toolFinished.IsSet, CancelGracePeriod);

            if (PwshProcessId <= 0 || toolFinished.IsSet)
            {
                return;
            }

            if (!InterruptAndWait(CancelGracePeriod - watch.Elapsed))
            {
                Kill(PwshProcessId);
            }
        }

        private static void Kill(int processId)
        {
            if (processId <= 0)
            {
                return;
            }

            try
            {
                using var pwshProcess = Process.GetProcessById(processId);
                pwshProcess.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        /// <summary>Ctrl+C to pwsh (again while it starts), then up to <paramref name="grace"/> for it to stop the run; true when it ended in time.</summary>
        private bool InterruptAndWait(TimeSpan grace)
        {
            cancelled = true;
            // Pairs with the barrier in WarmPwshBuild.TryRun: either the pwsh's id is read below, or TryRun sees the flag.
            Interlocked.MemoryBarrier();
            // A warm pwsh runs its script all along, so one Ctrl+C reaches it. More than one kept the build from ending
            // (MSBuildWarm.Tests, INT), likely by cutting short the finally block that reports the exit code to the task.
            var ended = GracefulStop.Run(() => PwshProcessId, () => events?.ProcessId > 0 || warm?.ProcessId > 0, Interrupt.Send, toolFinished, grace, out var sent);
            if (sent)
            {
                interrupted = true;
            }

            return ended;
        }
    }
}
