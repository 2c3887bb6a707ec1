using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DagRunner.Engine.Export;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class ChromeTraceTests
    {
        private static List<JsonElement> Events(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => e.Clone()).ToList();
        }

        private static Dictionary<int, string> Tracks(List<JsonElement> events) => events
            .Where(e => e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt32(), e => e.GetProperty("args").GetProperty("name").GetString()!);

        private static JsonElement Slice(List<JsonElement> events, string name)
            => events.Single(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("name").GetString() == name);

        private static string?[] SliceNames(List<JsonElement> events, string? category = null) => events
            .Where(e => e.GetProperty("ph").GetString() == "X" && (category == null || e.GetProperty("cat").GetString() == category))
            .Select(e => e.GetProperty("name").GetString())
            .ToArray();

        private static string Track(List<JsonElement> events, string slice) => Tracks(events)[Slice(events, slice).GetProperty("tid").GetInt32()];

        [Fact]
        public void Diamond_OneCompleteEventPerNodeThatRan_OnTheTrackOfItsRunspace()
        {
            var json = ChromeTrace.Build(DiamondRun());
            var events = Events(json);

            Assert.Equal(new[] { "a", "b", "c", "c (ready, waiting)" }, SliceNames(events));
            Assert.Equal(new Dictionary<int, string> { [1] = "runspace 1", [2] = "runspace 2", [3] = "waits" }, Tracks(events));
            Assert.All(events, e => Assert.Equal(1, e.GetProperty("pid").GetInt32()));

            var b = Slice(events, "b");
            Assert.Equal(100_000, b.GetProperty("ts").GetInt64()); // microseconds from the run's start
            Assert.Equal(200_000, b.GetProperty("dur").GetInt64());
            Assert.Equal(2, b.GetProperty("tid").GetInt32());
            Assert.Equal("Failed", b.GetProperty("cat").GetString());
            Assert.Equal("terrible", b.GetProperty("cname").GetString());
            Assert.Equal("Failed", b.GetProperty("args").GetProperty("status").GetString());
            Assert.Equal(3, b.GetProperty("args").GetProperty("attempts").GetInt32());
            Assert.Equal("boom \"quoted\"", b.GetProperty("args").GetProperty("error").GetString());
            Assert.Equal(1, Slice(events, "c").GetProperty("tid").GetInt32());

            using var document = JsonDocument.Parse(json);
            var other = document.RootElement.GetProperty("otherData");
            Assert.Equal("diamond", other.GetProperty("workflow").GetString());
            Assert.Equal("a -> b", other.GetProperty("criticalPath").GetString());
            Assert.Equal("unlimited", other.GetProperty("parallelism").GetString());
            Assert.Equal("ms", document.RootElement.GetProperty("displayTimeUnit").GetString());
        }

        [Fact]
        public void AWaitFromReadyToStart_IsASliceOnAWaitsTrack_AndTheNodeSaysHowLong()
        {
            var events = Events(ChromeTrace.Build(DiamondRun()));

            var wait = Slice(events, "c (ready, waiting)");
            Assert.Equal(100_000, wait.GetProperty("ts").GetInt64()); // a ended: c was ready
            Assert.Equal(20_000, wait.GetProperty("dur").GetInt64());
            Assert.Equal("wait", wait.GetProperty("cat").GetString());
            Assert.Equal("c", wait.GetProperty("args").GetProperty("node").GetString());
            Assert.Equal(20.0, Slice(events, "c").GetProperty("args").GetProperty("waitedMs").GetDouble());
            Assert.False(Slice(events, "b").GetProperty("args").TryGetProperty("waitedMs", out _)); // started when ready
        }

        [Fact]
        public void OverlappingWaits_SpreadOverAsManyWaitsTracksAsNeeded()
        {
            var run = Run(
                "fan", DagRunStatus.Succeeded, 100, new[] { "root", "y" },
                Ran("root", NodeStatus.Succeeded, 0, 10, 1, readyMs: 0),
                Ran("x", NodeStatus.Succeeded, 30, 40, 1, level: 1, readyMs: 10),
                Ran("y", NodeStatus.Succeeded, 50, 100, 2, level: 1, readyMs: 10));

            var events = Events(ChromeTrace.Build(run));

            Assert.Equal("waits", Track(events, "x (ready, waiting)"));
            Assert.Equal("waits (2)", Track(events, "y (ready, waiting)"));
        }

        [Fact]
        public void ARetriedNode_IsOneSlicePerAttemptOnItsOwnRunspace_WithTheRetryDelaysAsWaits()
        {
            var run = Run(
                "retry", DagRunStatus.Succeeded, 400, new[] { "flaky" },
                Ran("flaky", NodeStatus.Succeeded, 0, 400, worker: 2, attempts: 3, reason: NodeReason.Degraded, readyMs: 0, records: new[]
                {
                    Attempt(1, 0, 50, "Failed", worker: 1, error: "refused"),
                    Attempt(2, 150, 200, "TimedOut", worker: 2, error: "timed out"),
                    Attempt(3, 200, 250, "Failed", worker: 2, error: "refused"),
                    Attempt(3, 250, 400, "Succeeded", worker: 2, fallback: true),
                }),
                Ran("other", NodeStatus.Succeeded, 60, 140, worker: 1, readyMs: 0));

            var events = Events(ChromeTrace.Build(run));

            Assert.Equal(
                new[] { "flaky (attempt 1)", "other", "flaky (attempt 2)", "flaky (attempt 3)", "flaky (fallback)" },
                SliceNames(events).Where(n => !n!.Contains("wait")));
            Assert.Equal("runspace 1", Track(events, "flaky (attempt 1)"));
            Assert.Equal("runspace 2", Track(events, "flaky (attempt 2)"));
            Assert.Equal("runspace 1", Track(events, "other")); // ran on runspace 1 between the attempts

            var second = Slice(events, "flaky (attempt 2)");
            Assert.Equal("TimedOut", second.GetProperty("cat").GetString());
            Assert.Equal("bad", second.GetProperty("cname").GetString());
            Assert.Equal(2, second.GetProperty("args").GetProperty("attempt").GetInt32());
            Assert.Equal("timed out", second.GetProperty("args").GetProperty("error").GetString());
            Assert.Equal("Degraded", second.GetProperty("args").GetProperty("reason").GetString());
            var fallback = Slice(events, "flaky (fallback)");
            Assert.True(fallback.GetProperty("args").GetProperty("fallback").GetBoolean());
            Assert.Equal("olive", fallback.GetProperty("cname").GetString());

            var delay = Slice(events, "flaky (retry wait before attempt 2)");
            Assert.Equal(50_000, delay.GetProperty("ts").GetInt64());
            Assert.Equal(100_000, delay.GetProperty("dur").GetInt64());
            Assert.Equal("retry", delay.GetProperty("cat").GetString());
            Assert.Single(SliceNames(events, "retry")); // attempts 2 and 3, 3 and the fallback follow at once
        }

        [Fact]
        public void OverlapsOnOneRunspace_ATinyOneIsClamped_AndASpanWithoutAttemptRecordsGetsASecondLane()
        {
            var run = Run(
                "lanes", DagRunStatus.Succeeded, 300, new string[0],
                Ran("first", NodeStatus.Succeeded, 0, 100, 1),
                Ran("next", NodeStatus.Succeeded, 100, 150, 1), // starts as 'first' ends
                Ran("retried", NodeStatus.Succeeded, 50, 300, 1, attempts: 2)); // its first attempt ran elsewhere

            // The end is stamped a moment after the runspace is free: 0.4 ms of overlap.
            run.Nodes[0].EndTime = T0.AddMilliseconds(100.4);

            var events = Events(ChromeTrace.Build(run));

            var next = Slice(events, "next");
            Assert.Equal(1, next.GetProperty("tid").GetInt32());
            Assert.Equal(100_400, next.GetProperty("ts").GetInt64());
            Assert.Equal("runspace 1 (lane 2)", Track(events, "retried"));
            Assert.Equal(50_000, Slice(events, "retried").GetProperty("ts").GetInt64());
        }

        [Fact]
        public void RestoredNodes_AreMarksNotSlices_AndAnUnknownRunspaceHasItsOwnTrack()
        {
            var run = Run(
                "resumed", DagRunStatus.Succeeded, 50, new[] { "b" },
                new NodeResult("a") { Status = NodeStatus.Succeeded, Reason = NodeReason.Resumed, StartTime = T0.AddHours(-1), EndTime = T0.AddHours(-1).AddSeconds(2), Attempts = 1 },
                Ran("b", NodeStatus.Failed, 0, 50, worker: 0));

            var events = Events(ChromeTrace.Build(run));

            Assert.Equal(new[] { "b" }, SliceNames(events));
            var mark = events.Single(e => e.GetProperty("ph").GetString() == "i");
            Assert.Equal("a", mark.GetProperty("name").GetString());
            Assert.Equal(0, mark.GetProperty("ts").GetInt64());
            var tracks = Tracks(events);
            Assert.Equal("restored from the checkpoint", tracks[mark.GetProperty("tid").GetInt32()]);
            Assert.Equal("runspace unknown", Track(events, "b"));
        }

        [Fact]
        public async Task AResumedRun_HasItsRestoredNodesAsMarks_AndNothingBeforeItStarted()
        {
            var events = Events(ChromeTrace.Build((await ResumedForEachRun.RunAsync()).Resumed));

            Assert.All(events.Where(e => e.TryGetProperty("ts", out _)), e => Assert.True(e.GetProperty("ts").GetInt64() >= 0, $"{e}"));
            Assert.Equal(2_000_000, Slice(events, "deploy").GetProperty("dur").GetInt64()); // this session's instance only
            Assert.Equal(new[] { "deploy", "deploy[web2]", "verify" }, SliceNames(events).OrderBy(n => n));

            var marks = events.Where(e => e.GetProperty("ph").GetString() == "i").ToList();
            Assert.Equal(new[] { "deploy[web1]", "deploy[web3]", "prep" }, marks.Select(m => m.GetProperty("name").GetString()).OrderBy(n => n));
            Assert.All(marks, m => Assert.Equal("restored from the checkpoint", Tracks(events)[m.GetProperty("tid").GetInt32()]));
            Assert.All(marks, m => Assert.False(m.GetProperty("args").TryGetProperty("durationMs", out _)));
        }
    }
}
