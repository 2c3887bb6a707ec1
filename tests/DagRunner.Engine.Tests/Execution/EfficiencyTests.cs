using System;
using System.Threading.Tasks;
using DagRunner.Definition;
using Xunit;
using static DagRunner.Tests.TestDag;

namespace DagRunner.Tests.Execution
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
    }
}
