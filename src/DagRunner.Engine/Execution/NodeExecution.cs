using System;
using System.Collections.Generic;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution
{
    /// <summary>How one attempt of a node ended.</summary>
    internal enum NodeOutcome
    {
        Succeeded,

        /// <summary>The script threw, wrote a terminating error, or left a non-zero <c>$LASTEXITCODE</c>; or <c>if:</c> threw.</summary>
        Failed,

        /// <summary>The <c>if:</c> was false; the script did not run.</summary>
        ConditionFalse,

        /// <summary>Stopped because the run was cancelled.</summary>
        Cancelled,

        /// <summary>Stopped because the attempt ran past its timeout.</summary>
        TimedOut,
    }

    /// <summary>What one attempt produced.</summary>
    internal sealed class NodeExecution
    {
        private static readonly IReadOnlyList<object?> NoOutput = Array.Empty<object?>();

        public NodeExecution(NodeOutcome outcome, IReadOnlyList<object?>? output = null, object? error = null, int worker = 0, NodeReason? reason = null)
        {
            Outcome = outcome;
            Output = output ?? NoOutput;
            Error = error;
            Worker = worker;
            Reason = reason;
        }

        public NodeOutcome Outcome { get; }

        /// <summary>The pipeline output, in order (empty unless Succeeded).</summary>
        public IReadOnlyList<object?> Output { get; }

        /// <summary>The ErrorRecord (or exception) that failed the attempt.</summary>
        public object? Error { get; }

        /// <summary>Which worker (runspace) ran the attempt, 1-based; 0 if none.</summary>
        public int Worker { get; }

        /// <summary>
        /// Why a failure happened, when the executor knows more than the outcome says (HostUnreachable); null otherwise.
        /// Kept as the node's Reason when this attempt decides the node, unless <c>continueOnError</c> makes it AllowedFailure.
        /// </summary>
        public NodeReason? Reason { get; }

        /// <summary>For the items of a <c>foreach</c> with <c>key:</c>: each item's key, in item order; null otherwise.</summary>
        public IReadOnlyList<string>? ItemKeys { get; init; }

        /// <summary>The <c>hosts:</c> entry the attempt ran on; null when it ran here.</summary>
        public string? Host { get; init; }

        /// <summary>This execution, saying it ran on <paramref name="host"/>.</summary>
        public NodeExecution OnHost(string host) => new NodeExecution(Outcome, Output, Error, Worker, Reason) { ItemKeys = ItemKeys, Host = host };

        public static NodeExecution Succeeded(IReadOnlyList<object?> output, int worker = 0) => new NodeExecution(NodeOutcome.Succeeded, output, null, worker);

        public static NodeExecution Failed(object error, int worker = 0) => new NodeExecution(NodeOutcome.Failed, null, error, worker);

        public static NodeExecution Cancelled(int worker = 0) => new NodeExecution(NodeOutcome.Cancelled, null, null, worker);

        public static NodeExecution ConditionFalse(int worker = 0) => new NodeExecution(NodeOutcome.ConditionFalse, null, null, worker);
    }
}
