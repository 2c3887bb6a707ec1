using System;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class CancellationTests
    {
        private static void AssertNode(DagRunResult result, string node, NodeStatus status, NodeReason reason)
        {
            var n = result[node]!;
            Assert.True(n.Status == status && n.Reason == reason, $"{node}: expected {status} ({reason}), was {n.Status} ({n.Reason})");
        }

        [Fact]
        public async Task Cancel_StopsRunningNodes_MarksTheRestNotRun_AndReturnsCancelled()
        {
            using var run = RunHarness.Start(Dag("a", "b:a", "c", "d:c", "e"), o => o.Parallelism = new ParallelismSetting(2));
            await run.Executor.WaitForStartsAsync(2); // c and a (longest paths); e waits in the ready queue

            run.Cancellation.Cancel();
            var result = await run.Result();

            Assert.Equal(DagRunStatus.Cancelled, result.Status);
            AssertNode(result, "a", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "c", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "b", NodeStatus.NotRun, NodeReason.RunCancelled);
            AssertNode(result, "d", NodeStatus.NotRun, NodeReason.RunCancelled);
            AssertNode(result, "e", NodeStatus.NotRun, NodeReason.RunCancelled);
            Assert.Equal(1, result["a"]!.Attempts);
            Assert.Equal(0, result["e"]!.Attempts);
            Assert.True(run.Executor.Tokens["a"].IsCancellationRequested);
            Assert.Equal(2, run.Executor.StartOrder.Length);
        }

        [Fact]
        public async Task Cancel_RunsAlwaysCleanupAfterwards_AndStopsItAfterTheGracePeriod()
        {
            var grace = TimeSpan.FromSeconds(30);
            using var run = RunHarness.Start(Dag("a", "b:a", "cleanup:b when=always", "later:cleanup when=always"), o => o.CleanupGracePeriod = grace);
            await run.Executor.WaitForStartAsync("a");

            run.Cancellation.Cancel();
            await run.Executor.WaitForStartAsync("cleanup");
            var cleanupToken = run.Executor.Tokens["cleanup"];
            Assert.False(cleanupToken.IsCancellationRequested);

            run.Clock.Advance(grace - TimeSpan.FromMilliseconds(1));
            Assert.False(cleanupToken.IsCancellationRequested);
            Assert.False(run.Run!.IsCompleted);

            run.Clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(cleanupToken.IsCancellationRequested);
            var result = await run.Result();

            Assert.Equal(DagRunStatus.Cancelled, result.Status);
            AssertNode(result, "a", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "b", NodeStatus.NotRun, NodeReason.RunCancelled);
            AssertNode(result, "cleanup", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "later", NodeStatus.NotRun, NodeReason.RunCancelled); // the grace period was over
            Assert.Equal(new[] { "a", "cleanup" }, run.Executor.StartOrder);
        }

        [Fact]
        public async Task Cleanup_ThatFinishesInTime_Succeeds_AndCleanupAfterItRunsToo()
        {
            using var run = RunHarness.Start(Dag("a", "cleanup:a when=always", "later:cleanup when=always", "onFail:a when=failure"));
            await run.Executor.WaitForStartAsync("a");

            run.Cancellation.Cancel();
            await run.Executor.WaitForStartAsync("cleanup");
            run.Clock.Advance(TimeSpan.FromSeconds(10));
            run.Executor.Succeed("cleanup");
            await run.Executor.WaitForStartAsync("later");
            Assert.False(run.Executor.Tokens["later"].IsCancellationRequested);
            run.Executor.Succeed("later");
            var result = await run.Result();

            Assert.Equal(DagRunStatus.Cancelled, result.Status);
            AssertNode(result, "cleanup", NodeStatus.Succeeded, NodeReason.None);
            AssertNode(result, "later", NodeStatus.Succeeded, NodeReason.None);
            AssertNode(result, "onFail", NodeStatus.NotRun, NodeReason.RunCancelled);
        }

        [Fact]
        public async Task Cleanup_WaitsUntilEveryStoppedNodeIsBack()
        {
            using var run = RunHarness.Start(Dag("a", "slow", "cleanup:a when=always"));
            run.Executor.IgnoresCancellation.Add("slow");
            await run.Executor.WaitForStartsAsync(2);

            run.Cancellation.Cancel();
            await run.Sink.WaitForFinishedAsync("a");
            run.Executor.Complete("slow", NodeExecution.Cancelled());
            await run.Executor.WaitForStartAsync("cleanup");
            run.Executor.Succeed("cleanup");
            var result = await run.Result();

            var events = run.Sink.Events;
            int slowFinished = Array.FindIndex(events, e => e is NodeFinishedEvent f && f.Result.Name == "slow");
            int cleanupStarted = Array.FindIndex(events, e => e is NodeStartedEvent s && s.Node == "cleanup");
            Assert.True(slowFinished >= 0 && slowFinished < cleanupStarted, "cleanup started before the cancel had settled");
            AssertNode(result, "slow", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "cleanup", NodeStatus.Succeeded, NodeReason.None);
        }

        [Fact]
        public async Task AlwaysNode_AlreadyRunningWhenCancelled_IsCancelledLikeAnyOther()
        {
            using var run = RunHarness.Start(Dag("fin when=always"));
            await run.Executor.WaitForStartAsync("fin");

            run.Cancellation.Cancel();
            var result = await run.Result();

            AssertNode(result, "fin", NodeStatus.Cancelled, NodeReason.RunCancelled);
            Assert.Single(run.Executor.StartOrder);
        }

        [Fact]
        public async Task CancelledBeforeTheStart_RunsOnlyCleanup()
        {
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(Array.Empty<object?>()) };
            var runner = new WorkflowRunner(Dag("a", "b:a", "fin:b when=always"), new RunOptions(), executor, new RecordingSink());
            var result = await runner.RunAsync(new CancellationToken(canceled: true)).Within();

            Assert.Equal(DagRunStatus.Cancelled, result.Status);
            AssertNode(result, "a", NodeStatus.NotRun, NodeReason.RunCancelled);
            AssertNode(result, "b", NodeStatus.NotRun, NodeReason.RunCancelled);
            AssertNode(result, "fin", NodeStatus.Succeeded, NodeReason.None);
            Assert.Equal(new[] { "fin" }, executor.StartOrder);
        }

        [Fact]
        public async Task NodeStoppedWithoutTheRunBeingCancelled_StillMakesTheRunCancelled_NotSucceeded()
        {
            using var run = RunHarness.Start(Dag("a", "b:a", "c"), autoComplete: r => r.Node.Id == "a" ? NodeExecution.Cancelled() : NodeExecution.Succeeded(Array.Empty<object?>()));
            var result = await run.Result();

            AssertNode(result, "a", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "b", NodeStatus.Skipped, NodeReason.UpstreamSkipped);
            AssertNode(result, "c", NodeStatus.Succeeded, NodeReason.None);
            Assert.Equal(DagRunStatus.Cancelled, result.Status);
        }

        [Fact]
        public async Task Cancel_AfterFailFastStopped_LeavesTheFailFastReasons()
        {
            using var run = RunHarness.Start(Dag("a", "b", "c:b"), o => o.FailFast = true);
            await run.Executor.WaitForStartsAsync(2);
            run.Executor.Fail("a");
            await run.Sink.WaitForFinishedAsync("c");

            run.Cancellation.Cancel();
            var result = await run.Result();

            Assert.Equal(DagRunStatus.Cancelled, result.Status);
            AssertNode(result, "b", NodeStatus.Cancelled, NodeReason.RunCancelled);
            AssertNode(result, "c", NodeStatus.NotRun, NodeReason.FailFast);
        }
    }
}
