using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// The events of one Trace Event Format document, one process, written one event per line so a trace is
    /// diffable and greppable for a node's name. Tracks are numbered and named as they are added, in display order.
    /// </summary>
    internal sealed class TraceEvents
    {
        /// <summary>The run is the trace's only process.</summary>
        public const int ProcessId = 1;

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly List<string> events = new List<string>();
        private int sortIndex;

        public TraceEvents(string processName)
        {
            events.Add(Metadata("process_name", 0, w => w.WriteString("name", processName)));
        }

        /// <summary>Names the track <paramref name="tid"/> and places it after the tracks named before it.</summary>
        public void AddTrack(int tid, string name)
        {
            events.Add(Metadata("thread_name", tid, w => w.WriteString("name", name)));
            int index = sortIndex++;
            events.Add(Metadata("thread_sort_index", tid, w => w.WriteNumber("sort_index", index)));
        }

        /// <summary>
        /// A complete event (<c>"ph":"X"</c>): <paramref name="ts"/> and <paramref name="dur"/> in microseconds.
        /// <paramref name="args"/> writes the properties of its <c>args</c> object.
        /// </summary>
        public void AddComplete(string name, string category, long ts, long dur, int tid, string colour, Action<Utf8JsonWriter> args)
            => events.Add(Json(w =>
            {
                w.WriteString("name", name);
                w.WriteString("cat", category);
                w.WriteString("ph", "X");
                w.WriteNumber("ts", ts);
                w.WriteNumber("dur", dur);
                w.WriteNumber("pid", ProcessId);
                w.WriteNumber("tid", tid);
                w.WriteString("cname", colour);
                WriteArgs(w, args);
            }));

        /// <summary>An instant event (<c>"ph":"i"</c>) scoped to its track.</summary>
        public void AddInstant(string name, string category, long ts, int tid, Action<Utf8JsonWriter> args)
            => events.Add(Json(w =>
            {
                w.WriteString("name", name);
                w.WriteString("cat", category);
                w.WriteString("ph", "i");
                w.WriteString("s", "t");
                w.WriteNumber("ts", ts);
                w.WriteNumber("pid", ProcessId);
                w.WriteNumber("tid", tid);
                WriteArgs(w, args);
            }));

        /// <summary>The document: <c>traceEvents</c>, milliseconds as the display unit, and <paramref name="otherData"/>.</summary>
        public string ToJson(Action<Utf8JsonWriter> otherData)
        {
            var sb = new StringBuilder();
            sb.Append("{\"traceEvents\":[\n");
            sb.Append(string.Join(",\n", events));
            sb.Append("\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":").Append(Json(otherData)).Append("}\n");
            return sb.ToString();
        }

        private static string Metadata(string name, int tid, Action<Utf8JsonWriter> args) => Json(w =>
        {
            w.WriteString("name", name);
            w.WriteString("ph", "M");
            w.WriteNumber("pid", ProcessId);
            w.WriteNumber("tid", tid);
            WriteArgs(w, args);
        });

        private static void WriteArgs(Utf8JsonWriter w, Action<Utf8JsonWriter> args)
        {
            w.WriteStartObject("args");
            args(w);
            w.WriteEndObject();
        }

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
