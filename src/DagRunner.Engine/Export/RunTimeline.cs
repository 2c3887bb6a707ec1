using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A run laid out in time for the timeline exporters: what each runspace ran (every attempt and fallback, on
    /// the runspace that ran it), and the waits around it: from ready to start (the queue: parallelism, pools,
    /// the ready order) and between attempts (the retry delay).
    /// </summary>
    internal sealed class RunTimeline
    {
        /// <summary>Shorter gaps are the scheduler's own latency, not a wait worth drawing.</summary>
        internal static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

        private RunTimeline(IReadOnlyList<Slice> slices, IReadOnlyList<Wait> waits, IReadOnlyList<NodeResult> restored)
        {
            Slices = slices;
            Waits = waits;
            Restored = restored;
        }

        /// <summary>What ran in this session, by start time (then plan order).</summary>
        public IReadOnlyList<Slice> Slices { get; }

        /// <summary>Waits of at least <see cref="MinimumWait"/>, by start time.</summary>
        public IReadOnlyList<Wait> Waits { get; }

        /// <summary>Nodes restored from a checkpoint by a resume: they ran in an earlier session.</summary>
        public IReadOnlyList<NodeResult> Restored { get; }

        /// <summary>
        /// Each (runspace, lane) that holds a slice: runspaces in order, and 0, "unknown" (the executor failed before
        /// one was known), last.
        /// </summary>
        public IEnumerable<(int Worker, int Lane)> Tracks => Slices.Select(s => (s.Worker, s.Lane)).Distinct()
            .OrderBy(t => t.Worker == 0 ? int.MaxValue : t.Worker).ThenBy(t => t.Lane);

        public static RunTimeline Build(DagRunResult result)
        {
            var pieces = new List<Slice>();
            var waits = new List<Wait>();
            foreach (var node in result.Nodes)
            {
                if (node.Reason == NodeReason.Resumed || !node.StartTime.HasValue || !node.EndTime.HasValue)
                {
                    continue;
                }

                var records = node.AttemptRecords;
                if (records.Length == 0)
                {
                    // No attempt was recorded (the executor threw, or the node was stopped before it answered):
                    // the node's own span is all there is.
                    pieces.Add(new Slice(node, null, node.StartTime.Value, node.EndTime.Value, node.Worker));
                }
                else
                {
                    pieces.AddRange(records.Select(r => new Slice(node, records.Length == 1 ? null : r, r.StartTime, r.EndTime, r.Worker)));
                    for (int i = 1; i < records.Length; i++)
                    {
                        AddWait(waits, node, WaitKind.Retry, records[i].Attempt, records[i - 1].EndTime, records[i].StartTime);
                    }
                }

                if (node.ReadyTime is DateTime ready)
                {
                    AddWait(waits, node, WaitKind.Ready, 1, ready, node.StartTime.Value);
                }
            }

            var order = result.Nodes.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
            var slices = new List<Slice>(pieces.Count);
            var lanes = new Dictionary<int, List<DateTime>>(); // per runspace, where each of its lanes ends
            foreach (var piece in pieces.OrderBy(p => p.Start).ThenBy(p => order[p.Node]))
            {
                var start = piece.Start;
                int lane = PlaceOnLane(lanes, piece.Worker, ref start, piece.End);
                slices.Add(new Slice(piece.Node, piece.Attempt, start, piece.End < start ? start : piece.End, piece.Worker, lane));
            }

            var restored = result.Nodes.Where(n => n.Reason == NodeReason.Resumed).ToList();
            return new RunTimeline(slices, waits.OrderBy(w => w.From).ToList(), restored);
        }

        private static void AddWait(List<Wait> waits, NodeResult node, WaitKind kind, int attempt, DateTime from, DateTime to)
        {
            if (to - from >= MinimumWait)
            {
                waits.Add(new Wait(node, kind, attempt, from, to));
            }
        }

        /// <summary>
        /// The first lane of the runspace that is free at the slice's start. Trace viewers need a track's slices not
        /// to overlap. A runspace goes back to the stock a moment before its attempt's end is stamped, so the next
        /// attempt on it can start microseconds "earlier": within <see cref="MinimumWait"/> the start moves to the
        /// previous end. A real overlap can only come from a node without attempt records, whose span covers attempts
        /// that ran on other runspaces: it gets a second lane.
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

        internal enum WaitKind
        {
            /// <summary>Every need had ended as <c>when:</c> requires; the node waited for a place to start.</summary>
            Ready,

            /// <summary>Between a failed attempt and the next: the retry delay.</summary>
            Retry,
        }

        /// <summary>Something a runspace ran: one attempt (or the fallback) of a node, or the whole node.</summary>
        internal sealed class Slice
        {
            public Slice(NodeResult node, NodeAttemptRecord? attempt, DateTime start, DateTime end, int worker, int lane = 0)
            {
                Node = node;
                Attempt = attempt;
                Start = start;
                End = end;
                Worker = worker;
                Lane = lane;
            }

            public NodeResult Node { get; }

            /// <summary>Null when the slice is the whole node: it had one attempt, or none was recorded.</summary>
            public NodeAttemptRecord? Attempt { get; }

            public DateTime Start { get; }

            public DateTime End { get; }

            public int Worker { get; }

            /// <summary>0 for the runspace's own track; more when the slice overlaps others on it (see <see cref="PlaceOnLane"/>).</summary>
            public int Lane { get; }

            /// <summary><c>deploy</c>, <c>deploy (attempt 2)</c> or <c>deploy (fallback)</c>.</summary>
            public string Name => Attempt == null ? Node.Name
                : Attempt.IsFallback ? Node.Name + " (fallback)"
                : $"{Node.Name} (attempt {Attempt.Attempt})";

            /// <summary>The attempt's own outcome; for a whole node, the node's status.</summary>
            public string Outcome => Attempt?.Outcome ?? Node.Status.ToString();

            public string? Error => Attempt != null ? Attempt.Error : Node.ErrorMessage;
        }

        internal sealed class Wait
        {
            public Wait(NodeResult node, WaitKind kind, int attempt, DateTime from, DateTime to)
            {
                Node = node;
                Kind = kind;
                Attempt = attempt;
                From = from;
                To = to;
            }

            public NodeResult Node { get; }

            public WaitKind Kind { get; }

            /// <summary>The attempt the wait comes before.</summary>
            public int Attempt { get; }

            public DateTime From { get; }

            public DateTime To { get; }

            public string Name => Kind == WaitKind.Ready ? Node.Name + " (ready, waiting)" : $"{Node.Name} (retry wait before attempt {Attempt})";
        }
    }
}
