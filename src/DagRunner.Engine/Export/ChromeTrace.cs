using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A run as a Chrome trace (the Trace Event Format JSON that Perfetto, chrome://tracing and speedscope open):
    /// the run is one process, each runspace one thread track named <c>runspace N</c>, and everything a runspace ran
    /// a complete (<c>"ph":"X"</c>) event on its track: a node, or each attempt and the fallback of a node that
    /// needed more than one, with status, reason, attempts and error. The time a node spent ready but not started
    /// (the parallelism cap, a pool, the ready order) and the retry delays between attempts are slices on
    /// <c>waits</c> tracks. Times are microseconds from the run's start.
    /// </summary>
    internal static class ChromeTrace
    {
        public static string Build(DagRunResult result)
        {
            var timeline = RunTimeline.Build(Guard.NotNull(result));
            var trace = new TraceEvents($"{result.Name} run {result.RunId}");
            var origin = result.StartTime;

            // Runspace N keeps tid N, so the trace and NodeResult.Worker agree; extra lanes and other tracks follow.
            var tracks = timeline.Tracks.ToList();
            int nextTid = tracks.Count == 0 ? 1 : Math.Max(1, tracks.Max(t => t.Worker)) + 1;
            var tids = new Dictionary<(int, int), int>();
            foreach (var (worker, lane) in tracks)
            {
                int tid = worker != 0 && lane == 0 ? worker : nextTid++;
                tids[(worker, lane)] = tid;
                trace.AddTrack(tid, (worker == 0 ? "runspace unknown" : $"runspace {worker}") + (lane == 0 ? string.Empty : $" (lane {lane + 1})"));
            }

            var waited = timeline.Waits.Where(w => w.Kind == RunTimeline.WaitKind.Ready).ToDictionary(w => w.Node, w => w.To - w.From);
            var seen = new HashSet<NodeResult>();
            foreach (var slice in timeline.Slices)
            {
                // The wait before the node belongs to its first slice.
                var wait = seen.Add(slice.Node) && waited.TryGetValue(slice.Node, out var w) ? w : (TimeSpan?)null;
                trace.AddComplete(
                    slice.Name, slice.Outcome, TimeText.Microseconds(slice.Start, origin), TimeText.Microseconds(slice.End, slice.Start),
                    tids[(slice.Worker, slice.Lane)], ColourName(slice), args => WriteSlice(args, slice, wait));
            }

            AddWaits(trace, timeline, origin, ref nextTid);
            AddRestored(trace, timeline, nextTid);
            return trace.ToJson(w => WriteRun(w, result));
        }

        private static void WriteSlice(Utf8JsonWriter w, RunTimeline.Slice slice, TimeSpan? waited)
        {
            var node = slice.Node;
            w.WriteString("node", node.Name);
            w.WriteString("status", node.Status.ToString());
            if (node.Reason != NodeReason.None)
            {
                w.WriteString("reason", node.Reason.ToString());
            }

            w.WriteNumber("attempts", node.Attempts);
            if (slice.Attempt != null)
            {
                w.WriteNumber("attempt", slice.Attempt.Attempt);
                if (slice.Attempt.IsFallback)
                {
                    w.WriteBoolean("fallback", true);
                }

                w.WriteString("outcome", slice.Attempt.Outcome);
            }

            w.WriteNumber("level", node.Level);
            w.WriteNumber("runspace", slice.Worker);
            if (waited.HasValue)
            {
                w.WriteNumber("waitedMs", Math.Round(waited.Value.TotalMilliseconds, 3));
            }

            if (slice.Error != null)
            {
                w.WriteString("error", slice.Error);
            }
        }

        /// <summary>
        /// Waits overlap each other freely, and a track's slices must not, so they are spread over as few
        /// <c>waits</c> tracks as needed: each wait takes the first track free at its start.
        /// </summary>
        private static void AddWaits(TraceEvents trace, RunTimeline timeline, DateTime origin, ref int nextTid)
        {
            var laneEnds = new List<DateTime>();
            var laneTids = new List<int>();
            foreach (var wait in timeline.Waits)
            {
                int lane = laneEnds.FindIndex(end => end <= wait.From);
                if (lane < 0)
                {
                    lane = laneEnds.Count;
                    laneEnds.Add(wait.To);
                    laneTids.Add(nextTid);
                    trace.AddTrack(nextTid++, lane == 0 ? "waits" : $"waits ({lane + 1})");
                }

                laneEnds[lane] = wait.To;
                bool ready = wait.Kind == RunTimeline.WaitKind.Ready;
                var note = ready
                    ? "every need had ended; waiting for a place to start (parallelism cap, pool or ready order)"
                    : $"the retry delay before attempt {wait.Attempt}";
                trace.AddComplete(
                    wait.Name, ready ? "wait" : "retry", TimeText.Microseconds(wait.From, origin), TimeText.Microseconds(wait.To, wait.From),
                    laneTids[lane], ready ? "thread_state_runnable" : "thread_state_sleeping",
                    w =>
                    {
                        w.WriteString("node", wait.Node.Name);
                        w.WriteString("note", note);
                    });
            }
        }

        /// <summary>Nodes a resume restored ran in an earlier session: a mark at the start, with no time of this run.</summary>
        private static void AddRestored(TraceEvents trace, RunTimeline timeline, int tid)
        {
            if (timeline.Restored.Count == 0)
            {
                return;
            }

            trace.AddTrack(tid, "restored from the checkpoint");
            foreach (var node in timeline.Restored)
            {
                trace.AddInstant(node.Name, "Resumed", 0, tid, w =>
                {
                    w.WriteString("status", node.Status.ToString());
                    w.WriteString("reason", node.Reason.ToString());
                    w.WriteNumber("attempts", node.Attempts);
                });
            }
        }

        private static void WriteRun(Utf8JsonWriter w, DagRunResult result)
        {
            w.WriteString("workflow", result.Name);
            w.WriteString("runId", result.RunId);
            w.WriteString("status", result.Status.ToString());
            w.WriteString("startTime", result.StartTime.ToString("o", CultureInfo.InvariantCulture));
            w.WriteNumber("durationMs", Math.Round(result.Duration.TotalMilliseconds, 3));
            w.WriteString("mode", result.Mode);
            if (result.Parallelism == int.MaxValue)
            {
                w.WriteString("parallelism", "unlimited");
            }
            else
            {
                w.WriteNumber("parallelism", result.Parallelism);
            }

            w.WriteNumber("peakConcurrency", result.PeakConcurrency);
            w.WriteString("criticalPath", string.Join(" -> ", result.CriticalPath));
        }

        /// <summary>Trace viewers' reserved colour names (chrome://tracing honours them; Perfetto colours by name).</summary>
        private static string ColourName(RunTimeline.Slice slice)
        {
            if (slice.Attempt != null && slice.Attempt.Outcome != nameof(NodeStatus.Succeeded))
            {
                // A failed attempt of a node that went on to succeed is still a failure on the timeline.
                return slice.Attempt.Outcome switch
                {
                    nameof(NodeStatus.Cancelled) => "yellow",
                    "ConditionFalse" => "grey",
                    _ => "bad",
                };
            }

            return StatusStyle.ClassOf(slice.Node.Status, slice.Node.Reason) switch
            {
                StatusClass.Succeeded => "good",
                StatusClass.Degraded => "olive",
                StatusClass.Failed => "terrible",
                StatusClass.AllowedFailure => "bad",
                StatusClass.Cancelled => "yellow",
                _ => "grey",
            };
        }
    }
}
