using System;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>What the checkpoint says about one node.</summary>
    public sealed class CheckpointNodeState
    {
        internal CheckpointNodeState(
            string name, NodeStatus status, NodeReason reason, int attempts, DateTime? startTime, DateTime? endTime,
            string? errorMessage, string? definitionHash, string outputJson)
        {
            Name = name;
            Status = status;
            Reason = reason;
            Attempts = attempts;
            StartTime = startTime;
            EndTime = endTime;
            ErrorMessage = errorMessage;
            DefinitionHash = definitionHash;
            OutputJson = outputJson;
        }

        public string Name { get; }

        /// <summary>
        /// How the node ended. A node that had started but has no end in the checkpoint (the process was killed)
        /// reads as Cancelled with Reason RunCancelled.
        /// </summary>
        public NodeStatus Status { get; }

        public NodeReason Reason { get; }

        public int Attempts { get; }

        public DateTime? StartTime { get; }

        public DateTime? EndTime { get; }

        public TimeSpan? Duration => StartTime.HasValue && EndTime.HasValue ? EndTime - StartTime : null;

        /// <summary>The first line of the error that failed the node.</summary>
        public string? ErrorMessage { get; }

        /// <summary>The <see cref="Checkpoints.DefinitionHash"/> the node had when it was recorded; null when unknown.</summary>
        public string? DefinitionHash { get; }

        /// <summary>The node whose start voided this node's success (its <c>invalidates:</c> lists this node): Status is NotRun, Reason Invalidated.</summary>
        public string? InvalidatedBy { get; internal init; }

        /// <summary>The <c>hosts:</c> entry the node ran on (for <c>on: { any: group }</c>, the host it was given); null when it ran here, or in a checkpoint written before DagRunner recorded it.</summary>
        public string? Host { get; internal init; }

        /// <summary>What its <c>inputs:</c> held when it ran; null for a node without inputs.</summary>
        internal InputFiles? Inputs { get; init; }

        /// <summary>The stored output: a JSON array in the checkpoint's value format.</summary>
        public string OutputJson { get; }

        /// <summary>
        /// The stored output as new objects: PSCustomObjects, hashtables, arrays and plain values. Only data is
        /// built; nothing in the file can name a type to create or code to run.
        /// </summary>
        public object?[] RestoreOutput() => Checkpoints.OutputJson.Restore(OutputJson);

        public override string ToString() => Reason == NodeReason.None ? $"{Name}: {Status}" : $"{Name}: {Status} ({Reason})";
    }
}
