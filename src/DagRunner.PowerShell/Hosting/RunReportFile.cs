using System;
using System.IO;
using System.Text;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Export;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// <c>report.html</c> in a run's <c>-LogDirectory</c>: the page Export-DagReport writes, made when the run ends
    /// (also when Ctrl+C stopped it), from the run's own plan and the node log files beside it.
    /// </summary>
    internal sealed class RunReportFile
    {
        public const string FileName = "report.html";

        private readonly WorkflowDefinition workflow;
        private readonly ExecutionPlan plan;

        public RunReportFile(WorkflowDefinition workflow, ExecutionPlan plan)
        {
            this.workflow = workflow;
            this.plan = plan;
        }

        public void Write(string folder, DagRunResult result)
        {
            var report = ResultReport.FromResult(result, workflow, node => RunLogFiles.ReadTail(folder, node, HtmlReportData.MaxLogChars));
            var html = HtmlReport.Build(report, RunFacts.FromResult(result, Environment.MachineName), plan);
            File.WriteAllText(Path.Combine(folder, FileName), html, new UTF8Encoding(false));
        }
    }
}
