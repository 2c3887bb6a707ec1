using System.Collections.Generic;
using DagRunner.Definition;

namespace DagRunner.Execution
{
    /// <summary>Everything an executor needs to run one attempt of one node.</summary>
    public sealed class NodeExecutionRequest
    {
        public NodeExecutionRequest(NodeDefinition node, RunContext run, IReadOnlyDictionary<string, object?> needs, int attempt, IRunEventSink events)
        {
            Node = node;
            Run = run;
            Needs = needs;
            Attempt = attempt;
            Events = events;
        }

        public NodeDefinition Node { get; }

        public RunContext Run { get; }

        /// <summary>
        /// <c>$Needs</c>: for each direct need (by id, case-insensitive), its output as one object, an array, or null.
        /// </summary>
        public IReadOnlyDictionary<string, object?> Needs { get; }

        /// <summary>1 for the first attempt.</summary>
        public int Attempt { get; }

        /// <summary>Where the executor publishes the node's output and log records as they happen.</summary>
        public IRunEventSink Events { get; }
    }
}
