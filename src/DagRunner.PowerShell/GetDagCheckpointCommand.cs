using System.Management.Automation;
using DagRunner.Checkpoints;
using DagRunner.Commands.Hosting;

namespace DagRunner.Commands
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
            string path;
            if (CheckpointPath != null)
            {
                path = GetUnresolvedProviderPathFromPSPath(CheckpointPath);
            }
            else
            {
                var workflow = LoadValid()?.Workflow;
                if (workflow == null)
                {
                    return;
                }

                path = CheckpointPaths.Default(workflow);
            }

            try
            {
                WriteObject(CheckpointReader.Read(path));
            }
            catch (CheckpointException ex)
            {
                WriteError(CheckpointErrors.ToErrorRecord(ex));
            }
        }
    }
}
