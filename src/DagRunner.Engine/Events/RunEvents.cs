using System;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Events
{
    /// <summary>
    /// Receives what a run does, as it happens. Called from worker and scheduler threads, so an implementation
    /// must be thread-safe and quick: the cmdlets queue each event and write it from the pipeline thread.
    /// </summary>
    internal interface IRunEventSink
    {
        void Publish(RunEvent runEvent);
    }

    /// <summary>Something that happened in a run, stamped with the run clock's local time.</summary>
    internal abstract class RunEvent
    {
        protected RunEvent(DateTime time) => Time = time;

        public DateTime Time { get; }
    }

    /// <summary>The run is planned and about to start its first nodes.</summary>
    internal sealed class RunStartedEvent : RunEvent
    {
        public RunStartedEvent(DateTime time, string runId, ExecutionPlan plan, int parallelism)
            : base(time)
        {
            RunId = runId;
            Plan = plan;
            Parallelism = parallelism;
        }

        public string RunId { get; }

        public ExecutionPlan Plan { get; }

        public int Parallelism { get; }
    }

    /// <summary>A node's attempt started.</summary>
    internal sealed class NodeStartedEvent : RunEvent
    {
        public NodeStartedEvent(DateTime time, string node, int attempt)
            : base(time)
        {
            Node = node;
            Attempt = attempt;
        }

        public string Node { get; }

        public int Attempt { get; }
    }

    /// <summary>An attempt of a node failed and another one starts after <see cref="Delay"/>.</summary>
    internal sealed class NodeRetryingEvent : RunEvent
    {
        public NodeRetryingEvent(DateTime time, string node, int failedAttempt, int maxAttempts, TimeSpan delay, object? error)
            : base(time)
        {
            Node = node;
            FailedAttempt = failedAttempt;
            MaxAttempts = maxAttempts;
            Delay = delay;
            Error = error;
        }

        public string Node { get; }

        public int FailedAttempt { get; }

        public int MaxAttempts { get; }

        /// <summary>The wait before the next attempt (after backoff and jitter).</summary>
        public TimeSpan Delay { get; }

        /// <summary>What failed the attempt.</summary>
        public object? Error { get; }
    }

    /// <summary>A node reached its final status (including Skipped and NotRun nodes that never started).</summary>
    internal sealed class NodeFinishedEvent : RunEvent
    {
        public NodeFinishedEvent(DateTime time, NodeResult result)
            : base(time) => Result = result;

        public NodeResult Result { get; }
    }

    /// <summary>Which stream a node wrote to.</summary>
    internal enum NodeLogStream
    {
        Output,
        Error,
        Warning,
        Verbose,
        Debug,

        /// <summary>Write-Information and Write-Host (an InformationRecord tagged PSHOST).</summary>
        Information,
    }

    /// <summary>
    /// One record a node wrote: an output object, or the ErrorRecord, WarningRecord, VerboseRecord,
    /// DebugRecord or InformationRecord as PowerShell produced it.
    /// </summary>
    internal sealed class NodeLogEvent : RunEvent
    {
        public NodeLogEvent(DateTime time, string node, NodeLogStream stream, object? data, string? host = null)
            : base(time)
        {
            Node = node;
            Stream = stream;
            Data = data;
            Host = host;
        }

        /// <summary>The node's id; events of a node are keyed by it, wherever it ran.</summary>
        public string Node { get; }

        /// <summary>The <c>hosts:</c> entry the record came from, for a node that runs on one (<c>on:</c>); null for a local node.</summary>
        public string? Host { get; }

        /// <summary>How lines of this record are tagged: <c>node</c>, or <c>node@host</c> for a remote node.</summary>
        public string Source => Host == null ? Node : Node + "@" + Host;

        public NodeLogStream Stream { get; }

        public object? Data { get; }
    }

    /// <summary>The run ended; no event follows.</summary>
    internal sealed class RunFinishedEvent : RunEvent
    {
        public RunFinishedEvent(DateTime time, DagRunResult result)
            : base(time) => Result = result;

        public DagRunResult Result { get; }
    }
}
