using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>One rule for why nodes do not start once a run stops: the first cause names them all.</summary>
    public class RunStopTests
    {
        [Fact]
        public void TheFirstCause_WinsOverLaterOnes()
        {
            var stop = new RunStop();
            Assert.True(stop.FailFast());
            Assert.False(stop.Cancel());
            Assert.False(stop.TimeOut());

            Assert.Equal(NodeReason.FailFast, stop.Cause);
            Assert.True(stop.Cancelled); // a Ctrl+C still makes the run Cancelled
            Assert.True(stop.Blocks(TriggerRule.Always)); // after -FailFast, no cleanup starts either
        }

        [Fact]
        public void AfterCtrlCAlone_OnlyCleanupNodesMayStart()
        {
            var stop = new RunStop();
            Assert.False(stop.Blocks(TriggerRule.Success));

            stop.Cancel();

            Assert.True(stop.Blocks(TriggerRule.Success));
            Assert.True(stop.Blocks(TriggerRule.Failure));
            Assert.False(stop.Blocks(TriggerRule.Always));
            Assert.Equal(NodeReason.RunCancelled, stop.Cause);
        }

        [Fact]
        public void AfterTheTimeout_OnlyCleanupNodesMayStart_InTheCleanupWindow()
        {
            var stop = new RunStop();
            Assert.False(stop.Hurried);

            stop.TimeOut();

            Assert.True(stop.Blocks(TriggerRule.Success));
            Assert.True(stop.Blocks(TriggerRule.NotFailed));
            Assert.False(stop.Blocks(TriggerRule.Always));
            Assert.True(stop.Hurried);
            Assert.False(stop.Cancelled); // the run ends Failed, not Cancelled
        }

        [Fact]
        public async Task AForEachNodeWhoseItemsComeBackAfterTheStop_GetsTheSameReasonAsEveryOtherUnstartedNode()
        {
            // -FailFast stops the run, then Ctrl+C; the foreach node's expression ignores the Ctrl+C and returns items.
            using var harness = RunHarness.Start(Dag("bad", "fan foreachExpr=$x", "gate", "after:gate"), o => o.FailFast = true, prepare: e => e.IgnoresCancellation.Add("fan"));
            await harness.Executor.WaitForStartsAsync(3);

            harness.Executor.Fail("bad");
            var after = await harness.Sink.WaitForFinishedAsync("after");
            harness.Cancellation.Cancel();
            await harness.Sink.WaitForFinishedAsync("gate");
            harness.Executor.Succeed("fan", "x", "y");
            var result = await harness.Result();

            Assert.Equal((NodeStatus.NotRun, NodeReason.FailFast), (after.Status, after.Reason));
            Assert.Equal((NodeStatus.NotRun, NodeReason.FailFast), (result["fan"]!.Status, result["fan"]!.Reason));
            Assert.Equal(DagRunStatus.Cancelled, result.Status);
        }
    }
}
