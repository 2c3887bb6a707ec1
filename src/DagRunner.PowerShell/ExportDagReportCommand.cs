using System;
using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Export;
using DagRunner.Engine.Planning;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Writes a run as one self-contained HTML page: graph, timeline, node table, logs and errors, and the run's facts.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DagReport", DefaultParameterSetName = ResultSet, SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDagReportCommand : DagExportCommandBase
    {
        /// <summary>A page holds less of each log than the CI formats: 2,000 nodes' logs must still open at once.</summary>
        private protected override int MaxLogChars => HtmlReportData.MaxLogChars;

        /// <summary><c>Export-DagReport -Path build.dag.yaml</c>: the report of that workflow's last run, from its checkpoint.</summary>
        private protected override bool WorkflowMeansItsLastRun => true;

        protected override void ProcessRecord()
        {
            var run = ReadRun();
            if (run == null)
            {
                return;
            }

            var plan = PlanOf(run);
            var facts = run.Result != null ? RunFacts.FromResult(run.Result, Environment.MachineName) : RunFacts.FromCheckpoint(plan, Environment.MachineName);
            var text = HtmlReport.Build(run.Report, facts, plan);
            var source = run.Report.IsFromCheckpoint ? "checkpoint of run" : "run";
            Write(text, $"the HTML report of the {source} {run.Report.RunId} of '{run.Report.Workflow}'");
        }

        /// <summary>
        /// The plan of the nodes the run had, for the graph's edges (and a checkpoint's estimated critical path, from
        /// the run history as Get-DagPlan estimates it). Null without the workflow: the page then draws no edges.
        /// </summary>
        private ExecutionPlan? PlanOf(ExportedRun run)
        {
            if (run.Workflow == null)
            {
                WriteVerbose("The run's workflow could not be read (again): the report's graph has no edges.");
                return null;
            }

            try
            {
                var estimates = run.State?.ReadHistory().Estimates();
                return Planner.CreatePlan(run.Workflow, run.NodeNames(run.Workflow), estimates, estimates != null ? "History" : "Default");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is UnknownNodeException)
            {
                WriteWarning($"The graph of '{run.Workflow.Name}' could not be planned, so the report draws no edges: {ex.Message}");
                return null;
            }
        }
    }
}
