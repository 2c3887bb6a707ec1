using System;

namespace DagRunner.Engine.Results
{
    /// <summary>One attempt of a node (or its fallback), for timelines: when it ran and how it ended.</summary>
    public sealed class NodeAttemptRecord
    {
        public NodeAttemptRecord(int attempt, bool isFallback, DateTime startTime, DateTime endTime, string outcome, string? error, int worker)
        {
            Attempt = attempt;
            IsFallback = isFallback;
            StartTime = startTime;
            EndTime = endTime;
            Outcome = outcome;
            Error = error;
            Worker = worker;
        }

        /// <summary>1-based; the fallback carries the number of the last attempt.</summary>
        public int Attempt { get; }

        public bool IsFallback { get; }

        public DateTime StartTime { get; }

        public DateTime EndTime { get; }

        public TimeSpan Duration => EndTime - StartTime;

        /// <summary>Succeeded, Failed, TimedOut, Cancelled or ConditionFalse.</summary>
        public string Outcome { get; }

        /// <summary>The first line of the attempt's error, if it failed.</summary>
        public string? Error { get; }

        /// <summary>The runspace that ran it (1-based; 0 when unknown).</summary>
        public int Worker { get; }

        public override string ToString() => $"{(IsFallback ? "fallback" : "attempt " + Attempt)}: {Outcome} ({Duration.TotalSeconds:0.000}s)";
    }
}
