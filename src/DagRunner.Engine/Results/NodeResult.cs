using System;
using System.Collections.Generic;

namespace DagRunner.Engine.Results
{
    /// <summary>What happened to one node in a run.</summary>
    public sealed class NodeResult
    {
        private static readonly object?[] NoOutput = Array.Empty<object?>();

        public NodeResult(string name)
        {
            Name = name;
        }

        public string Name { get; }

        public NodeStatus Status { get; internal set; } = NodeStatus.NotRun;

        /// <summary>Why the status is what it is, when it is not a plain success or failure.</summary>
        public NodeReason Reason { get; internal set; }

        /// <summary>Attempts started (0 when the node never ran).</summary>
        public int Attempts { get; internal set; }

        /// <summary>When every need had ended as its <c>when:</c> requires; the wait before <see cref="StartTime"/> is the queue (parallelism, pools).</summary>
        public DateTime? ReadyTime { get; internal set; }

        public DateTime? StartTime { get; internal set; }

        public DateTime? EndTime { get; internal set; }

        public TimeSpan? Duration => StartTime.HasValue && EndTime.HasValue ? EndTime - StartTime : null;

        /// <summary>Each attempt (and the fallback) with its own times and outcome; retry waits are the gaps between them.</summary>
        public NodeAttemptRecord[] AttemptRecords { get; internal set; } = Array.Empty<NodeAttemptRecord>();

        /// <summary>The node's pipeline output, in order.</summary>
        public object?[] Output { get; internal set; } = NoOutput;

        /// <summary>The error that failed the node: an ErrorRecord when it ran here, a message when restored.</summary>
        public object? Error { get; internal set; }

        /// <summary>Dependency level in the plan (0 = needs nothing).</summary>
        public int Level { get; internal set; }

        /// <summary>Which runspace ran the node (1-based); 0 when it did not run.</summary>
        public int Worker { get; internal set; }

        /// <summary>The <c>hosts:</c> entry the node's last attempt ran on (for <c>on: { any: group }</c>, the one it was given); null when it ran here or did not run.</summary>
        public string? Host { get; internal set; }

        /// <summary>The workflow file and line of the node, for jumping to it from an error.</summary>
        public string? Source { get; internal set; }

        /// <summary>The first line of <see cref="Error"/>'s message, or null.</summary>
        public string? ErrorMessage => ErrorText.FirstLine(Error);

        /// <summary>The output as <c>$Needs.&lt;id&gt;</c> sees it: null, the single object, or the array.</summary>
        internal object? NeedsValue => NeedsValueOf(Output);

        /// <summary>An output as <c>$Needs.&lt;id&gt;</c> sees it: null, the single object, or the array.</summary>
        internal static object? NeedsValueOf(object?[] output) => output.Length == 0 ? null : output.Length == 1 ? output[0] : output;

        internal IReadOnlyList<object?> OutputList => Output;

        /// <summary>What the node's <c>inputs:</c> held when it ran (for the checkpoint); null without inputs or when it did not run.</summary>
        internal Results.InputFiles? Inputs { get; set; }

        public override string ToString() => Reason == NodeReason.None ? $"{Name}: {Status}" : $"{Name}: {Status} ({Reason})";
    }
}
