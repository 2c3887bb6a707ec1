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
