using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DagRunner.Planning;
using DagRunner.Results;
using DagRunner.Utils;

namespace DagRunner.Export
{
    /// <summary>
    /// A run as a Chrome trace (the Trace Event Format JSON that Perfetto, chrome://tracing and speedscope open):
    /// the run is one process, each runspace one thread track named <c>runspace N</c>, each node a complete
    /// (<c>"ph":"X"</c>) event on the track of the runspace that ran it, with its status, reason, attempts and error.
    /// Given the plan, the time each node spent ready but not started (a parallelism cap, a pool, the ready order)
    /// is drawn on <c>ready, waiting</c> tracks. Times are microseconds from the run's start.
    /// </summary>
    /// <remarks>One event per line: a trace is diffable, and greppable for a node's name.</remarks>
    public static class ChromeTrace
    {
        private const int ProcessId = 1;

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <param name="result">The run to draw.</param>
        /// <param name="plan">The plan of the same workflow, to find when each node was ready; null to leave waits out.</param>
        public static string Build(DagRunResult result, ExecutionPlan? plan = null)
        {
            var timeline = RunTimeline.Build(Guard.NotNull(result), plan);
            var events = new List<string>();
            var origin = result.StartTime;

            events.Add(Metadata("process_name", 0, w => w.WriteString("name", $"{result.Name} run {result.RunId}")));

            // Runspace N keeps tid N, so the trace and NodeResult.Worker agree; extra lanes and other tracks follow.
            var tracks = timeline.Tracks.ToList();
            int nextTid = tracks.Count == 0 ? 1 : Math.Max(1, tracks.Max(t => t.Worker)) + 1;
            var tids = new Dictionary<(int, int), int>();
            int sort = 0;
            foreach (var (worker, lane) in tracks)
            {
                int tid = worker != 0 && lane == 0 ? worker : nextTid++;
                tids[(worker, lane)] = tid;
                var name = (worker == 0 ? "runspace unknown" : $"runspace {worker}") + (lane == 0 ? string.Empty : $" (lane {lane + 1})");
                AddTrack(events, tid, name, sort++);
            }

            foreach (var span in timeline.Spans)
            {
                events.Add(Complete(span, tids[(span.Node.Worker, span.Lane)], origin));
            }

            AddWaits(events, timeline, origin, ref nextTid, ref sort);
            AddRestored(events, timeline, origin, nextTid, sort);

            var sb = new StringBuilder();
            sb.Append("{\"traceEvents\":[\n");
            sb.Append(string.Join(",\n", events));
            sb.Append("\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":").Append(Json(w => WriteRun(w, result))).Append("}\n");
            return sb.ToString();
        }

        private static string Complete(RunTimeline.Span span, int tid, DateTime origin)
        {
            var node = span.Node;
            return Json(w =>
            {
                w.WriteString("name", node.Name);
                w.WriteString("cat", node.Status.ToString());
                w.WriteString("ph", "X");
                w.WriteNumber("ts", TimeText.Microseconds(span.Start, origin));
                w.WriteNumber("dur", TimeText.Microseconds(span.End, span.Start));
                w.WriteNumber("pid", ProcessId);
                w.WriteNumber("tid", tid);
                w.WriteString("cname", ColourName(StatusStyle.ClassOf(node.Status, node.Reason)));
                w.WriteStartObject("args");
                w.WriteString("status", node.Status.ToString());
                if (node.Reason != NodeReason.None)
                {
                    w.WriteString("reason", node.Reason.ToString());
                }

                w.WriteNumber("attempts", node.Attempts);
                w.WriteNumber("level", node.Level);
                w.WriteNumber("runspace", node.Worker);
                if (span.Ready.HasValue)
                {
                    w.WriteNumber("waitedMs", Math.Round((span.Start - span.Ready.Value).TotalMilliseconds, 3));
                }

                if (node.ErrorMessage != null)
                {
                    w.WriteString("error", node.ErrorMessage);
                }

                w.WriteEndObject();
            });
        }

