using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>How many runspaces a warm start opens: one per node that can start first, within the starting cap and the processors.</summary>
    public class WarmStartTests
    {
        [Fact]
        public void Count_IsTheLocalRootNodes_ThatAreNotIncremental()
        {
            var workflow = Load.Valid("hosts:\n  web: { hostName: w1 }\nnodes:\n  a: { run: '1' }\n  b: { run: '1' }\n  c: { run: '1', needs: [a] }\n  remote: { run: '1', on: web }\n  built: { run: '1', outputs: [out.txt] }\n");

            Assert.Equal(2, WarmStart.RunspacesFor(workflow, ExecutionMode.Parallel, ParallelismSetting.Unlimited, processorCount: 8));
        }

        [Theory]
        [InlineData(ExecutionMode.Parallel, 3, 8, 3)] // the cap
        [InlineData(ExecutionMode.Parallel, 16, 2, 2)] // one per processor
        [InlineData(ExecutionMode.Adaptive, 16, 4, 4)]
        [InlineData(ExecutionMode.Sequential, 16, 8, 1)]
        public void Count_IsAtMostTheStartingCap_AndOnePerProcessor(ExecutionMode mode, int parallelism, int processors, int expected)
        {
            var workflow = Load.Valid("nodes:\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"  n{i}: {{ run: '1' }}\n")));

            Assert.Equal(expected, WarmStart.RunspacesFor(workflow, mode, ParallelismSetting.Parse(parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture)), processors));
        }
    }
}
