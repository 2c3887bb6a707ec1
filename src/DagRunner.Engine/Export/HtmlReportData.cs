using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// The data of an <see cref="HtmlReport"/>: one JSON object the page's script reads. Times are milliseconds from
    /// the run's start, so the Gantt needs no date parsing; keys are short because a 2,000-node run writes each of
    /// them thousands of times.
    /// </summary>
    internal static class HtmlReportData
    {
        /// <summary>
        /// The most of a node's log a page should hold: its end, where a failure is. The callers read this much of each
        /// log file (RunLogFiles.ReadTail), which says itself how much it left out. <value>32 Ki characters.</value>
        /// </summary>
        internal const int MaxLogChars = 32 * 1024;

        /// <summary>
        /// Escapes <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes as <c>\u003C</c>..., so the JSON can sit in a script
        /// element whatever it holds; other characters stay as they are (a report in any language stays small).
        /// </summary>
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

        public static string Build(ResultReport report, RunFacts facts, ExecutionPlan? plan)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                json.WriteStartObject();
                WriteRun(json, report, facts, plan);
                WriteStyles(json);
                json.WriteStartArray("nodes");
                var groups = GroupsOf(report, plan);
                foreach (var node in report.Nodes)
                {
                    WriteNode(json, node, report.StartTime, plan, groups);
                }

                json.WriteEndArray();
                WriteEdges(json, plan);
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static void WriteRun(Utf8JsonWriter json, ResultReport report, RunFacts facts, ExecutionPlan? plan)
        {
            json.WriteString("workflow", report.Workflow);
            json.WriteString("workflowPath", report.WorkflowPath);
            json.WriteString("runId", report.RunId);
            json.WriteString("source", report.IsFromCheckpoint ? "checkpoint" : "result");
            json.WriteString("status", report.Status.ToString());
            json.WriteString("startTime", TimeText.WithOffset(report.StartTime, report.Offset));
            json.WriteString("endTime", report.EndTime.HasValue ? TimeText.WithOffset(report.EndTime.Value, report.Offset) : null);
            json.WriteNumber("duration", Seconds(report.Duration));
            json.WriteString("host", facts.HostName);
            WriteNumber(json, "parallelism", facts.Parallelism is int p && p != int.MaxValue ? p : (int?)null);
            json.WriteBoolean("unlimited", facts.Parallelism == int.MaxValue);
            WriteNumber(json, "peak", facts.PeakConcurrency);
            if (facts.Efficiency is double efficiency)
            {
                json.WriteNumber("efficiency", Math.Round(efficiency, 4));
            }
            else
            {
                json.WriteNull("efficiency");
            }

            json.WriteString("bottleneck", facts.Bottleneck);
            json.WriteString("mode", facts.Mode);
            json.WriteStartArray("criticalPath");
            foreach (var name in facts.CriticalPath)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteBoolean("criticalPathEstimated", facts.IsCriticalPathEstimated);
            json.WriteBoolean("hasGraph", plan != null);
        }

        /// <summary>The graph formats' palette, so the page's colours are the Mermaid and DOT pictures' colours.</summary>
        private static void WriteStyles(Utf8JsonWriter json)
        {
            json.WriteStartObject("styles");
            foreach (var c in StatusStyle.All)
            {
                json.WriteStartObject(StatusStyle.Name(c));
                json.WriteString("fill", StatusStyle.Fill(c));
                json.WriteString("stroke", StatusStyle.Stroke(c));
                json.WriteString("text", StatusStyle.Text(c));
                json.WriteBoolean("dashed", StatusStyle.Dashed(c));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        private static void WriteNode(Utf8JsonWriter json, ReportNode node, DateTime origin, ExecutionPlan? plan, HashSet<string> groups)
        {
            json.WriteStartObject();
            json.WriteString("n", node.Name);
            json.WriteString("s", node.Status.ToString());
            json.WriteString("r", node.Reason == NodeReason.None ? null : node.Reason.ToString());
            json.WriteString("c", StatusStyle.Name(StatusStyle.ClassOf(node.Status, node.Reason)));
            json.WriteNumber("a", node.Attempts);
            WriteNumber(json, "t0", Offset(node.StartTime, origin));
            WriteNumber(json, "t1", Offset(node.EndTime, origin));
            if (node.IsRestored)
            {
                json.WriteBoolean("restored", true);
            }

            var group = GroupOf(node.Name, groups);
            if (group != null)
            {
                json.WriteString("g", group);
            }
            else if (groups.Contains(node.Name))
            {
                json.WriteBoolean("isGroup", true);
            }

            WriteNumber(json, "lv", plan?[group ?? node.Name]?.Level);
            if (node.Host != null)
            {
                json.WriteString("host", node.Host);
            }

            WriteError(json, node);
            if (node.OutputJson != "[]")
            {
                json.WriteString("out", node.OutputJson);
            }

            if (node.Log != null)
            {
                json.WriteString("log", node.Log);
            }

            if (node.AttemptRecords.Count > 0)
            {
                json.WriteStartArray("tries");
                foreach (var attempt in node.AttemptRecords)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(Offset(attempt.StartTime, origin)!.Value);
                    json.WriteNumberValue(Offset(attempt.EndTime, origin)!.Value);
                    json.WriteStringValue(attempt.IsFallback ? "fallback" : attempt.Attempt.ToString(CultureInfo.InvariantCulture));
                    json.WriteStringValue(attempt.Outcome);
                    json.WriteStringValue(attempt.Error);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        private static void WriteError(Utf8JsonWriter json, ReportNode node)
        {
            if (node.ErrorMessage == null)
            {
                return;
            }

            json.WriteStartObject("err");
            json.WriteString("m", node.ErrorMessage);
            if (node.ErrorText != null && node.ErrorText != node.ErrorMessage)
            {
                json.WriteString("text", node.ErrorText);
            }

            if (node.ErrorPosition is { } at)
            {
                json.WriteString("file", at.File);
                WriteNumber(json, "line", at.Line > 0 ? at.Line : (int?)null);
                WriteNumber(json, "col", at.Column > 0 ? at.Column : (int?)null);
            }

            json.WriteEndObject();
        }

        /// <summary>Each need to its dependent, by plan node; the page draws an edge to a foreach group to each of its instances.</summary>
        private static void WriteEdges(Utf8JsonWriter json, ExecutionPlan? plan)
        {
            json.WriteStartArray("edges");
            foreach (var node in plan?.Nodes ?? Array.Empty<PlanNode>())
            {
                foreach (var dependent in node.Dependents)
                {
                    var target = plan![dependent]!;
                    json.WriteStartArray();
                    json.WriteStringValue(node.Name);
                    json.WriteStringValue(target.Name);
                    json.WriteNumberValue(target.When != Definition.TriggerRule.Success ? 1 : 0);
                    json.WriteEndArray();
                }
            }

            json.WriteEndArray();
        }

        /// <summary>The foreach nodes: the plan's, or without a plan, each node that has <c>node[key]</c> instances in the run.</summary>
        private static HashSet<string> GroupsOf(ResultReport report, ExecutionPlan? plan)
        {
            if (plan != null)
            {
                return new HashSet<string>(plan.Nodes.Where(n => n.Definition.ForEach != null).Select(n => n.Name), StringComparer.OrdinalIgnoreCase);
            }

            var prefixes = new HashSet<string>(report.Nodes.Select(n => n.Name).Where(InstanceId.IsInstance).Select(InstanceId.GroupOf), StringComparer.OrdinalIgnoreCase);
            return new HashSet<string>(report.Nodes.Select(n => n.Name).Where(prefixes.Contains), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary><c>deploy</c> for <c>deploy[web01]</c> when <c>deploy</c> is a foreach node of the run.</summary>
        private static string? GroupOf(string name, HashSet<string> groups)
            => InstanceId.TrySplit(name, out var group, out _) && groups.Contains(group) ? group : null;

        private static long? Offset(DateTime? time, DateTime origin)
            => time.HasValue ? (long)Math.Round((time.Value - origin).TotalMilliseconds) : (long?)null;

        private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
        {
            if (value.HasValue)
            {
                json.WriteNumber(name, value.Value);
            }
            else
            {
                json.WriteNull(name);
            }
        }

        private static double Seconds(TimeSpan duration) => Math.Round(Math.Max(0, duration.TotalSeconds), 3);
    }
}
