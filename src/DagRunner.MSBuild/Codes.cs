namespace DagRunner.MSBuild
{
    /// <summary>
    /// The codes the task logs under. Workflow problems keep the module's own ids (DAG0001–DAG0020);
    /// these add what happens during a run (DAG2xxx) and what is wrong with the task's own setup (DAGMSBnnn).
    /// Users match on them (NoWarn, WarningsAsErrors), so they never change meaning.
    /// </summary>
    internal static class Codes
    {
        /// <summary>A node failed (an error), or failed under <c>continueOnError</c> (a warning).</summary>
        public const string NodeFailed = "DAG2001";

        /// <summary>A node wrote a warning (Write-Warning) or a non-terminating error.</summary>
        public const string NodeWarning = "DAG2002";

        /// <summary>An attempt failed and the node will be tried again.</summary>
        public const string NodeRetrying = "DAG2003";

        /// <summary>The build was cancelled while the workflow ran; the checkpoint records where it stopped.</summary>
        public const string RunCancelled = "DAG2004";

        /// <summary>The run (or pwsh) failed and said nothing more precise.</summary>
        public const string RunFailed = "DAG2005";

        /// <summary>A warning of the module about the run as a whole (for example "Nothing to resume").</summary>
        public const string RunWarning = "DAG2006";

        /// <summary>The workflow file does not exist (the cmdlet's WorkflowFileNotFound) or cannot be read (WorkflowFileUnreadable).</summary>
        public const string WorkflowFileNotFound = "DAG2101";

        /// <summary>A <c>Nodes</c> entry is not a node of the workflow (the cmdlet's NodeNotFound).</summary>
        public const string NodeNotFound = "DAG2102";

        /// <summary>Another run of the same workflow state holds its lock (the cmdlet's RunLocked).</summary>
        public const string RunLocked = "DAG2103";

        /// <summary>The checkpoint cannot be resumed: unreadable, of a newer format, or of another workflow (CheckpointCorrupt, CheckpointNewerFormat, CheckpointForeignWorkflow).</summary>
        public const string CheckpointUnusable = "DAG2104";

        /// <summary>The checkpoint or state folder cannot be written (the cmdlet's CheckpointWriteFailed).</summary>
        public const string CheckpointWriteFailed = "DAG2105";

        /// <summary>The workflow's <c>modules:</c> or <c>setup:</c> failed before any node started.</summary>
        public const string SharedCodeFailed = "DAG2106";

        /// <summary>The run lock was left by a run whose process died; this run took it over (a warning).</summary>
        public const string LockTakenOver = "DAG2107";

        /// <summary>The checkpoint's snapshot could not be rewritten at the run's end; the run is recorded in its journal (a warning, the cmdlet's CheckpointNotCompacted).</summary>
        public const string CheckpointNotCompacted = "DAG2108";

        /// <summary>PowerShell 7 (pwsh) was not found.</summary>
        public const string PwshNotFound = "DAGMSB001";

        /// <summary>A task parameter has a value the task cannot use.</summary>
        public const string BadParameter = "DAGMSB002";

        /// <summary>The module or the runner script is missing from the package.</summary>
        public const string PackageIncomplete = "DAGMSB003";

        /// <summary>pwsh wrote to its error stream (outside any node): start-up problems, a missing tool restore.</summary>
        public const string PwshError = "DAGMSB004";
    }
}
