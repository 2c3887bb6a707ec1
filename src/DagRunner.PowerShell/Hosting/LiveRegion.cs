using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// What the live view shows under the scrolling node lines: each running node with its elapsed time and attempt
    /// (<c>deploy[web02]  12.4s  attempt 2/3</c>), then the counts by state and an estimate of the time left. Plain text,
    /// one string per screen line, never wider than the console; <see cref="LiveRunOutput"/> draws it.
    /// </summary>
    /// <remarks>
    /// Many running nodes (a 1,000-wide foreach) collapse to the longest runners and a count of the rest, so the region
    /// stays a few lines high. The estimate is the larger of the longest remaining path and the remaining work over the
    /// parallelism, from the plan's estimates; shown only when those come from earlier runs (history).
    /// </remarks>
    internal sealed class LiveRegion
    {
        /// <summary>At most this many running nodes are listed; the rest are counted. <value>The value is 8.</value></summary>
        public const int MaxListed = 8;

        private readonly Dictionary<string, Running> running = new Dictionary<string, Running>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<NodeStatus, int> finished = new Dictionary<NodeStatus, int>();
        private readonly HashSet<string> done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private ExecutionPlan? plan;
        private int parallelism = 1;

        /// <summary>Nodes (and instances) that have not ended yet, as far as the events tell.</summary>
        public int RunningCount => running.Count;

        public void Observe(RunEvent runEvent)
        {
            switch (runEvent)
            {
                case RunStartedEvent started:
                    plan = started.Plan;
                    parallelism = Math.Max(1, started.Parallelism);
                    break;
                case NodeStartedEvent nodeStarted:
                    running[nodeStarted.Node] = new Running(nodeStarted.Node, running.TryGetValue(nodeStarted.Node, out var before) ? before.Since : nodeStarted.Time, nodeStarted.Attempt, MaxAttempts(nodeStarted.Node));
                    break;
                case NodeFinishedEvent nodeFinished:
                    running.Remove(nodeFinished.Result.Name);
                    done.Add(nodeFinished.Result.Name);
                    finished.TryGetValue(nodeFinished.Result.Status, out var count);
                    finished[nodeFinished.Result.Status] = count + 1;
                    break;
            }
        }

        /// <summary>The region's lines at <paramref name="now"/>, each at most <paramref name="width"/> characters.</summary>
        public IReadOnlyList<string> Lines(DateTime now, int width)
        {
            width = Math.Max(20, width);
            var lines = new List<string>();
            var byAge = running.Values.OrderBy(r => r.Since).ThenBy(r => r.Node, StringComparer.Ordinal).ToList();
            var nameWidth = Math.Min(40, byAge.Take(MaxListed).Select(r => r.Node.Length).DefaultIfEmpty(0).Max());
            foreach (var node in byAge.Take(MaxListed))
            {
                var attempt = node.MaxAttempts > 1 ? $"  attempt {node.Attempt}/{node.MaxAttempts}" : string.Empty;
                lines.Add(Fit($"  {node.Node.PadRight(nameWidth)}  {Seconds(now - node.Since),7}{attempt}", width));
            }

            if (byAge.Count > MaxListed)
            {
                lines.Add(Fit($"  ... and {byAge.Count - MaxListed} more running", width));
            }

            lines.Add(Fit(Counts(now), width));
            return lines;
        }

        private string Counts(DateTime now)
        {
            var parts = new List<string> { $"{running.Count} running" };
            foreach (var status in new[] { NodeStatus.Succeeded, NodeStatus.Failed, NodeStatus.Skipped, NodeStatus.Cancelled, NodeStatus.NotRun })
            {
                if (finished.TryGetValue(status, out var count) && count > 0)
                {
                    parts.Add($"{count} {status.ToString().ToLowerInvariant()}");
                }
            }

            if (plan != null)
            {
                var busyGroups = new HashSet<string>(running.Keys.Select(InstanceId.GroupOf), StringComparer.OrdinalIgnoreCase);
                var waiting = plan.Nodes.Count(n => !done.Contains(n.Name) && !busyGroups.Contains(n.Name));
                if (waiting > 0)
                {
                    parts.Add($"{waiting} waiting");
                }

                var left = TimeLeft(now);
                if (left.HasValue)
                {
                    parts.Add($"about {Seconds(left.Value)} left");
                }
            }

            return "  " + string.Join(" · ", parts);
        }

        /// <summary>From history estimates only: a default estimate says nothing about this workflow.</summary>
        private TimeSpan? TimeLeft(DateTime now)
        {
            if (plan == null || plan.EstimateSource != "History")
            {
                return null;
            }

            double longestPath = 0;
            double work = 0;
            foreach (var node in plan.Nodes.Where(n => !done.Contains(n.Name)))
            {
                var elapsed = running.TryGetValue(node.Name, out var r) ? (now - r.Since).TotalSeconds : 0;
                longestPath = Math.Max(longestPath, node.RemainingPath - Math.Min(elapsed, node.Estimate));
                work += Math.Max(0, node.Estimate - elapsed);
            }

            return TimeSpan.FromSeconds(Math.Max(longestPath, work / parallelism));
        }

        private int MaxAttempts(string node)
        {
            var planned = plan?[node] ?? plan?[InstanceId.GroupOf(node)];
            return planned?.Definition.Retry.Attempts ?? 1;
        }

        private static string Seconds(TimeSpan span)
            => span.TotalSeconds < 60 ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
                : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s"
                : $"{(int)span.TotalHours}h {span.Minutes:00}m";

        private static string Fit(string line, int width) => line.Length <= width ? line : line.Substring(0, width - 1) + "…";

        private sealed class Running
        {
            public Running(string node, DateTime since, int attempt, int maxAttempts)
            {
                Node = node;
                Since = since;
                Attempt = attempt;
                MaxAttempts = maxAttempts;
            }

            public string Node { get; }

            /// <summary>When its first attempt started: retries count from there, as the user waits from there.</summary>
            public DateTime Since { get; }

            public int Attempt { get; }

            public int MaxAttempts { get; }
        }
    }
}