        /// <summary>
        /// Waits overlap each other freely, and a track's slices must not, so they are spread over as few
        /// <c>ready, waiting</c> tracks as needed: each wait takes the first track free at its ready time.
        /// </summary>
        private static void AddWaits(List<string> events, RunTimeline timeline, DateTime origin, ref int nextTid, ref int sort)
        {
            var laneEnds = new List<DateTime>();
            var laneTids = new List<int>();
            foreach (var span in timeline.Spans.Where(s => s.Ready.HasValue).OrderBy(s => s.Ready!.Value))
            {
                var ready = span.Ready!.Value;
                int lane = laneEnds.FindIndex(end => end <= ready);
                if (lane < 0)
                {
                    lane = laneEnds.Count;
                    laneEnds.Add(span.Start);
                    laneTids.Add(nextTid);
                    AddTrack(events, nextTid++, lane == 0 ? "ready, waiting" : $"ready, waiting ({lane + 1})", sort++);
                }

                laneEnds[lane] = span.Start;
                events.Add(Json(w =>
                {
                    w.WriteString("name", span.Node.Name + " (waiting)");
                    w.WriteString("cat", "wait");
                    w.WriteString("ph", "X");
                    w.WriteNumber("ts", TimeText.Microseconds(ready, origin));
                    w.WriteNumber("dur", TimeText.Microseconds(span.Start, ready));
                    w.WriteNumber("pid", ProcessId);
                    w.WriteNumber("tid", laneTids[lane]);
                    w.WriteString("cname", "thread_state_runnable");
                    w.WriteStartObject("args");
                    w.WriteString("node", span.Node.Name);
                    w.WriteString("note", "every need had finished; waiting for a place (parallelism cap, pool or ready order)");
                    w.WriteEndObject();
                }));
            }
        }

        /// <summary>Nodes a resume restored ran in an earlier session: a mark at the start, not a span of this run.</summary>
        private static void AddRestored(List<string> events, RunTimeline timeline, DateTime origin, int tid, int sort)
        {
            if (timeline.Restored.Count == 0)
            {
                return;
            }

            AddTrack(events, tid, "restored from the checkpoint", sort);
            foreach (var node in timeline.Restored)
            {
                events.Add(Json(w =>
                {
                    w.WriteString("name", node.Name);
                    w.WriteString("cat", "Resumed");
                    w.WriteString("ph", "i");
                    w.WriteString("s", "t");
                    w.WriteNumber("ts", 0);
                    w.WriteNumber("pid", ProcessId);
                    w.WriteNumber("tid", tid);
                    w.WriteStartObject("args");
                    w.WriteString("status", node.Status.ToString());
                    w.WriteString("reason", node.Reason.ToString());
                    if (node.Duration.HasValue)
                    {
                        w.WriteNumber("durationMs", Math.Round(node.Duration.Value.TotalMilliseconds, 3));
                    }

                    w.WriteEndObject();
                }));
            }
        }

        private static void AddTrack(List<string> events, int tid, string name, int sortIndex)
        {
            events.Add(Metadata("thread_name", tid, w => w.WriteString("name", name)));
            events.Add(Metadata("thread_sort_index", tid, w => w.WriteNumber("sort_index", sortIndex)));
        }

        private static string Metadata(string name, int tid, Action<Utf8JsonWriter> args) => Json(w =>
        {
            w.WriteString("name", name);
            w.WriteString("ph", "M");
            w.WriteNumber("pid", ProcessId);
            w.WriteNumber("tid", tid);
            w.WriteStartObject("args");
            args(w);
            w.WriteEndObject();
        });

        private static void WriteRun(Utf8JsonWriter w, DagRunResult result)
        {
            w.WriteString("workflow", result.Name);
            w.WriteString("runId", result.RunId);
            w.WriteString("status", result.Status.ToString());
            w.WriteString("startTime", result.StartTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
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
        private static string ColourName(StatusClass c) => c switch
        {
            StatusClass.Succeeded => "good",
            StatusClass.Degraded => "olive",
            StatusClass.Failed => "terrible",
            StatusClass.AllowedFailure => "bad",
            StatusClass.Cancelled => "yellow",
            _ => "grey",
        };

        private static string Json(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
