using System.Collections.Generic;
using System.IO;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>Requests for one node of an inline YAML workflow, as the scheduler would make them, for tests that call an executor directly.</summary>
    internal static class NodeRequests
    {
        /// <summary>The run of <paramref name="workflow"/>, with its own variables unless <paramref name="variables"/> replaces them.</summary>
        public static RunContext Run(WorkflowDefinition workflow, IReadOnlyDictionary<string, object?>? variables = null)
        {
            // Nodes start in the workflow's folder, so it must exist.
            Directory.CreateDirectory(workflow.BaseDirectory);
            return new RunContext(workflow, "run-1", variables ?? workflow.Variables);
        }

        public static NodeExecutionRequest For(
            RunContext run,
            string node,
            IRunEventSink events,
            IReadOnlyDictionary<string, object?>? needs = null,
            NodeScriptPart part = NodeScriptPart.ConditionAndBody,
            int attempt = 1,
            object? lastError = null)
            => new NodeExecutionRequest(run.Workflow.Node(node), run, needs ?? new Dictionary<string, object?>(), attempt, events, part, lastError);

        /// <summary>A request for <paramref name="node"/> of the workflow in <paramref name="yaml"/>, in a run of its own.</summary>
        public static NodeExecutionRequest For(string yaml, string node, IRunEventSink events)
            => For(Run(Load.Valid(yaml)), node, events);
    }
}
