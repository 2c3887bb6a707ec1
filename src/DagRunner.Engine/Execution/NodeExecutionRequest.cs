using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;

namespace DagRunner.Engine.Execution
{
    /// <summary>Which of a node's scripts an executor runs.</summary>
    internal enum NodeScriptPart
    {
        /// <summary>The <c>if:</c> (when there is one), then <c>run</c>/<c>file</c>: the first attempt.</summary>
        ConditionAndBody,

        /// <summary><c>run</c>/<c>file</c> only: a retry, whose <c>if:</c> already passed.</summary>
        Body,

        /// <summary>The <c>fallback:</c> script, after the last attempt failed.</summary>
        Fallback,

        /// <summary>A <c>foreach</c> node's expression: its output objects are the items (nothing else runs).</summary>
        ForEachItems,
    }

    /// <summary>Everything an executor needs to run one attempt of one node.</summary>
    internal sealed class NodeExecutionRequest
    {
        public NodeExecutionRequest(
            NodeDefinition node,
            RunContext run,
            IReadOnlyDictionary<string, object?> needs,
            int attempt,
            IRunEventSink events,
            NodeScriptPart part = NodeScriptPart.ConditionAndBody,
            object? lastError = null)
        {
            Node = node;
            Run = run;
            Needs = needs;
            Attempt = attempt;
            Events = events;
            Part = part;
            LastError = lastError;
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

        /// <summary>Which script to run. <value>The default value is <see cref="NodeScriptPart.ConditionAndBody"/>.</value></summary>
        public NodeScriptPart Part { get; }

        /// <summary>The error of the previous attempt (for a retry or the fallback); null on the first attempt.</summary>
        public object? LastError { get; }
    }
}
