using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class FailureTests
    {
        private static Func<NodeExecutionRequest, NodeExecution?> Outcomes(params (string Node, NodeExecution Execution)[] special)
            => r => special.FirstOrDefault(s => s.Node == r.Node.Id).Execution ?? NodeExecution.Succeeded(new object?[] { r.Node.Id });

        private static void AssertNode(DagRunResult result, string node, NodeStatus status, NodeReason reason = NodeReason.None)
        {
            var n = result[node]!;
            Assert.True(n.Status == status && n.Reason == reason, $"{node}: expected {status} ({reason}), was {n.Status} ({n.Reason})");
        }

        [Fact]
        public async Task ContinueOnError_KeepsTheRunSucceeded_AndDependentsRun()
        {
            var error = new InvalidOperationException("flaky");
            using var run = RunHarness.Start(
                Dag("a continueOnError", "b:a", "onFail:a when=failure", "x"),
                autoComplete: Outcomes(("a", NodeExecution.Failed(error))));
            var result = await run.Result();

            AssertNode(result, "a", NodeStatus.Failed, NodeReason.AllowedFailure);
            Assert.Same(error, result["a"]!.Error);
            AssertNode(result, "b", NodeStatus.Succeeded);
            AssertNode(result, "onFail", NodeStatus.Succeeded); // an allowed failure is still a failure for when: failure
            AssertNode(result, "x", NodeStatus.Succeeded);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Equal(new[] { "a" }, result.FailedNodes.Select(n => n.Name));
        }

        [Fact]
        public async Task Failure_SkipsDependents_WhileTheIndependentBranchCompletes()
        {
            using var run = RunHarness.Start(
                Dag("a", "b:a", "c:b", "nf:a when=notFailed", "onFail:a when=failure", "fin:b when=always", "x", "y:x"),
                autoComplete: r => r.Node.Id == "x" ? null : r.Node.Id == "a" ? NodeExecution.Failed("boom") : NodeExecution.Succeeded(Array.Empty<object?>()));

            await run.Sink.WaitForFinishedAsync("fin");
            await run.Sink.WaitForFinishedAsync("onFail");
            Assert.False(run.Run!.IsCompleted); // x is still running after a failed
            run.Executor.Succeed("x");
            var result = await run.Result();

            AssertNode(result, "a", NodeStatus.Failed);
            AssertNode(result, "b", NodeStatus.Skipped, NodeReason.UpstreamFailed);
            AssertNode(result, "c", NodeStatus.Skipped, NodeReason.UpstreamSkipped);
            AssertNode(result, "nf", NodeStatus.Skipped, NodeReason.UpstreamFailed);
            AssertNode(result, "onFail", NodeStatus.Succeeded);
            AssertNode(result, "fin", NodeStatus.Succeeded);
            AssertNode(result, "x", NodeStatus.Succeeded);
            AssertNode(result, "y", NodeStatus.Succeeded);
            Assert.Equal(DagRunStatus.Failed, result.Status);
            Assert.Equal(new[] { "a", "fin", "onFail", "x", "y" }, run.Executor.StartOrder.OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal(0, result["b"]!.Attempts);
            Assert.Null(result["b"]!.StartTime);
        }

        [Fact]
        public async Task ConditionFalse_SkipsTheNode_AndItsDependentsFollowTheirRules()
        {
            using var run = RunHarness.Start(
                Dag("a", "b:a", "nf:a when=notFailed", "fin:a when=always", "onFail:a when=failure"),
                autoComplete: Outcomes(("a", NodeExecution.ConditionFalse(worker: 3))));
            var result = await run.Result();

            AssertNode(result, "a", NodeStatus.Skipped, NodeReason.ConditionFalse);
            Assert.Equal(1, result["a"]!.Attempts);
            Assert.Equal(3, result["a"]!.Worker);
            Assert.NotNull(result["a"]!.StartTime);
            AssertNode(result, "b", NodeStatus.Skipped, NodeReason.UpstreamSkipped);
            AssertNode(result, "nf", NodeStatus.Succeeded);
            AssertNode(result, "fin", NodeStatus.Succeeded);
            AssertNode(result, "onFail", NodeStatus.Skipped, NodeReason.NoUpstreamFailure);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
        }

        [Fact]
        public async Task TimedOut_FailsTheNodeWithReasonTimedOut_UnlessFailureIsAllowed()
        {
            var workflow = Dag("t", "allowed continueOnError", "after:allowed");
            using var run = RunHarness.Start(workflow, autoComplete: r => r.Node.Id == "after" ? NodeExecution.Succeeded(Array.Empty<object?>()) : new NodeExecution(NodeOutcome.TimedOut));
            var result = await run.Result();

            AssertNode(result, "t", NodeStatus.Failed, NodeReason.TimedOut);
            Assert.IsType<TimeoutException>(result["t"]!.Error);
            Assert.Equal("Node 't' timed out.", result["t"]!.ErrorMessage);
            AssertNode(result, "allowed", NodeStatus.Failed, NodeReason.AllowedFailure);
            AssertNode(result, "after", NodeStatus.Succeeded);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task FailFast_StartsNothingNew_MarksTheRestNotRun_AndLetsRunningNodesFinish()
        {
            using var run = RunHarness.Start(Dag("a", "b", "c:b", "e", "fin:a when=always"), o => { o.FailFast = true; o.Parallelism = new ParallelismSetting(2); });
            await run.Executor.WaitForStartsAsync(2);
            Assert.Equal(new[] { "a", "b" }, run.Executor.StartOrder.OrderBy(s => s, StringComparer.Ordinal));

            run.Executor.Fail("a");
            await run.Sink.WaitForFinishedAsync("e");
            Assert.False(run.Run!.IsCompleted);
            Assert.Equal(1, run.Executor.Current); // b still runs
            run.Executor.Succeed("b");
            var result = await run.Result();

            AssertNode(result, "a", NodeStatus.Failed);
            AssertNode(result, "b", NodeStatus.Succeeded);
            AssertNode(result, "c", NodeStatus.NotRun, NodeReason.FailFast);
            AssertNode(result, "e", NodeStatus.NotRun, NodeReason.FailFast);
            AssertNode(result, "fin", NodeStatus.NotRun, NodeReason.FailFast);
            Assert.Equal(2, run.Executor.StartOrder.Length);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task FailFast_IgnoresAllowedFailures()
        {
            using var run = RunHarness.Start(Dag("a continueOnError", "b:a", "e"), o => o.FailFast = true, Outcomes(("a", NodeExecution.Failed("allowed"))));
            var result = await run.Result();

            AssertNode(result, "b", NodeStatus.Succeeded);
            AssertNode(result, "e", NodeStatus.Succeeded);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
        }

        [Fact]
        public async Task WithoutFailFast_TheSameFailureLeavesOtherBranchesRunning()
        {
            using var run = RunHarness.Start(Dag("a", "b", "c:b", "e"), o => o.Parallelism = new ParallelismSetting(2), Outcomes(("a", NodeExecution.Failed("boom"))));
            var result = await run.Result();

            AssertNode(result, "c", NodeStatus.Succeeded);
            AssertNode(result, "e", NodeStatus.Succeeded);
        }

        [Fact]
        public async Task ExecutorThrowingAsynchronously_FailsTheNodeWithTheException()
        {
            using var run = RunHarness.Start(Dag("a", "b:a", "x"), autoComplete: r => r.Node.Id == "a" ? null : NodeExecution.Succeeded(Array.Empty<object?>()));
            await run.Executor.WaitForStartAsync("a");
            var boom = new InvalidOperationException("executor bug");
            run.Executor.Throw("a", boom);
            var result = await run.Result();

            AssertNode(result, "a", NodeStatus.Failed);
            Assert.Same(boom, result["a"]!.Error);
            AssertNode(result, "b", NodeStatus.Skipped, NodeReason.UpstreamFailed);
            AssertNode(result, "x", NodeStatus.Succeeded);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task ExecutorThrowingSynchronously_OrReturningNothing_FailsTheNode_WithoutHangingTheRun()
        {
            var workflow = Dag("sync", "nothing", "cancelledByItself", "ok", "after:sync continueOnError");
            var executor = new DelegateExecutor(r => r.Node.Id switch
            {
                "sync" => throw new ArgumentException("thrown before any await"),
                "nothing" => Task.FromResult<NodeExecution>(null!),
                "cancelledByItself" => Task.FromCanceled<NodeExecution>(new CancellationToken(true)),
                _ => Task.FromResult(NodeExecution.Succeeded(Array.Empty<object?>())),
            });
            var runner = new WorkflowRunner(workflow, new RunOptions(), executor, new RecordingSink());
            var result = await runner.RunAsync(CancellationToken.None).Within();

            AssertNode(result, "sync", NodeStatus.Failed);
            Assert.IsType<ArgumentException>(result["sync"]!.Error);
            AssertNode(result, "nothing", NodeStatus.Failed);
            Assert.Contains("no result", result["nothing"]!.ErrorMessage);
            AssertNode(result, "cancelledByItself", NodeStatus.Failed); // the run was not cancelled: that is a failure
            AssertNode(result, "ok", NodeStatus.Succeeded);
            AssertNode(result, "after", NodeStatus.Skipped, NodeReason.UpstreamFailed);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task SinkThatThrows_FailsTheRun_AndStopsTheNodesStillRunning()
        {
            var executor = new FakeExecutor();
            var sink = new ThrowingSink(onNodeFinished: "a");
            var runner = new WorkflowRunner(Dag("a", "b"), new RunOptions(), executor, sink);
            var run = runner.RunAsync(CancellationToken.None);
            await executor.WaitForStartsAsync(2);

            executor.Succeed("a");
            await Assert.ThrowsAsync<InvalidOperationException>(() => run.Within());
            Assert.True(executor.Tokens["b"].IsCancellationRequested);
        }
    }
}
