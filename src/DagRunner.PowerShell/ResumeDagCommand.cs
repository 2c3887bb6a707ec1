using System.Collections.Generic;
using System.Management.Automation;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Continues the last run of a workflow from its checkpoint: succeeded nodes are not run again.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "Dag", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DagRunResult))]
    public sealed class ResumeDagCommand : DagRunCommandBase
    {
        /// <summary>Run these nodes again, and everything downstream of them, although they succeeded; node[key] names one foreach instance.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NodeCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Rerun { get; set; }

        private protected override IReadOnlyCollection<string>? RerunNodes => Rerun;

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
