using System;
using System.Linq;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    /// <summary>The live view's region: what runs, for how long, on which attempt, the counts, and nothing wider than the console.</summary>
    public class LiveRegionTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);

        private static LiveRegion Started(string yaml, int parallelism = 4)
        {
            var plan = ScriptedRun.Of(yaml).Plan;
            var region = new LiveRegion();
            region.Observe(new RunStartedEvent(T0, "run1", plan, parallelism));
            return region;
        }

        [Fact]
        public void ARunningNode_ShowsItsElapsedTimeFromItsFirstAttempt_AndWhichAttemptOfHowMany()
        {
            var region = Started("name: w\nnodes:\n  deploy:\n    run: 'x'\n    retry: 3\n  other:\n    run: 'y'\n");
            region.Observe(new NodeStartedEvent(T0, "deploy", 1));
            region.Observe(new NodeStartedEvent(T0.AddSeconds(10), "deploy", 2));

            var lines = region.Lines(T0.AddSeconds(12.4), 80);

            Assert.Equal("  deploy    12.4s  attempt 2/3", lines[0]);
            Assert.Equal("  1 running · 1 waiting", lines[1]);
        }

        [Fact]
        public void FinishedNodes_LeaveTheListAndCountByStatus()
        {
            var run = SampleRuns.Build();
            var region = new LiveRegion();
            foreach (var e in run.Events.Where(e => !(e is RunFinishedEvent)))
            {
                region.Observe(e);
            }

            var lines = region.Lines(T0, 80);

            Assert.Equal(new[] { "  0 running · 4 succeeded · 1 failed" }, lines);
        }

        [Fact]
        public void ManyRunningNodes_CollapseToTheLongestRunnersAndACount()
        {
            var region = Started("name: w\nnodes:\n  fan:\n    foreach: [1]\n    run: 'x'\n");
            for (int i = 0; i < 1000; i++)
            {
                region.Observe(new NodeStartedEvent(T0.AddMilliseconds(i), $"fan[{i}]", 1));
            }

            var lines = region.Lines(T0.AddSeconds(5), 80);

            Assert.Equal(LiveRegion.MaxListed + 2, lines.Count);
            Assert.StartsWith("  fan[0] ", lines[0], StringComparison.Ordinal);
            Assert.Equal($"  ... and {1000 - LiveRegion.MaxListed} more running", lines[LiveRegion.MaxListed]);
            Assert.Equal("  1000 running", lines.Last());
        }

        [Fact]
        public void NoLine_IsWiderThanTheConsole()
        {
            var region = Started("name: w\nnodes:\n  a-node-with-a-rather-long-name-that-goes-on:\n    run: 'x'\n");
            region.Observe(new NodeStartedEvent(T0, "a-node-with-a-rather-long-name-that-goes-on", 1));

            var lines = region.Lines(T0.AddMinutes(3), 24);

            Assert.All(lines, line => Assert.True(line.Length <= 24, line));
            Assert.EndsWith("…", lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public void TheTimeLeft_IsShownOnlyWhenEstimatesComeFromEarlierRuns()
        {
            var yaml = "name: w\nnodes:\n  a:\n    run: 'x'\n  b:\n    needs: a\n    run: 'y'\n";
            var region = Started(yaml);
            region.Observe(new NodeStartedEvent(T0, "a", 1));
            Assert.DoesNotContain("left", region.Lines(T0.AddSeconds(1), 80).Last(), StringComparison.Ordinal);

            var workflow = Workflows.Load(yaml);
            var plan = Planner.CreatePlan(workflow, null, node => node.Id == "a" ? 10 : 20, "History");
            var withHistory = new LiveRegion();
            withHistory.Observe(new RunStartedEvent(T0, "run1", plan, 4));
            withHistory.Observe(new NodeStartedEvent(T0, "a", 1));

            // a has 6 s of its 10 left, then b's 20: the longest path.
            Assert.EndsWith("about 26.0s left", withHistory.Lines(T0.AddSeconds(4), 80).Last(), StringComparison.Ordinal);
        }
    }
}
