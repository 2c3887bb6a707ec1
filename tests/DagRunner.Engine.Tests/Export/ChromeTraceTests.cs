using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using DagRunner.Export;
using DagRunner.Results;
using Xunit;
using static DagRunner.Tests.Export.ExportSamples;

namespace DagRunner.Tests.Export
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

        [Fact]
        public void Diamond_OneCompleteEventPerNodeThatRan_OnTheTrackOfItsRunspace()
        {
            var json = ChromeTrace.Build(DiamondRun());
            var events = Events(json);

            var slices = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
            Assert.Equal(new[] { "a", "b", "c" }, slices.Select(e => e.GetProperty("name").GetString()));
            Assert.Equal(new Dictionary<int, string> { [1] = "runspace 1", [2] = "runspace 2" }, Tracks(events));
            Assert.All(events, e => Assert.Equal(1, e.GetProperty("pid").GetInt32()));

            var b = Slice(events, "b");
            Assert.Equal(100_000, b.GetProperty("ts").GetInt64()); // microseconds from the run's start
            Assert.Equal(200_000, b.GetProperty("dur").GetInt64());
            Assert.Equal(2, b.GetProperty("tid").GetInt32());
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
        public void WithThePlan_AWaitBetweenReadyAndStart_IsASliceOnAWaitingTrack()
        {
            var events = Events(ChromeTrace.Build(DiamondRun(), Diamond()));

            var wait = Slice(events, "c (waiting)");
            Assert.Equal(100_000, wait.GetProperty("ts").GetInt64()); // a ended: c was ready
            Assert.Equal(20_000, wait.GetProperty("dur").GetInt64());
            Assert.Equal("ready, waiting", Tracks(events)[wait.GetProperty("tid").GetInt32()]);
            Assert.Equal(20.0, Slice(events, "c").GetProperty("args").GetProperty("waitedMs").GetDouble());

            // b started the moment a ended, and a at the run's start: no wait for them.
            Assert.Single(events, e => e.GetProperty("name").GetString()!.EndsWith(" (waiting)", System.StringComparison.Ordinal));
        }

        [Fact]
        public void OverlappingWaits_SpreadOverAsManyWaitingTracksAsNeeded()
        {
            var run = Run(
                "fan", DagRunStatus.Succeeded, 100, new[] { "root", "y" },
                Ran("root", NodeStatus.Succeeded, 0, 10, 1),
                Ran("x", NodeStatus.Succeeded, 30, 40, 1, level: 1),
                Ran("y", NodeStatus.Succeeded, 50, 100, 2, level: 1));
            var plan = DagRunner.Planning.Planner.CreatePlan(TestDag.Dag("fan", new[] { "root", "x:root", "y:root" }));

            var events = Events(ChromeTrace.Build(run, plan));

            var x = Slice(events, "x (waiting)");
            var y = Slice(events, "y (waiting)");
            Assert.NotEqual(x.GetProperty("tid").GetInt32(), y.GetProperty("tid").GetInt32());
            Assert.Equal("ready, waiting (2)", Tracks(events)[y.GetProperty("tid").GetInt32()]);
        }

        [Fact]
        public void OverlapsOnOneRunspace_ATinyOneIsClampedAndARetriedSpanGetsASecondLane()
        {
            var run = Run(
                "lanes", DagRunStatus.Succeeded, 300, new string[0],
                Ran("first", NodeStatus.Succeeded, 0, 100, 1),
                Ran("next", NodeStatus.Succeeded, 100, 150, 1), // starts as 'first' ends
                Ran("retried", NodeStatus.Succeeded, 50, 300, 1, attempts: 2)); // its first attempt ran elsewhere

            // The scheduler stamps an end a moment after the runspace is free: 0.4 ms of overlap.
            run.Nodes[0].EndTime = T0.AddMilliseconds(100.4);

            var events = Events(ChromeTrace.Build(run));

            var next = Slice(events, "next");
            Assert.Equal(1, next.GetProperty("tid").GetInt32());
            Assert.Equal(100_400, next.GetProperty("ts").GetInt64());
            var retried = Slice(events, "retried");
            Assert.Equal("runspace 1 (lane 2)", Tracks(events)[retried.GetProperty("tid").GetInt32()]);
            Assert.Equal(50_000, retried.GetProperty("ts").GetInt64());
        }

        [Fact]
        public void RestoredNodes_AreMarksNotSlices_AndAnUnknownRunspaceHasItsOwnTrack()
        {
            var run = Run(
                "resumed", DagRunStatus.Succeeded, 50, new[] { "b" },
                new NodeResult("a") { Status = NodeStatus.Succeeded, Reason = NodeReason.Resumed, StartTime = T0.AddHours(-1), EndTime = T0.AddHours(-1).AddSeconds(2), Attempts = 1 },
                Ran("b", NodeStatus.Failed, 0, 50, worker: 0));

            var events = Events(ChromeTrace.Build(run));

            Assert.Equal(new[] { "b" }, events.Where(e => e.GetProperty("ph").GetString() == "X").Select(e => e.GetProperty("name").GetString()));
            var mark = events.Single(e => e.GetProperty("ph").GetString() == "i");
            Assert.Equal("a", mark.GetProperty("name").GetString());
            Assert.Equal(0, mark.GetProperty("ts").GetInt64());
            var tracks = Tracks(events);
            Assert.Equal("restored from the checkpoint", tracks[mark.GetProperty("tid").GetInt32()]);
            Assert.Equal("runspace unknown", tracks[Slice(events, "b").GetProperty("tid").GetInt32()]);
        }
    }
}
