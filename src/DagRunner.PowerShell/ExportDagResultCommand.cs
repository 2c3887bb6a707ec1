using System;
using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Export;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Writes a run's results for CI: JUnit XML (one test case per node) or a JSON document.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DagResult", DefaultParameterSetName = ResultSet, SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDagResultCommand : DagExportCommandBase
    {
        /// <summary>JUnit (default) or Json.</summary>
        [Parameter]
        public ResultFormat Format { get; set; } = ResultFormat.JUnit;

        protected override void ProcessRecord()
        {
            var run = ReadRun();
            if (run == null)
            {
                return;
            }

            var report = run.Report;
            var text = Format == ResultFormat.Json ? ResultJson.Build(report) : JUnitReport.Build(report, Environment.MachineName);
            var source = report.IsFromCheckpoint ? "checkpoint of run" : "results of run";
            Write(text, $"the {Format} {source} {report.RunId} of '{report.Workflow}'");
        }
    }
}
