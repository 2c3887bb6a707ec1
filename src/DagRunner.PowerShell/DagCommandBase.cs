using System.Collections;
using System.Management.Automation;
using DagRunner.Commands.Hosting;
using DagRunner.Loading;

namespace DagRunner.Commands
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

        /// <summary>Loads the workflow and writes its problems; null when it cannot run.</summary>
        protected LoadResult? LoadValid()
        {
            var result = WorkflowSource.Load(this, ParameterSetName == DefinitionSet ? null : Path, Definition);
            if (result == null)
            {
                return null;
            }

            return WorkflowSource.Report(this, result) ? result : null;
        }
    }
}
