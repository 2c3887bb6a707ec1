using System.Collections;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using DagRunner.PowerShell.Hosting;

namespace DagRunner.PowerShell
{
    /// <summary>What every DagRunner cmdlet takes: a workflow file (<c>-Path</c>) or an inline <c>-Definition</c>.</summary>
    public abstract class DagCommandBase : PSCmdlet
    {
        protected const string PathSet = "Path";
        protected const string DefinitionSet = "Definition";

        /// <summary>The workflow file (YAML or JSON).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>An inline workflow with the same shape as the YAML (use [ordered] to keep node order).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DefinitionSet)]
        [ValidateNotNull]
        public IDictionary? Definition { get; set; }

        private IRunOutput? output;

        /// <summary>Where results, problems and errors go; PowerShell's streams unless a command says otherwise.</summary>
        internal IRunOutput Output => output ??= CreateOutput();

        internal virtual IRunOutput CreateOutput() => new HostRunOutput(this);

        /// <summary>Loads the workflow, whatever its problems (null when the file cannot be read at all).</summary>
        internal LoadResult? Load() => WorkflowSource.Load(this, Output, ParameterSetName == DefinitionSet ? null : Path, Definition);

        /// <summary>Loads the workflow and reports its problems; null when it cannot run.</summary>
        private protected LoadResult? LoadValid()
        {
            var result = Load();
            return result != null && Output.Report(result.Diagnostics.Where(Applies).ToList()) ? result : null;
        }

        /// <summary>Whether a problem of the workflow matters to this command as it was called (all do, but where a run's settings rule one out).</summary>
        private protected virtual bool Applies(Diagnostic diagnostic) => true;
    }
}
