using System;
using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>A resumed run times only its own session: nothing restored carries the hours since the first one.</summary>
    public class ResumedTimesTests
    {
        [Fact]
        public async Task RestoredNodesAndInstances_HaveNoTimes_ButKeepTheirRecordedAttempts()
        {
            var run = await ResumedForEachRun.RunAsync();
            var resumed = run.Resumed;

            foreach (var name in new[] { "prep", "deploy[web1]", "deploy[web3]" })
            {
                var node = resumed[name]!;
                Assert.Equal(NodeReason.Resumed, node.Reason);
                Assert.Null(node.StartTime);
                Assert.Null(node.EndTime);
                Assert.Null(node.Duration);
                Assert.Equal(1, node.Attempts);
            }

            Assert.Equal(resumed.StartTime, resumed["deploy[web2]"]!.StartTime);
            Assert.Equal(TimeSpan.FromSeconds(2), resumed["deploy[web2]"]!.Duration);
        }

        [Fact]
        public async Task AForEachNode_SpansOnlyTheInstancesThatRanInThisSession()
        {
            var resumed = (await ResumedForEachRun.RunAsync()).Resumed;

            var deploy = resumed["deploy"]!;
            Assert.Equal(NodeStatus.Succeeded, deploy.Status);
            Assert.Equal(resumed.StartTime, deploy.StartTime); // not the first session's start, 3 hours earlier
            Assert.Equal(TimeSpan.FromSeconds(2), deploy.Duration);
            Assert.Equal(TimeSpan.FromSeconds(3), resumed.Duration);
            Assert.All(resumed.Nodes.Where(n => n.StartTime.HasValue), n => Assert.InRange(n.StartTime!.Value, resumed.StartTime, resumed.EndTime));
        }

        [Fact]
        public async Task AForEachNodeWhoseInstancesWereAllRestored_HasNoTimes()
        {
            using var files = new CheckpointFiles();
            using var first = RunHarness.Start(
                Dag("fan foreach=a|b|c"),
                o => o.CheckpointPath = files.Path,
                r => r.Node.Id == "fan[b]" ? NodeExecution.Failed(new InvalidOperationException("no")) : NodeExecution.Succeeded(new object?[] { r.Node.Id }));
            await first.Result();

            // b is no longer an item: a and c are restored, nothing is left to run.
            first.Clock.Advance(TimeSpan.FromHours(1));
            using var second = RunHarness.Start(Dag("fan foreach=a|c"), o =>
            {
                o.Clock = first.Clock;
                o.CheckpointPath = files.Path;
                o.ResumeFrom = CheckpointReader.Read(files.Path);
            });
            var resumed = await second.Result();

            Assert.Empty(second.Executor.StartOrder);
            Assert.Equal(NodeStatus.Succeeded, resumed["fan"]!.Status);
            Assert.Null(resumed["fan"]!.StartTime);
            Assert.Null(resumed["fan"]!.Duration);
        }
    }
}
