using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Export;
using DagRunner.Engine.Results;
using DagRunner.PowerShell.Hosting;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Writes a run as a timeline: a Chrome trace (one track per runspace) or a Mermaid gantt chart.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DagTimeline", SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDagTimelineCommand : PSCmdlet
    {
        /// <summary>The run to draw: what Invoke-Dag or Resume-Dag returned.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public DagRunResult? Result { get; set; }

        /// <summary>ChromeTrace (default): Trace Event Format JSON for Perfetto; MermaidGantt: a gantt chart for Markdown.</summary>
        [Parameter]
        public TimelineFormat Format { get; set; } = TimelineFormat.ChromeTrace;

        /// <summary>Write the text to this file (UTF-8) instead of the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile, return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var result = Result!;
            var text = Format == TimelineFormat.MermaidGantt ? MermaidGantt.Build(result) : ChromeTrace.Build(result);
            ExportTarget.Write(this, text, OutFile, PassThru, $"the {Format} timeline of run {result.RunId}");
        }
    }
}
