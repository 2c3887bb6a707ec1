namespace DagRunner.PowerShell
{
    /// <summary>How Invoke-Dag and Resume-Dag show a run.</summary>
    public enum OutputMode
    {
        /// <summary>Every line a node writes, as it happens, tagged <c>[node]</c>; then the DagRunResult and one error per failed node.</summary>
        Prefixed,

        /// <summary>
        /// Each node's lines together, under a header, when the node ends; lines still reach per-node log files live
        /// (<c>-LogDirectory</c>, else <c>.dagrunner/logs/&lt;run id&gt;/</c> beside the workflow).
        /// </summary>
        Grouped,

        /// <summary>No node lines at all: only the DagRunResult and the errors of failed nodes.</summary>
        Silent,

        /// <summary>
        /// For tools (the MSBuild task, CI): one JSON object per event as a string on the pipeline, and nothing
        /// else: no DagRunResult, no ErrorRecords, no host lines. See docs/output-json.md.
        /// </summary>
        Json,

        /// <summary>
        /// Prefixed lines, and under them a region redrawn in place: each running node with its elapsed time and
        /// attempt, the counts by state, the time left. The default in a console that takes VT sequences when the
        /// output is not redirected; elsewhere (redirected, PlainText rendering, -CI) it is Prefixed.
        /// </summary>
        Live,
    }
}
