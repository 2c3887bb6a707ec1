using System.Management.Automation;
using DagRunner.Engine.Planning;
using DagRunner.Engine.State;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Returns the plan of a workflow: levels, critical path and estimates.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DagPlan", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ExecutionPlan))]
    public sealed class GetDagPlanCommand : DagCommandBase
    {
        /// <summary>Plan only these nodes and what they need.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NodeCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Where the workflow's state is, when its runs use <c>-CheckpointPath</c>: the estimates come from the history beside it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        protected override void ProcessRecord()
        {
            var loaded = LoadValid();
            if (loaded?.Workflow == null)
            {
                return;
            }

            try
            {
                // Durations of earlier runs, when there are any, make the estimates and the critical path real.
                var state = StateFolder.Of(loaded.Workflow, CheckpointPath != null ? GetUnresolvedProviderPathFromPSPath(CheckpointPath) : null);
                var history = state.ReadHistory();
                WriteObject(Planner.CreatePlan(loaded.Workflow, Node, history.Estimates(), "History"));
            }
            catch (UnknownNodeException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NodeNotFound, ErrorCategory.ObjectNotFound, ex.NodeName));
            }
        }
    }
}
