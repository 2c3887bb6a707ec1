using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Export;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.State;
using DagRunner.PowerShell.Hosting;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Writes a workflow's graph as Mermaid or Graphviz DOT text, coloured by status when given a run.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DagGraph", DefaultParameterSetName = ResultSet, SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDagGraphCommand : DagCommandBase
    {
        private const string ResultSet = "Result";

        /// <summary>Mermaid (default) or Dot.</summary>
        [Parameter]
        public GraphFormat Format { get; set; } = GraphFormat.Mermaid;

        /// <summary>
        /// A run of the workflow (Invoke-Dag or Resume-Dag): colours each node by its status and draws the run's
        /// actual critical path. Piped alone, its workflow file is read from the result.
        /// </summary>
        /// <remarks>
        /// Pipeline input only in its own set: in the -Path set PowerShell would rather turn a piped result into a
        /// string for -Path (its ToString) than leave -Path unbound.
        /// </remarks>
        [Parameter(Mandatory = true, ParameterSetName = ResultSet, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        [ValidateNotNull]
        public DagRunResult? Result { get; set; }

        /// <summary>Colour the nodes by the workflow's checkpoint: the last run, or the one still going.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public SwitchParameter FromCheckpoint { get; set; }

        /// <summary>The checkpoint to colour by (implies -FromCheckpoint); default <c>.dagrunner/&lt;name&gt;.checkpoint.json</c>.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        /// <summary>Draw only these nodes and what they need.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Down (default): needs above the nodes that need them; Right: needs on the left.</summary>
        [Parameter]
        public GraphDirection Direction { get; set; } = GraphDirection.Down;

        /// <summary>Write the text to this file (UTF-8) instead of the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile, return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            bool fromCheckpoint = FromCheckpoint || CheckpointPath != null;
            if (fromCheckpoint && Result != null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException("Give either a run result (-Result) or -FromCheckpoint/-CheckpointPath to colour the graph, not both."),
                    ErrorIds.ExportStatusSourceConflict, ErrorCategory.InvalidArgument, null));
            }

            var workflow = ParameterSetName == ResultSet ? LoadWorkflowOf(Result!) : LoadValid()?.Workflow;
            if (workflow == null)
            {
                return;
            }

            RunStatuses? statuses = null;
            if (Result != null)
            {
                if (!ResultWorkflow.SameName(workflow, Result))
                {
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"The run result is of workflow '{Result.Name}', not '{workflow.Name}'. Pass the result of a run of this workflow, or pipe the result alone."),
                        ErrorIds.ResultForeignWorkflow, ErrorCategory.InvalidArgument, Result));
                    return;
                }

                statuses = RunStatuses.FromResult(Result);
            }
            else if (fromCheckpoint)
            {
                statuses = ReadCheckpoint(workflow);
                if (statuses == null)
                {
                    return;
                }
            }

            var plan = Plan(workflow);
            if (plan == null)
            {
                return;
            }

            var text = Format == GraphFormat.Dot ? DotGraph.Build(plan, statuses, Direction) : MermaidGraph.Build(plan, statuses, Direction);
            ExportTarget.Write(this, text, OutFile, PassThru, $"the {Format} graph of '{workflow.Name}'");
        }

        /// <summary>A piped result names its workflow file; a result of an inline -Definition does not.</summary>
        private WorkflowDefinition? LoadWorkflowOf(DagRunResult result)
        {
            var file = ResultWorkflow.FileOf(result);
            if (file == null)
            {
                WriteError(new ErrorRecord(
                    new PSArgumentException($"The run of '{result.Name}' came from an inline -Definition, so its workflow cannot be read again. Pass the same definition: Export-DagGraph -Definition $definition -Result $result."),
                    ErrorIds.ResultWorkflowUnknown, ErrorCategory.InvalidArgument, result));
                return null;
            }

            LoadResult? loaded = WorkflowSource.Load(this, Output, file, null);
            return loaded != null && Output.Report(loaded.Diagnostics) ? loaded.Workflow : null;
        }

        private RunStatuses? ReadCheckpoint(WorkflowDefinition workflow)
        {
            try
            {
                return RunStatuses.FromCheckpoint(State(workflow).ReadCheckpoint());
            }
            catch (CheckpointException ex)
            {
                WriteError(CheckpointErrors.ToErrorRecord(ex));
                return null;
            }
        }

        /// <summary>The workflow's state: beside -CheckpointPath when given, so the history read is the one its runs wrote.</summary>
        private StateFolder State(WorkflowDefinition workflow)
            => StateFolder.Of(workflow, CheckpointPath != null ? GetUnresolvedProviderPathFromPSPath(CheckpointPath) : null);

        /// <summary>
        /// The plan to draw: -Node's selection, else the nodes the result ran (a run made with -Node draws as it
        /// ran). Estimates come from the run history, as in Get-DagPlan, so an uncoloured graph shows the same
        /// critical path.
        /// </summary>
        private ExecutionPlan? Plan(WorkflowDefinition workflow)
        {
            IReadOnlyCollection<string>? selection = Node;
            if (selection == null && Result != null)
            {
                selection = ResultWorkflow.NodesOf(Result, workflow);
            }

            try
            {
                var history = State(workflow).ReadHistory();
                return Planner.CreatePlan(workflow, selection, history.Estimates(), "History");
            }
            catch (UnknownNodeException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NodeNotFound, ErrorCategory.ObjectNotFound, ex.NodeName));
                return null;
            }
        }
    }
}
