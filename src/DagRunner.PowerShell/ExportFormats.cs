namespace DagRunner.PowerShell
{
    /// <summary>The text Export-DagGraph writes.</summary>
    public enum GraphFormat
    {
        /// <summary>A Mermaid flowchart: GitHub, GitLab and Azure DevOps render it inside Markdown (```mermaid).</summary>
        Mermaid,

        /// <summary>Graphviz DOT: <c>dot -Tpng graph.dot -o graph.png</c>.</summary>
        Dot,
    }

    /// <summary>The text Export-DagTimeline writes.</summary>
    public enum TimelineFormat
    {
        /// <summary>Trace Event Format JSON: open it in Perfetto (ui.perfetto.dev) or chrome://tracing.</summary>
        ChromeTrace,

        /// <summary>A Mermaid gantt chart, for Markdown.</summary>
        MermaidGantt,
    }

    /// <summary>The document Export-DagResult writes.</summary>
    public enum ResultFormat
    {
        /// <summary>JUnit XML: CI servers show each node as a test case (passed, failed, skipped).</summary>
        JUnit,

        /// <summary>One JSON document with statuses as names, ISO 8601 times and durations in seconds.</summary>
        Json,
    }
}
