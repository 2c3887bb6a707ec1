using System.Management.Automation;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Validates, plans and runs a workflow, nodes in parallel as soon as their needs allow.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "Dag", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DagRunResult))]
    public sealed class InvokeDagCommand : DagRunCommandBase
    {
        /// <summary>Write no checkpoint for this run (it cannot be resumed).</summary>
        [Parameter]
        public SwitchParameter NoCheckpoint { get; set; }

        /// <summary>Continue the last run from its checkpoint instead of starting a new one (the same as Resume-Dag).</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        protected override void ProcessRecord()
        {
            if (Resume && NoCheckpoint)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException("-Resume continues a run from its checkpoint, so it cannot be combined with -NoCheckpoint."),
                    "ResumeWithoutCheckpoint", ErrorCategory.InvalidArgument, null));
            }

            if (!Resume)
            {
                BeginWarmStart();
            }

            try
            {
                var workflow = LoadValid()?.Workflow;
                if (workflow != null)
                {
                    Run(workflow, resume: Resume, checkpoint: !NoCheckpoint);
                }
            }
            finally
            {
                EndWarmStart();
            }
        }
    }
}
