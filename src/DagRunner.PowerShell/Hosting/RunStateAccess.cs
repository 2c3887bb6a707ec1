using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Scheduling;
using DagRunner.Engine.State;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// How Invoke-Dag and Resume-Dag reach a workflow's state folder: under the run lock for a real run, without it for
    /// -WhatIf and -NoCheckpoint. Each problem (lock held, checkpoint unusable, folder not writable) becomes one error
    /// record with its id, and the caller gets null/false and stops.
    /// </summary>
    internal sealed class RunStateAccess
    {
        private readonly PSCmdlet cmdlet;
        private readonly IRunOutput output;
        private readonly StateFolder state;
        private readonly bool resume;

        public RunStateAccess(PSCmdlet cmdlet, IRunOutput output, StateFolder state, bool resume)
        {
            this.cmdlet = cmdlet;
            this.output = output;
            this.state = state;
            this.resume = resume;
        }

        // A folder that cannot be written (a disk remounted read-only after errors) can still be read: a copy of it
        // elsewhere resumes. The text is what the MSBuild task rewrites for a build.
        private const string CopyAdvice = "copy the state folder somewhere writable and pass the copy's checkpoint with -CheckpointPath";

        /// <summary>
        /// Takes the run lock (waiting up to <paramref name="lockTimeout"/>, with progress) and reads the state under
        /// it; null after writing the error when another run holds the lock, the checkpoint to resume cannot be used,
        /// or Ctrl+C stopped the wait.
        /// </summary>
        public RunSession? OpenSession(TimeSpan lockTimeout, CancellationToken stop)
        {
            var activity = $"Waiting for the run lock of '{state.WorkflowName}'";
            try
            {
                var session = state.OpenSession(resume, cmdlet.MyInvocation.MyCommand.Name, lockTimeout, stop, holder =>
                {
                    var who = holder?.ToString() ?? "another run";
                    cmdlet.WriteVerbose($"Waiting up to {DurationText.Format(lockTimeout)} for the run lock of '{state.WorkflowName}', held by {who}.");
                    cmdlet.WriteProgress(new ProgressRecord(0, activity, $"Held by {who}"));
                });
                if (lockTimeout > TimeSpan.Zero)
                {
                    cmdlet.WriteProgress(new ProgressRecord(0, activity, "Taken") { RecordType = ProgressRecordType.Completed });
                }

                if (session.TakeOverWarning != null)
                {
                    output.Warning(session.TakeOverWarning, ErrorIds.LockTakenOver);
                }

                return session;
            }
            catch (StateLockedException ex)
            {
                output.Error(new ErrorRecord(ex, StateLockedException.ErrorId, ErrorCategory.ResourceBusy, ex.LockPath));
            }
            catch (CheckpointException ex)
            {
                output.Error(CheckpointErrors.ToErrorRecord(ex));
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C while waiting for the lock: nothing started, nothing to report.
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                output.Error(NotWritable(state.Directory, ex));
            }

            return null;
        }

        /// <summary>-WhatIf and -NoCheckpoint: the state as it is, read without the lock (history for estimates; the checkpoint a resume would continue).</summary>
        public bool ReadWithoutLock(bool keepsState, RunOptions options)
        {
            options.History = state.ReadHistory();
            if (!keepsState)
            {
                return true;
            }

            options.CheckpointPath = state.CheckpointPath;
            options.Incremental = state.ReadIncremental();
            if (!resume)
            {
                return true;
            }

            try
            {
                options.ResumeFrom = state.ReadCheckpoint();
                return true;
            }
            catch (CheckpointException ex)
            {
                output.Error(CheckpointErrors.ToErrorRecord(ex));
                return false;
            }
        }

        /// <summary>
        /// The error for a checkpoint that could not be written once the run had begun: the run stopped there (its
        /// running nodes are stopped as the cmdlet returns), and a resume goes on from what the checkpoint holds.
        /// </summary>
        public ErrorRecord StoppedRun(CheckpointWriteException ex)
        {
            var reason = ex.InnerException?.Message.TrimEnd(' ', '.') ?? ex.Message;
            var message = $"The run stopped: its checkpoint '{ex.Path}' cannot be written: {reason}. The nodes still running were stopped; every node the checkpoint recorded before stays recorded. Free space or make the folder writable, then run Resume-Dag to go on from there (or {CopyAdvice}).";
            return new ErrorRecord(new IOException(message, ex), ErrorIds.CheckpointWriteFailed, ErrorCategory.WriteError, ex.Path);
        }

        /// <summary>The warning for a run whose checkpoint snapshot could not be rewritten at its end (<see cref="WorkflowRunner.SnapshotFailure"/>).</summary>
        public string NotCompacted(Exception failure)
            => $"The checkpoint '{state.CheckpointPath}' could not be rewritten at the run's end: {failure.Message.TrimEnd(' ', '.')}. Nothing is lost: the run is recorded in its journal beside it, which Resume-Dag and Get-DagCheckpoint read. Free space so that the next run can rewrite it.";

        /// <summary>
        /// The error for a state folder or checkpoint that cannot be written, with what to do: a new run can go
        /// elsewhere; a resume needs the checkpoint it continues, so it goes on from a copy.
        /// </summary>
        public ErrorRecord NotWritable(string path, Exception ex)
        {
            var what = $"The {(path == state.CheckpointPath ? "checkpoint" : "state folder")} '{path}' cannot be written: {ex.Message.TrimEnd(' ', '.')}.";
            var message = resume
                ? $"{what} Resume-Dag records the run it continues there: make the folder writable, or {CopyAdvice}. Get-DagCheckpoint reads the checkpoint where it is."
                : $"{what} Use -CheckpointPath to put it elsewhere, or -NoCheckpoint.";
            return new ErrorRecord(new IOException(message, ex), ErrorIds.CheckpointWriteFailed, ErrorCategory.WriteError, state.CheckpointPath);
        }
    }
}
