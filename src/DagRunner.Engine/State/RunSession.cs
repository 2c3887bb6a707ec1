using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Scheduling;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// One run's hold on its <see cref="StateFolder"/>: the run lock, and what was read under it (the checkpoint to
    /// resume, the history, the incremental state). <see cref="Configure"/> hands them to the run; <see cref="Save"/>
    /// writes history and incremental state back after it; disposing lets the lock go. Made by
    /// <see cref="StateFolder.OpenSession"/>.
    /// </summary>
    internal sealed class RunSession : IDisposable
    {
        private readonly RunLock runLock;
        private string? takeOverWarning;

        internal RunSession(StateFolder folder, RunLock runLock, CheckpointState? resumeFrom, RunHistory history, IncrementalState incremental)
        {
            Folder = folder;
            this.runLock = runLock;
            ResumeFrom = resumeFrom;
            History = history;
            Incremental = incremental;
        }

        public StateFolder Folder { get; }

        /// <summary>The checkpoint of the run to continue, read under the lock; null for a new run.</summary>
        public CheckpointState? ResumeFrom { get; }

        public RunHistory History { get; }

        public IncrementalState Incremental { get; }

        /// <summary>The run that held the lock before and died holding it (its process was killed); null normally.</summary>
        public LockHolder? TakenOverFrom => runLock.TakenOverFrom;

        /// <summary>
        /// What to tell the user about taking over a dead run's lock, naming the processes it left running (a node that
        /// runs again would run beside them); null when there is nothing to tell.
        /// </summary>
        public string? TakeOverWarning
        {
            get
            {
                if (TakenOverFrom == null)
                {
                    return null;
                }

                if (takeOverWarning != null)
                {
                    return takeOverWarning; // it looks through every process: once is enough
                }

                var text = $"The run lock of workflow '{Folder.WorkflowName}' was left by {TakenOverFrom}, which ended without letting it go (killed, crashed or the machine restarted); this run took it over.";
                var leftover = LeftoverProcesses.Of(TakenOverFrom);
                return takeOverWarning = leftover.Count == 0 ? text
                    : $"{text} Processes that pid {TakenOverFrom.ProcessId} started are still running: {LeftoverProcesses.Describe(leftover)}. A node that runs again runs beside them; stop them first if it must not (kill {string.Join(" ", leftover.Select(p => p.ProcessId))}).";
            }
        }

        /// <summary>Points <paramref name="options"/> at this state: the checkpoint path, the run to resume, the history and the incremental state.</summary>
        public RunOptions Configure(RunOptions options)
        {
            Guard.NotNull(options);
            options.CheckpointPath = Folder.CheckpointPath;
            options.ResumeFrom = ResumeFrom;
            options.History = History;
            options.Incremental = Incremental;
            return options;
        }

        /// <summary>Puts the run's id on the lock's label, so a second run can name it.</summary>
        public void Describe(string runId) => runLock.Describe(runId);

        /// <summary>
        /// Writes the history (with the run's durations already recorded into it) and the incremental state. Losing
        /// either only costs estimates or a re-run, so a failure is a warning, never an error; returns the warnings.
        /// </summary>
        public IReadOnlyList<string> Save()
        {
            var warnings = new List<string>();
            Try(() => History.Save(Folder.HistoryPath, Folder.WorkflowName), $"Run history '{Folder.HistoryPath}' was not saved (estimates use older runs)", warnings);
            Try(() => Incremental.SaveIfChanged(Folder.IncrementalPath), $"Incremental state '{Folder.IncrementalPath}' was not saved (those nodes run again next time)", warnings);
            return warnings;
        }

        /// <summary>Lets the lock go: the next run may start.</summary>
        public void Dispose() => runLock.Dispose();

        private static void Try(Action save, string what, List<string> warnings)
        {
            try
            {
                save();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                warnings.Add($"{what}: {ex.Message}");
            }
        }
    }
}
