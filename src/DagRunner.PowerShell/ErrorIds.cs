namespace DagRunner.PowerShell
{
    /// <summary>
    /// Stable ErrorRecord ids of the cmdlets (workflow problems use their DAGnnnn diagnostic id instead).
    /// Tests and scripts match on these, never on message text.
    /// </summary>
    internal static class ErrorIds
    {
        /// <summary>The workflow file does not exist.</summary>
        public const string WorkflowFileNotFound = "WorkflowFileNotFound";

        /// <summary>The workflow file exists but could not be read.</summary>
        public const string WorkflowFileUnreadable = "WorkflowFileUnreadable";

        /// <summary>A <c>-Node</c> name is not a node of the workflow.</summary>
        public const string NodeNotFound = "NodeNotFound";

        /// <summary>A node Failed (one error per failed node, after the run result).</summary>
        public const string NodeFailed = "NodeFailed";

        /// <summary>
        /// The checkpoint could not be written (folder not writable, disk full): at the start (nothing ran), or during the
        /// run (it stopped there, its running nodes stopped; Resume-Dag goes on from what was recorded).
        /// </summary>
        public const string CheckpointWriteFailed = "CheckpointWriteFailed";

        /// <summary>A -Parameters entry no script reads, perhaps a misspelt variable (a warning): it is neither a variable of the workflow nor named in a script.</summary>
        public const string ParameterUnread = "ParameterUnread";

        /// <summary>A log file (-LogDirectory, or Grouped output's) could not be written (a warning): the files stop there, the run goes on.</summary>
        public const string LogWriteFailed = "LogWriteFailed";

        /// <summary>The checkpoint's snapshot could not be rewritten at the run's end (written as a warning): the run is recorded in its journal.</summary>
        public const string CheckpointNotCompacted = "CheckpointNotCompacted";

        /// <summary>Resume-Dag found a completed run with every node unchanged (written as a warning).</summary>
        public const string NothingToResume = "CheckpointNothingToResume";

        /// <summary>Export-DagGraph was given both a run result and -FromCheckpoint/-CheckpointPath: one source of statuses at a time.</summary>
        public const string ExportStatusSourceConflict = "ExportStatusSourceConflict";

        /// <summary>A run result came from an inline -Definition, so the workflow cannot be read again from a file; pass -Definition too.</summary>
        public const string ResultWorkflowUnknown = "ResultWorkflowUnknown";

        /// <summary>A run result passed with -Path or -Definition is of another workflow.</summary>
        public const string ResultForeignWorkflow = "ResultForeignWorkflow";

        /// <summary>Export-DagResult was given -Path or -Definition without -FromCheckpoint or -CheckpointPath: no run to export.</summary>
        public const string ResultSourceMissing = "ResultSourceMissing";

        /// <summary>Export-DagResult's -LogDirectory does not exist (a non-terminating error; the report is written without logs).</summary>
        public const string LogDirectoryNotFound = "LogDirectoryNotFound";

        /// <summary>-OutFile could not be written.</summary>
        public const string OutFileWriteFailed = "OutFileWriteFailed";

        /// <summary>The run lock was left by a run whose process died; this run took it over (a warning).</summary>
        public const string LockTakenOver = "LockTakenOver";

        /// <summary>-CI on GitHub Actions: the job summary file (GITHUB_STEP_SUMMARY) could not be written (a warning).</summary>
        public const string StepSummaryNotWritten = "StepSummaryNotWritten";
    }
}
