namespace DagRunner.Commands
{
    /// <summary>How Invoke-Dag and Resume-Dag show a run.</summary>
    public enum OutputMode
    {
        /// <summary>Every line a node writes, as it happens, tagged <c>[node]</c>; then the DagRunResult and one error per failed node.</summary>
        Prefixed,

        /// <summary>
        /// For tools (the MSBuild task, CI): one JSON object per event as a string on the pipeline, and nothing
        /// else: no DagRunResult, no ErrorRecords, no host lines. See docs/output-json.md.
        /// </summary>
        Json,
    }
}
