using System.Management.Automation;
using DagRunner.Results;

namespace DagRunner.Commands
{
    /// <summary>
    /// <para type="synopsis">Continues the last run of a workflow from its checkpoint: succeeded nodes are not run again.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "Dag", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DagRunResult))]
    public sealed class ResumeDagCommand : DagRunCommandBase
    {
        protected override void ProcessRecord()
        {
            var workflow = LoadValid()?.Workflow;
            if (workflow != null)
            {
                Run(workflow, resume: true, checkpoint: true);
            }
        }
    }
}
