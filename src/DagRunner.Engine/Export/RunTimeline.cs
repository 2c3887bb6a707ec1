using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Planning;
using DagRunner.Results;

namespace DagRunner.Export
{
    /// <summary>
    /// A run laid out in time for the timeline exporters: each node that ran in this session on the track of the
    /// runspace that ran it, and, when the plan is known, how long it waited between being ready and starting.
    /// </summary>
    /// <remarks>
    /// The result has one start and one end per node, and the runspace of its last attempt: retries and the waits
    /// between them are inside the node's span. The ready time is not recorded either; it is derived from the plan
    /// as the moment the node's last need was decided, which is when the scheduler decides the node.
    /// </remarks>
    internal sealed class RunTimeline
    {
        /// <summary>Shorter gaps are the scheduler's own latency, not a wait worth drawing.</summary>
        internal static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

        private RunTimeline(DagRunResult result, IReadOnlyList<Span> spans, IReadOnlyList<NodeResult> restored)
        {
            Result = result;
            Spans = spans;
            Restored = restored;
        }

        public DagRunResult Result { get; }

        /// <summary>Nodes that ran in this session, by start time (then plan order).</summary>
        public IReadOnlyList<Span> Spans { get; }

        /// <summary>Nodes restored from a checkpoint by a resume: they ran in an earlier session.</summary>
        public IReadOnlyList<NodeResult> Restored { get; }

        /// <summary>
        /// Each (runspace, lane) that holds a span, runspaces in order and 0, "unknown" (the executor failed before one
        /// was known), last.
        /// </summary>
        public IEnumerable<(int Worker, int Lane)> Tracks => Spans.Select(s => (s.Node.Worker, s.Lane)).Distinct()
            .OrderBy(t => t.Worker == 0 ? int.MaxValue : t.Worker).ThenBy(t => t.Lane);

        public static RunTimeline Build(DagRunResult result, ExecutionPlan? plan)
        {
            var ran = result.Nodes
                .Where(n => n.StartTime.HasValue && n.EndTime.HasValue && n.Reason != NodeReason.Resumed)
                .Select((n, index) => (Node: n, Index: index))
                .OrderBy(x => x.Node.StartTime!.Value)
                .ThenBy(x => x.Index)
                .Select(x => x.Node)
                .ToList();
            var decided = plan == null ? null : DecisionTimes(result, plan);

            var spans = new List<Span>(ran.Count);
            var lanes = new Dictionary<int, List<DateTime>>(); // per runspace, where each of its lanes ends
            foreach (var node in ran)
            {
                var start = node.StartTime!.Value;
                var end = node.EndTime!.Value < start ? start : node.EndTime!.Value;
                int lane = PlaceOnLane(lanes, node.Worker, ref start, end);
                if (end < start)
                {
                    end = start;
                }

                DateTime? ready = null;
                if (decided != null && decided.TryGetValue(node.Name, out var readyAt) && start - readyAt >= MinimumWait)
                {
                    ready = readyAt;
                }

                spans.Add(new Span(node, start, end, ready, lane));
            }

            var restored = result.Nodes.Where(n => n.Reason == NodeReason.Resumed).ToList();
            return new RunTimeline(result, spans, restored);
        }

        /// <summary>
        /// The first lane of the node's runspace that is free at its start. Trace viewers need a track's slices not to
        /// overlap, and two kinds of overlap happen: a runspace goes back to the stock a moment before the scheduler
        /// stamps the node's end, so the next node on it starts microseconds "earlier" (within
        /// <see cref="MinimumWait"/>: the start moves to the previous end); and a retried node's span covers its
        /// earlier attempts, which may have run on other runspaces while this one ran something else (a second lane).
        /// </summary>
        private static int PlaceOnLane(Dictionary<int, List<DateTime>> lanes, int worker, ref DateTime start, DateTime end)
        {
            if (!lanes.TryGetValue(worker, out var ends))
            {
                lanes[worker] = ends = new List<DateTime>();
            }

            for (int lane = 0; lane < ends.Count; lane++)
            {
                if (ends[lane] - start < MinimumWait)
                {
                    if (ends[lane] > start)
                    {
                        start = ends[lane];
                    }

                    ends[lane] = end < start ? start : end;
                    return lane;
                }
            }

            ends.Add(end);
            return ends.Count - 1;
        }

        /// <summary>
        /// When each node was decided: its end if it has one; otherwise (Skipped or NotRun, never started) when its
        /// last need was decided, since that is when the scheduler looked at it. A node's ready time is the latest
        /// decision among its needs, or the run's start.
        /// </summary>
        private static Dictionary<string, DateTime> DecisionTimes(DagRunResult result, ExecutionPlan plan)
        {
            var ready = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
            var decided = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in plan.Nodes) // topological: every need comes first
            {
                var at = result.StartTime;
                foreach (var need in node.Needs)
                {
                    if (decided.TryGetValue(need, out var needDecided) && needDecided > at)
                    {
                        at = needDecided;
                    }
                }

                ready[node.Name] = at;
                var own = result[node.Name];

                // Restored nodes ended in an earlier session: for this run they were decided at its start.
                decided[node.Name] = own?.EndTime is DateTime end && own.Reason != NodeReason.Resumed && end > at ? end : at;
            }

            return ready;
        }

        internal sealed class Span
        {
            public Span(NodeResult node, DateTime start, DateTime end, DateTime? ready, int lane)
            {
                Node = node;
                Start = start;
                End = end;
                Ready = ready;
                Lane = lane;
            }

            public NodeResult Node { get; }

            public DateTime Start { get; }

            public DateTime End { get; }

            /// <summary>When the node's needs were all decided, if it then waited at least <see cref="MinimumWait"/> to start.</summary>
            public DateTime? Ready { get; }

            /// <summary>0 for the runspace's own track; more when the span overlaps others on it (see <see cref="PlaceOnLane"/>).</summary>
            public int Lane { get; }
        }
    }
}
