using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Export
{
    /// <summary>How a node counts as a test case in CI: the one decision both the JUnit file and its documentation follow.</summary>
    internal enum TestOutcome
    {
        Passed,

        /// <summary>The node's script failed: <c>&lt;failure&gt;</c>.</summary>
        Failure,

        /// <summary>The node's script did not run to its end for a reason outside it (host unreachable, process died): <c>&lt;error&gt;</c>.</summary>
        Error,

        /// <summary>Did not run, was stopped, or failed under <c>continueOnError</c>: <c>&lt;skipped&gt;</c>.</summary>
        Skipped,
    }

    /// <summary>One node or foreach instance of a <see cref="ResultReport"/>.</summary>
    internal sealed class ReportNode
    {
        public ReportNode(string name, NodeStatus status, NodeReason reason, int attempts, DateTime? startTime, DateTime? endTime)
        {
            Name = name;
            Status = status;
            Reason = reason;
            Attempts = attempts;
            StartTime = startTime;
            EndTime = endTime;
        }

        public string Name { get; }

        public NodeStatus Status { get; }

        public NodeReason Reason { get; }

        public int Attempts { get; }

        public DateTime? StartTime { get; }

        public DateTime? EndTime { get; }

        /// <summary>Null when the node did not start, or has not ended.</summary>
        public TimeSpan? Duration => StartTime.HasValue && EndTime.HasValue && EndTime >= StartTime ? EndTime - StartTime : null;

        /// <summary>The first line of the error.</summary>
        public string? ErrorMessage { get; init; }

        /// <summary>The whole error text (the first line only, from a checkpoint).</summary>
        public string? ErrorText { get; init; }

        /// <summary>Where the failure was raised; the node's own position when that is not known.</summary>
        public SourceLocation? ErrorPosition { get; init; }

        /// <summary>The <c>hosts:</c> entry the node ran on; null for a local node (or when the workflow could not be read).</summary>
        public string? Host { get; init; }

        /// <summary>The output as the checkpoint stores it: a JSON array.</summary>
        public string OutputJson { get; init; } = "[]";

        public IReadOnlyList<NodeAttemptRecord> AttemptRecords { get; init; } = Array.Empty<NodeAttemptRecord>();

        /// <summary>The lines the node wrote, from its <c>-LogDirectory</c> file; null when none was given or found.</summary>
        public string? Log { get; init; }

        /// <summary>Not run in this session: its result was restored from the checkpoint (a resume), or it was up to date.</summary>
        public bool IsRestored => Reason == NodeReason.Resumed || Reason == NodeReason.UpToDate;

        public TestOutcome Outcome => Status switch
        {
            NodeStatus.Succeeded => TestOutcome.Passed,
            NodeStatus.Failed when Reason == NodeReason.AllowedFailure => TestOutcome.Skipped,
            NodeStatus.Failed when Reason == NodeReason.HostUnreachable => TestOutcome.Error,
            NodeStatus.Failed => TestOutcome.Failure,
            NodeStatus.Interrupted => TestOutcome.Error,
            _ => TestOutcome.Skipped,
        };

        /// <summary>Why a node that did not pass did not run (or was not counted), in words.</summary>
        public string SkipMessage => Status switch
        {
            NodeStatus.Failed => $"failed, allowed by continueOnError: {ErrorMessage ?? "no error message"}",
            NodeStatus.Running => "still running when the checkpoint was read",
            NodeStatus.Cancelled => Reason == NodeReason.None ? "Cancelled" : $"Cancelled ({Reason})",
            _ => Reason == NodeReason.None ? Status.ToString() : $"{Status} ({Reason})",
        };

        /// <summary>The failure's type attribute: the DagRunner status or reason, stable for tools that group by it.</summary>
        public string FailureType => Status == NodeStatus.Interrupted ? "Interrupted"
            : Reason == NodeReason.TimedOut || Reason == NodeReason.HostUnreachable ? Reason.ToString()
            : "Failed";
    }
}
