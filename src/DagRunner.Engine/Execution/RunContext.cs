using System.Collections.Generic;
using DagRunner.Definition;

namespace DagRunner.Execution
{
    /// <summary>What every node of one run shares: the workflow, the run id and the effective variables.</summary>
    public sealed class RunContext
    {
        public RunContext(WorkflowDefinition workflow, string runId, IReadOnlyDictionary<string, object?> variables)
        {
            Workflow = workflow;
            RunId = runId;
            Variables = variables;
        }

        public WorkflowDefinition Workflow { get; }

        public string RunId { get; }

        /// <summary>The workflow's <c>variables:</c> with <c>-Parameters</c> applied on top.</summary>
        public IReadOnlyDictionary<string, object?> Variables { get; }
    }
}
