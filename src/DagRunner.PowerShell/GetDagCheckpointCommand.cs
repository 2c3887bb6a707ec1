using System.Management.Automation;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.State;
using DagRunner.PowerShell.Hosting;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Reads a workflow's checkpoint: run id, per-node status, attempts, times, errors.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DagCheckpoint", DefaultParameterSetName = CheckpointSet)]
    [OutputType(typeof(CheckpointState))]
    public sealed class GetDagCheckpointCommand : DagCommandBase
    {
        private const string CheckpointSet = "Checkpoint";

        /// <summary>The checkpoint file; default <c>.dagrunner/&lt;name&gt;.checkpoint.json</c> beside the workflow.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        [Parameter(Mandatory = true, ParameterSetName = CheckpointSet)]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        protected override void ProcessRecord()
        {
            StateFolder state;
            var checkpointPath = CheckpointPath != null ? GetUnresolvedProviderPathFromPSPath(CheckpointPath) : null;
            if (ParameterSetName == CheckpointSet)
            {
                state = StateFolder.AtCheckpoint(checkpointPath!);
            }
            else
            {
                var workflow = LoadValid()?.Workflow;
                if (workflow == null)
                {
                    return;
                }

                state = StateFolder.Of(workflow, checkpointPath);
            }

            try
            {
                // Never takes the run lock: a run going on shows as Running, one whose process died as Interrupted.
                WriteObject(state.ReadCheckpoint());
            }
            catch (CheckpointException ex)
            {
                WriteError(CheckpointErrors.ToErrorRecord(ex));
            }
        }
    }
}
