using System;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class EfficiencyTests
    {
        [Fact]
        public async Task Efficiency_IsBusyTimeOverMakespanTimesParallelism_AndTheBottleneckIsTheLongestNodeOnTheCriticalPath()
        {
            using var harness = RunHarness.Start(Dag("e", new[] { "a", "b:a", "c" }, w => w.Parallelism = new ParallelismSetting(2)));
            await harness.Executor.WaitForStartsAsync(2);
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            // Each end is stamped when the scheduler hears of it: wait for that before moving the clock on.
            harness.Executor.Succeed("c");
            await harness.Sink.WaitForFinishedAsync("c");
            harness.Clock.Advance(TimeSpan.FromSeconds(9));
            harness.Executor.Succeed("a");
            await harness.Executor.WaitForStartAsync("b");
            harness.Clock.Advance(TimeSpan.FromSeconds(2));
            harness.Executor.Succeed("b");
            var result = await harness.Result();

            Assert.Equal(TimeSpan.FromSeconds(12), result.Duration);
            Assert.Equal(new[] { "a", "b" }, result.CriticalPath);
            Assert.Equal("a", result.Bottleneck);
            Assert.Equal((10 + 2 + 1) / (12.0 * 2), result.Efficiency, precision: 6);
            Assert.Equal(result["b"]!.StartTime, result["b"]!.ReadyTime); // b waited for nothing once a ended
            Assert.Equal(result.StartTime, result["a"]!.ReadyTime);
        }

        [Fact]
        public async Task AForEachNode_IsNotCountedOnTopOfItsInstances_SoEfficiencyStaysAtMostOne()
        {
            // Two instances side by side for 10 s at parallelism 2: both places busy the whole run.
            using var harness = RunHarness.Start(Dag("e", new[] { "fan foreach=a|b" }, w => w.Parallelism = new ParallelismSetting(2)));
            await harness.Executor.WaitForStartsAsync(2);
            harness.Clock.Advance(TimeSpan.FromSeconds(10));
            harness.Executor.Succeed("fan[a]");
            harness.Executor.Succeed("fan[b]");
            var result = await harness.Result();

            Assert.Equal(TimeSpan.FromSeconds(10), result["fan"]!.Duration);
            Assert.Equal(1.0, result.Efficiency, precision: 6); // counting fan's own 10 s made it 1.5
        }

        [Fact]
        public async Task PeakConcurrency_CountsNodesThatRanWork_NotAForEachNodeWorkingOutItsItems()
        {
            // long 0-1 s while fan works out its items (0-2 s); then fan[x] alone, 2-3 s.
            using var harness = RunHarness.Start(Dag("long", "fan foreachExpr=$Items"));
            await harness.Executor.WaitForStartsAsync(2);
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            harness.Executor.Succeed("long");
            await harness.Sink.WaitForFinishedAsync("long");
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            harness.Executor.Succeed("fan", "x");
            await harness.Executor.WaitForStartAsync("fan[x]");
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            harness.Executor.Succeed("fan[x]");
            var result = await harness.Result();

            Assert.Equal(1, result.PeakConcurrency);
            Assert.Equal((1 + 1) / (3.0 * 1), result.Efficiency, precision: 6);
        }

        [Fact]
        public async Task AResumedRun_CountsOnlyTheWorkItDid()
        {
            var resumed = (await ResumedForEachRun.RunAsync()).Resumed;

            // deploy[web2] 2 s, then verify 1 s, in 3 s: the one place used was busy the whole time.
            Assert.Equal(1, resumed.PeakConcurrency);
            Assert.Equal(1.0, resumed.Efficiency, precision: 6);
        }

        [Fact]
        public void Efficiency_IsClampedToOne_WhenClocksDisagree()
        {
            // A node stamped past the run's end (a clock step between two readings) must not read as over 100 %.
            var start = new DateTime(2026, 11, 25, 10, 0, 0);
            var node = new NodeResult("a") { Status = NodeStatus.Succeeded, StartTime = start, EndTime = start.AddSeconds(2) };

            Assert.Equal(1.0, RunSummary.Efficiency(new[] { node }, TimeSpan.FromSeconds(1), 1));
        }
    }
}
