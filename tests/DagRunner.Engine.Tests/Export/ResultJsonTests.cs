using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Export;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;
using static DagRunner.Engine.Tests.TestSupport.ResultSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class ResultJsonTests
    {
        private static JsonElement Json(DagRunResult result)
        {
            using var document = JsonDocument.Parse(ResultJson.Build(ResultReport.FromResult(result, workflow: null)));
            return document.RootElement.Clone();
        }

        private static JsonElement Node(JsonElement root, string id)
            => root.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);

        private static string Offset(DateTime local) => new DateTimeOffset(local).ToString("zzz", CultureInfo.InvariantCulture);

        [Fact]
        public void Run_StatusAsItsName_TimesAsIso8601_DurationInSeconds()
        {
            var root = Json(EveryStatus());

            Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
            Assert.Equal("ci", root.GetProperty("workflow").GetString());
            Assert.Equal("20261125T100000Z-abcd", root.GetProperty("runId").GetString());
            Assert.Equal("result", root.GetProperty("source").GetString());
            Assert.Equal("Failed", root.GetProperty("status").GetString());
            Assert.Equal("2026-11-25T10:00:00.000" + Offset(T0), root.GetProperty("startTime").GetString());
            Assert.Equal("2026-11-25T10:00:01.500" + Offset(T0), root.GetProperty("endTime").GetString());
            Assert.Equal(JsonValueKind.Number, root.GetProperty("durationSeconds").ValueKind);
            Assert.Equal(1.5, root.GetProperty("durationSeconds").GetDouble());
            Assert.Equal(12, root.GetProperty("nodes").GetArrayLength());
        }

        [Fact]
        public void EveryTime_HasTheOffsetTheRunsClockKept_NotTheZonesAtThatTimeOfDay()
        {
            // The run started at 02:58 CEST and its clock counted on to 03:03 in that offset across the autumn change.
            var result = EveryStatus();
            result.StartTime = new DateTime(2026, 10, 25, 2, 58, 0);
            result.EndTime = new DateTime(2026, 10, 25, 3, 3, 0);
            result.UtcOffset = TimeSpan.FromHours(2);

            var root = Json(result);

            Assert.Equal("2026-10-25T02:58:00.000+02:00", root.GetProperty("startTime").GetString());
            Assert.Equal("2026-10-25T03:03:00.000+02:00", root.GetProperty("endTime").GetString());
        }

        [Fact]
        public void Node_EveryKeyAlwaysThere_StatusAndReasonAsNames()
        {
            var root = Json(EveryStatus());
            var keys = new[] { "id", "status", "reason", "restored", "attempts", "durationSeconds", "startTime", "endTime", "host", "error", "output", "log" };

            Assert.All(root.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(keys, n.EnumerateObject().Select(p => p.Name)));
            var slow = Node(root, "slow");
            Assert.Equal("Failed", slow.GetProperty("status").GetString());
            Assert.Equal("TimedOut", slow.GetProperty("reason").GetString());
            Assert.Equal(1.0, slow.GetProperty("durationSeconds").GetDouble());
            var package = Node(root, "package");
            Assert.Equal("Skipped", package.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, package.GetProperty("durationSeconds").ValueKind);
            Assert.Equal(JsonValueKind.Null, package.GetProperty("startTime").ValueKind);
            Assert.Equal(JsonValueKind.Null, package.GetProperty("error").ValueKind);
        }

        [Fact]
        public void FailedNode_ErrorHasItsMessageFileAndLine()
        {
            var error = Node(Json(EveryStatus()), "test").GetProperty("error");

            Assert.Equal("Expected 3 but got 4", error.GetProperty("message").GetString());
            Assert.Equal(Workflow, error.GetProperty("file").GetString());
            Assert.Equal(12, error.GetProperty("line").GetInt32());
            Assert.Equal(JsonValueKind.Null, error.GetProperty("column").ValueKind); // a node's source has no column
        }

        [Fact]
        public void Output_HasTheCheckpointsShape()
        {
            var table = new Hashtable { ["count"] = 3 };
            var output = new object?[] { "text", 42, 1.5, table, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) };
            var root = Json(Run("ci", DagRunStatus.Succeeded, 100, Array.Empty<string>(), WithOutput(Ran("a", NodeStatus.Succeeded, 0, 100, worker: 1), output)));

            var expected = OutputJson.Serialize(output, "a", new List<string>());
            Assert.Equal(expected, Node(root, "a").GetProperty("output").GetRawText().Replace("\n", string.Empty).Replace(" ", string.Empty));
            Assert.Equal(3, Node(root, "a").GetProperty("output")[3].GetProperty("$hashtable").GetProperty("count").GetInt32());
        }

        [Fact]
        public void RestoredNode_SaysSo()
        {
            var root = Json(Run("ci", DagRunStatus.Succeeded, 100, Array.Empty<string>(),
                NotStarted("build", NodeStatus.Succeeded, NodeReason.Resumed), Ran("test", NodeStatus.Succeeded, 0, 100, worker: 1)));

            Assert.True(Node(root, "build").GetProperty("restored").GetBoolean());
            Assert.Equal("Resumed", Node(root, "build").GetProperty("reason").GetString());
            Assert.False(Node(root, "test").GetProperty("restored").GetBoolean());
        }

        [Fact]
        public void GermanCulture_NumbersStayJsonNumbers()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                var output = new object?[] { 2.5 };
                var text = ResultJson.Build(ResultReport.FromResult(
                    Run("ci", DagRunStatus.Succeeded, 1250, Array.Empty<string>(), WithOutput(Ran("a", NodeStatus.Succeeded, 0, 1250, worker: 1), output)), null));

                Assert.Contains("\"durationSeconds\": 1.25", text);
                Assert.Contains("2.5", text);
                Assert.DoesNotContain("1,25", text);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void SecretInErrorAndOutput_MaskedAsTheEngineMasksResults_NeverReachesTheDocument()
        {
            const string secret = "hunter2-Pa55word";
            var node = WithOutput(Ran("login", NodeStatus.Failed, 0, 100, worker: 1, error: $"bad password {secret}"), new Hashtable { ["token"] = secret });
            MaskedResults.Mask(node, new SecretMasker(new[] { secret }));

            var text = ResultJson.Build(ResultReport.FromResult(Run("ci", DagRunStatus.Failed, 100, Array.Empty<string>(), node), null));

            Assert.DoesNotContain(secret, text);
            Assert.Contains("bad password ***", text);
        }

        [Fact]
        public void Checkpoint_OfARunWhoseProcessDied_NoEnd_NodesAsRecorded()
        {
            var checkpoint = Checkpoint(
                DagRunStatus.Interrupted,
                CheckpointNode("build", NodeStatus.Succeeded, endMs: 500, output: "[\"artifact.zip\"]"),
                CheckpointNode("test", NodeStatus.Interrupted, startMs: 500),
                CheckpointNode("lint", NodeStatus.Failed, error: "3 errors", endMs: 700));

            using var document = JsonDocument.Parse(ResultJson.Build(ResultReport.FromCheckpoint(checkpoint, workflow: null)));
            var root = document.RootElement;

            Assert.Equal("checkpoint", root.GetProperty("source").GetString());
            Assert.Equal("Interrupted", root.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("endTime").ValueKind);
            Assert.Equal(2.0, root.GetProperty("durationSeconds").GetDouble()); // to the last record
            Assert.Equal("artifact.zip", Node(root, "build").GetProperty("output")[0].GetString());
            Assert.Equal("Interrupted", Node(root, "test").GetProperty("status").GetString());
            Assert.Equal("3 errors", Node(root, "lint").GetProperty("error").GetProperty("message").GetString());
        }
    }
}
