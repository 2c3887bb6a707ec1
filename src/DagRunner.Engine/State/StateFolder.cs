using System;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// Where one workflow's state lives, and the only place that knows: the checkpoint and its journal, the run
    /// history, the incremental nodes' state, the run lock and its label, and the log folders. By default the folder
    /// is <c>.dagrunner/</c> beside the workflow file; <c>-CheckpointPath</c> moves all of it beside the checkpoint it names,
    /// so every command that is given the same <c>-CheckpointPath</c> (or none) reads and writes the same files.
    /// </summary>
    /// <remarks>
    /// <code>
    /// &lt;folder&gt;/&lt;name&gt;.checkpoint.json            the checkpoint's snapshot (or the file -CheckpointPath names)
    /// &lt;checkpoint&gt;.journal                  records since the snapshot
    /// &lt;checkpoint&gt;.lock, .lock.json        the run lock and its holder's label
    /// &lt;folder&gt;/&lt;name&gt;.history.json               durations of earlier runs (estimates)
    /// &lt;folder&gt;/&lt;name&gt;.incremental.json           incremental nodes' last successes
    /// &lt;folder&gt;/logs/&lt;run id&gt;/                    Grouped output's live log files
    /// </code>
    /// Reading is free for anyone; writing any of it needs the <see cref="RunLock"/>, which <see cref="OpenSession"/> takes.
    /// </remarks>
    internal sealed class StateFolder
    {
        /// <summary>The folder beside the workflow file that holds its state by default.</summary>
        public const string DefaultFolderName = CheckpointPaths.FolderName;

        /// <summary>The workflow was given, not guessed from a file name: a checkpoint of another workflow is refused.</summary>
        private readonly bool knowsWorkflow;

        private StateFolder(string workflowName, string checkpointPath, bool knowsWorkflow)
        {
            this.knowsWorkflow = knowsWorkflow;
            WorkflowName = workflowName;
            CheckpointPath = checkpointPath;
            Directory = System.IO.Path.GetDirectoryName(checkpointPath)!;
        }

        /// <summary>
        /// The state of <paramref name="workflow"/>: beside <paramref name="checkpointPath"/> when given (a full path;
        /// hosts resolve it against their own current location first), else in <c>.dagrunner/</c> beside the workflow.
        /// </summary>
        public static StateFolder Of(WorkflowDefinition workflow, string? checkpointPath = null)
        {
            Guard.NotNull(workflow);
            var checkpoint = checkpointPath != null ? System.IO.Path.GetFullPath(checkpointPath) : CheckpointPaths.Default(workflow);
            return new StateFolder(workflow.Name, checkpoint, knowsWorkflow: true);
        }

        /// <summary>
        /// The state around a checkpoint file when only its path is known (<c>Get-DagCheckpoint -CheckpointPath</c>):
        /// the workflow's name is taken from the file name (<c>&lt;name&gt;.checkpoint.json</c>) for the files that carry it.
        /// </summary>
        public static StateFolder AtCheckpoint(string checkpointPath)
        {
            var fullPath = System.IO.Path.GetFullPath(Guard.NotNull(checkpointPath));
            var file = System.IO.Path.GetFileName(fullPath);
            const string suffix = ".checkpoint.json";
            var name = file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? file.Substring(0, file.Length - suffix.Length) : System.IO.Path.GetFileNameWithoutExtension(file);
            return new StateFolder(name, fullPath, knowsWorkflow: false);
        }

        /// <summary>The workflow whose state this is.</summary>
        public string WorkflowName { get; }

        /// <summary>The folder that holds it all.</summary>
        public string Directory { get; }

        /// <summary>The checkpoint's snapshot file.</summary>
        public string CheckpointPath { get; }

        /// <summary>The checkpoint's journal.</summary>
        public string JournalPath => CheckpointPaths.Journal(CheckpointPath);

        /// <summary>The file the operating system locks while a run writes this state (never deleted).</summary>
        public string LockPath => CheckpointPath + ".lock";

        /// <summary>Who holds the lock (<see cref="LockHolder"/>); present only while a run holds it, or after one died holding it.</summary>
        public string LockLabelPath => CheckpointPath + ".lock.json";

        /// <summary>Durations of earlier runs, for the plan's estimates.</summary>
        public string HistoryPath => System.IO.Path.Combine(Directory, WorkflowName + ".history.json");

        /// <summary>The last successes of incremental nodes (<c>inputs:</c>/<c>outputs:</c>).</summary>
        public string IncrementalPath => System.IO.Path.Combine(Directory, WorkflowName + ".incremental.json");

        /// <summary>Where a run's live log files go when no <c>-LogDirectory</c> is given (Grouped output).</summary>
        public string LogFolder(string runId) => System.IO.Path.Combine(Directory, "logs", Guard.NotNull(runId));

        /// <summary>The run history; empty when there is none or it cannot be read (it only improves estimates).</summary>
        public RunHistory ReadHistory() => RunHistory.Load(HistoryPath);

        /// <summary>The incremental state; empty when there is none or it cannot be read (those nodes then run).</summary>
        public IncrementalState ReadIncremental() => IncrementalState.Load(IncrementalPath);

        /// <summary>Who holds the run lock, by its label; null when no run holds it (or the holder has not said yet).</summary>
        public LockHolder? ReadLockHolder() => LockHolder.Read(LockLabelPath);

        /// <summary>
        /// The checkpoint as it is now, without taking the lock: a run that has not ended reads as Running while the
        /// process that holds the lock is alive (or on another machine, which this one cannot check), else as
        /// Interrupted, with its unfinished nodes likewise.
        /// </summary>
        /// <exception cref="CheckpointException">NotFound, Corrupt or NewerFormat; ForeignWorkflow when the folder was made for another workflow.</exception>
        public CheckpointState ReadCheckpoint()
        {
            var holder = ReadLockHolder();
            bool live = holder != null && holder.IsAlive() != false;
            CheckpointState state;
            try
            {
                state = CheckpointReader.Read(CheckpointPath, live);
            }
            catch (CheckpointException missing) when (missing.Kind == CheckpointErrorKind.NotFound && knowsWorkflow)
            {
                throw WithOtherCheckpoints(missing);
            }

            // A live holder of another run (a new run that has not written its checkpoint yet) says nothing of this one.
            if (live && state.Status == Results.DagRunStatus.Running && holder!.RunId != null && !string.Equals(holder.RunId, state.RunId, StringComparison.Ordinal))
            {
                state = CheckpointReader.Read(CheckpointPath, runIsLive: false);
            }

            if (knowsWorkflow)
            {
                state.EnsureBelongsTo(WorkflowName);
            }

            return state;
        }

        /// <summary>
        /// Takes the run lock (waiting up to <paramref name="lockTimeout"/>), then reads what a run needs: the
        /// checkpoint to resume (when <paramref name="resume"/>), the history and the incremental state.
        /// </summary>
        /// <param name="command">What runs, for the lock's label (Invoke-Dag, Resume-Dag).</param>
        /// <param name="waiting">Called once, with the holder, when the run has to wait for the lock.</param>
        /// <exception cref="StateLockedException">Another run holds the lock.</exception>
        /// <exception cref="CheckpointException">Resuming, and the checkpoint is missing, corrupt, newer or foreign; the lock is let go.</exception>
        public RunSession OpenSession(
            bool resume, string? command, TimeSpan lockTimeout, System.Threading.CancellationToken cancellationToken = default, Action<LockHolder?>? waiting = null)
        {
            RunLock runLock;
            try
            {
                runLock = RunLock.Acquire(this, command, lockTimeout, cancellationToken, waiting);
            }
            catch (Exception e) when (resume && (e is IOException || e is UnauthorizedAccessException) && !File.Exists(CheckpointPath))
            {
                // A folder that cannot be written (read-only, or never made) and holds no checkpoint: that there is
                // nothing to resume is the news, not the folder.
                throw WithOtherCheckpoints(CheckpointException.NotFound(CheckpointPath));
            }

            try
            {
                CheckpointState? previous = null;
                if (resume)
                {
                    try
                    {
                        previous = CheckpointReader.Read(CheckpointPath);
                    }
                    catch (CheckpointException missing) when (missing.Kind == CheckpointErrorKind.NotFound)
                    {
                        throw WithOtherCheckpoints(missing);
                    }

                    previous.EnsureBelongsTo(WorkflowName);
                }

                return new RunSession(this, runLock, previous, ReadHistory(), ReadIncremental());
            }
            catch
            {
                runLock.Dispose();
                throw;
            }
        }

        public override string ToString() => Directory;

        /// <summary>
        /// A missing checkpoint, with the checkpoints of other workflow names in the folder named: a workflow whose
        /// <c>name:</c> was changed finds its last run under the old name, which a resume cannot take (ForeignWorkflow).
        /// </summary>
        private CheckpointException WithOtherCheckpoints(CheckpointException missing)
        {
            const string suffix = ".checkpoint.json";
            string[] others;
            try
            {
                others = System.IO.Directory.Exists(Directory) && !File.Exists(JournalFile.PathOf(CheckpointPath))
                    ? System.IO.Directory.GetFiles(Directory, "*" + suffix)
                        .Where(path => path.EndsWith(suffix, StringComparison.Ordinal) && !string.Equals(path, CheckpointPath, StringComparison.Ordinal))
                        .Select(path => System.IO.Path.GetFileName(path).Substring(0, System.IO.Path.GetFileName(path).Length - suffix.Length))
                        .OrderBy(name => name, StringComparer.Ordinal)
                        .ToArray()
                    : Array.Empty<string>();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return missing;
            }

            if (others.Length == 0)
            {
                return missing;
            }

            var names = string.Join(", ", others.Take(5).Select(name => $"'{name}'")) + (others.Length > 5 ? $" and {others.Length - 5} more" : string.Empty);
            return CheckpointException.NotFound(CheckpointPath, $" The folder holds the checkpoint of {names}: if this workflow's name: was changed, change it back to resume that run.");
        }
    }
}
