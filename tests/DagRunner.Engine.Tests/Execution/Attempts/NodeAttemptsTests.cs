using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Execution.Attempts
{
    /// <summary>Retries, per-attempt timeouts, fallback and the run deadline, on a fake clock: nothing here sleeps.</summary>
    public class NodeAttemptsTests
    {
        private readonly ObservableClock clock = new ObservableClock(RunHarness.Epoch);
        private readonly RecordingSink sink = new RecordingSink();
        private readonly ScriptedExecutor executor;

        public NodeAttemptsTests() => executor = new ScriptedExecutor(clock);

        private Task<DagRunResult> Run(WorkflowDefinition workflow, CancellationToken token = default, double jitter = 0.5)
        {
            var options = new RunOptions { Clock = clock, JitterSource = () => jitter };
            return new WorkflowRunner(workflow, options, executor, sink).RunAsync(token);
        }

        [Fact]
        public async Task FlakyNode_FailsTwiceThenSucceeds_WithThreeAttempts_WaitingTheExponentialBackoff()
        {
            executor.ThenFail("flaky", "first").ThenFail("flaky", "second").ThenSucceed("flaky", "ok");
            var run = Run(Dag("flaky retry=3 delay=2s backoff=exponential"));

            await clock.TimerCreated(TimeSpan.FromSeconds(2));
            clock.Advance(TimeSpan.FromSeconds(2));
            await clock.TimerCreated(TimeSpan.FromSeconds(4));
            clock.Advance(TimeSpan.FromSeconds(3.999));
            Assert.Equal(2, executor.CallsOf("flaky").Count); // not a moment early
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var result = await run.Within();

            var node = result["flaky"]!;
            Assert.Equal(NodeStatus.Succeeded, node.Status);
            Assert.Equal(3, node.Attempts);
            Assert.Equal(new object?[] { "ok" }, node.Output);
            var times = executor.CallsOf("flaky").Select(c => c.Time - RunHarness.Epoch).ToArray();
            Assert.Equal(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6) }, times);
            Assert.Equal(new[] { 1, 2, 3 }, sink.Events.OfType<NodeStartedEvent>().Select(e => e.Attempt));
            Assert.Equal(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }, sink.Events.OfType<NodeRetryingEvent>().Select(e => e.Delay));
            Assert.Equal(new[] { "Failed", "Failed", "Succeeded" }, node.AttemptRecords.Select(a => a.Outcome));
            Assert.Equal(new[] { 0.0, 2, 6 }, node.AttemptRecords.Select(a => (a.StartTime - RunHarness.Epoch.DateTime).TotalSeconds));
            Assert.Equal("first", node.AttemptRecords[0].Error);
        }

        [Theory]
        [InlineData("backoff=constant", new[] { 0.0, 3, 6, 9 })]
        [InlineData("backoff=linear", new[] { 0.0, 3, 9, 18 })]
        [InlineData("backoff=exponential", new[] { 0.0, 3, 9, 21 })]
        [InlineData("backoff=exponential maxDelay=5s", new[] { 0.0, 3, 8, 13 })]
        [InlineData("backoff=linear jitter", new[] { 0.0, 3.75, 11.25, 22.5 })]
        public async Task EveryBackoffPolicy_StartsEachAttemptWhenItsWaitIsOver(string policy, double[] expectedSeconds)
        {
            for (int i = 1; i < 4; i++)
            {
                executor.ThenFail("a", $"failure {i}");
            }

            executor.ThenSucceed("a");
            var run = Run(Dag($"a retry=4 delay=3s {policy}"), jitter: 1.0);
            var armed = new System.Collections.Generic.Dictionary<TimeSpan, int>();
            for (int attempt = 1; attempt < 4; attempt++)
            {
                await executor.Started("a", attempt);
                var wait = TimeSpan.FromSeconds(expectedSeconds[attempt] - expectedSeconds[attempt - 1]);
                armed[wait] = armed.TryGetValue(wait, out var n) ? n + 1 : 1;
                await clock.TimerCreated(wait, occurrence: armed[wait]); // the n-th wait of this length, not an earlier one
                clock.Advance(wait);
            }

            var result = await run.Within();
            Assert.Equal(4, result["a"]!.Attempts);
            var times = executor.CallsOf("a").Select(c => (c.Time - RunHarness.Epoch).TotalSeconds).ToArray();
            Assert.Equal(expectedSeconds, times);
        }

        [Fact]
        public async Task Retries_RunTheBodyOnly_AndSeeTheLastError()
        {
            executor.ThenFail("a", "first failure").ThenSucceed("a");
            var run = Run(Dag("a retry=2 delay=1s"));
            await clock.TimerCreated(TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(1));
            await run.Within();

            var calls = executor.CallsOf("a");
            Assert.Equal(NodeScriptPart.ConditionAndBody, calls[0].Request.Part);
            Assert.Null(calls[0].Request.LastError);
            Assert.Equal(NodeScriptPart.Body, calls[1].Request.Part);
            Assert.Equal(2, calls[1].Request.Attempt);
            Assert.Equal("first failure", Assert.IsType<InvalidOperationException>(calls[1].Request.LastError).Message);
        }

        [Fact]
        public async Task WhenEveryAttemptFails_TheNodeFailsWithTheLastError()
        {
            executor.ThenFail("a", "one").ThenFail("a", "two");
            var run = Run(Dag("a retry=2 delay=1s", "b:a"));
            await clock.TimerCreated(TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(1));
            var result = await run.Within();

            Assert.Equal(NodeStatus.Failed, result["a"]!.Status);
            Assert.Equal(2, result["a"]!.Attempts);
            Assert.Equal("two", result["a"]!.ErrorMessage);
            Assert.Equal(NodeReason.UpstreamFailed, result["b"]!.Reason);
        }

        [Fact]
        public async Task ConditionFalse_IsNeverRetried()
        {
            executor.Then("a", (_, _) => Task.FromResult(NodeExecution.ConditionFalse()));
            var result = await Run(Dag("a retry=3")).Within();
            Assert.Equal(NodeReason.ConditionFalse, result["a"]!.Reason);
            Assert.Single(executor.CallsOf("a"));
        }

        [Fact]
        public async Task CtrlC_IsNeverRetried()
        {
            using var cancel = new CancellationTokenSource();
            executor.ThenHang("a");
            var run = Run(Dag("a retry=5 delay=1s"), cancel.Token);
            await executor.Started("a", 1);
            cancel.Cancel();
            var result = await run.Within();

            Assert.Equal(NodeStatus.Cancelled, result["a"]!.Status);
            Assert.Single(executor.CallsOf("a"));
            Assert.Empty(sink.Events.OfType<NodeRetryingEvent>());
        }

        [Fact]
        public async Task Timeout_StopsTheAttempt_ThenTheNextAttemptStarts()
        {
            executor.ThenHang("slow").ThenSucceed("slow", "second time lucky");
            var run = Run(Dag("slow retry=2 delay=1s timeout=5s"));
            await executor.Started("slow", 1);
            await clock.TimerCreated(TimeSpan.FromSeconds(5));
            clock.Advance(TimeSpan.FromSeconds(5));
            await clock.TimerCreated(TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(1));
            var result = await run.Within();

            Assert.Equal(NodeStatus.Succeeded, result["slow"]!.Status);
            Assert.Equal(2, result["slow"]!.Attempts);
            var retry = Assert.Single(sink.Events.OfType<NodeRetryingEvent>());
            Assert.IsType<TimeoutException>(retry.Error);
        }

        [Fact]
        public async Task TimeoutOnTheLastAttempt_FailsTheNodeAsTimedOut()
        {
            executor.ThenHang("slow");
            var run = Run(Dag("slow timeout=500ms"));
            await clock.TimerCreated(TimeSpan.FromMilliseconds(500));
            clock.Advance(TimeSpan.FromMilliseconds(500));
            var result = await run.Within();

            Assert.Equal(NodeStatus.Failed, result["slow"]!.Status);
            Assert.Equal(NodeReason.TimedOut, result["slow"]!.Reason);
            Assert.IsType<TimeoutException>(result["slow"]!.Error);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task TimeoutUnderContinueOnError_IsAnAllowedFailure()
        {
            executor.ThenHang("slow");
            var run = Run(Dag("slow timeout=1s continueOnError"));
            await clock.TimerCreated(TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(1));
            var result = await run.Within();

            Assert.Equal(NodeReason.AllowedFailure, result["slow"]!.Reason);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
        }

        [Fact]
        public async Task Fallback_RunsAfterTheLastFailedAttempt_AndMakesTheNodeDegraded()
        {
            executor.ThenFail("a", "primary down").ThenSucceed("a", "from fallback").ThenSucceed("b");
            var result = await Run(Dag("a fallback", "b:a")).Within();

            var node = result["a"]!;
            Assert.Equal(NodeStatus.Succeeded, node.Status);
            Assert.Equal(NodeReason.Degraded, node.Reason);
            Assert.Equal(new object?[] { "from fallback" }, node.Output);
            Assert.Equal("primary down", node.ErrorMessage);
            Assert.Equal(1, node.Attempts);
            Assert.Equal(NodeScriptPart.Fallback, executor.CallsOf("a")[1].Request.Part);
            Assert.Equal(new[] { false, true }, node.AttemptRecords.Select(a => a.IsFallback));
            Assert.Equal(NodeStatus.Succeeded, result["b"]!.Status);
        }

        [Fact]
        public async Task FailingFallback_LeavesTheNodeFailed_WithTheAttemptsError()
        {
            executor.ThenFail("a", "primary down").ThenFail("a", "fallback down too");
            var result = await Run(Dag("a fallback")).Within();

            Assert.Equal(NodeStatus.Failed, result["a"]!.Status);
            Assert.Equal("primary down", result["a"]!.ErrorMessage);
            Assert.Contains(sink.Events.OfType<NodeLogEvent>(), e => e.Stream == NodeLogStream.Warning && $"{e.Data}".Contains("fallback down too"));
        }

        [Fact]
        public async Task RunDeadline_StopsRunningNodes_AndStartsNoMore()
        {
            executor.ThenHang("long").ThenSucceed("quick");
            var workflow = Dag("deadline", new[] { "long", "after:long", "quick", "later:quick" }, w => w.Timeout = TimeSpan.FromSeconds(10));
            executor.ThenHang("later");
            var run = Run(workflow);
            await executor.Started("later", 1);
            await clock.TimerCreated(TimeSpan.FromSeconds(10), occurrence: 2);
            clock.Advance(TimeSpan.FromSeconds(10));
            var result = await run.Within();

            Assert.Equal(DagRunStatus.Failed, result.Status);
            Assert.Equal((NodeStatus.Failed, NodeReason.RunTimedOut), (result["long"]!.Status, result["long"]!.Reason));
            Assert.Equal((NodeStatus.Failed, NodeReason.RunTimedOut), (result["later"]!.Status, result["later"]!.Reason));
            Assert.Equal(NodeStatus.Succeeded, result["quick"]!.Status);
            Assert.Equal((NodeStatus.NotRun, NodeReason.RunTimedOut), (result["after"]!.Status, result["after"]!.Reason));
        }

        // 'when: always' runs once all needs finished, whatever their status: a deploy that hit the workflow's timeout
        // still needs its rollback or its lock released. It was NotRun (RunTimedOut), as if nothing were to clean up.
        [Fact]
        public async Task RunDeadline_StillRunsAlwaysNodes_AsCleanup()
        {
            executor.ThenHang("deploy").ThenSucceed("rollback", "rolled back");
            var workflow = Dag("deadline", new[] { "deploy", "verify:deploy", "rollback:deploy when=always" }, w => w.Timeout = TimeSpan.FromSeconds(10));
            var run = Run(workflow);
            await executor.Started("deploy", 1);
            await clock.TimerCreated(TimeSpan.FromSeconds(10));
            clock.Advance(TimeSpan.FromSeconds(10));
            var result = await run.Within();

            Assert.Equal((NodeStatus.Failed, NodeReason.RunTimedOut), (result["deploy"]!.Status, result["deploy"]!.Reason));
            Assert.Equal((NodeStatus.NotRun, NodeReason.RunTimedOut), (result["verify"]!.Status, result["verify"]!.Reason));
            Assert.Equal(NodeStatus.Succeeded, result["rollback"]!.Status);
            Assert.Equal(new object?[] { "rolled back" }, result["rollback"]!.Output);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task RunDeadline_CleanupThatOutstaysItsWindow_IsStopped()
        {
            executor.ThenHang("deploy").ThenHang("rollback");
            var workflow = Dag("deadline", new[] { "deploy", "rollback:deploy when=always" }, w => w.Timeout = TimeSpan.FromSeconds(10));
            var run = Run(workflow);
            await executor.Started("deploy", 1);
            await clock.TimerCreated(TimeSpan.FromSeconds(10));
            clock.Advance(TimeSpan.FromSeconds(10));
            await executor.Started("rollback", 1);
            await clock.TimerCreated(TimeSpan.FromSeconds(30));
            clock.Advance(TimeSpan.FromSeconds(30));
            var result = await run.Within();

            Assert.Equal((NodeStatus.Failed, NodeReason.RunTimedOut), (result["rollback"]!.Status, result["rollback"]!.Reason));
            Assert.Contains("cleanup time after it (30s)", result["rollback"]!.ErrorMessage);
            Assert.Equal(DagRunStatus.Failed, result.Status); // timed out, not Cancelled: nobody pressed Ctrl+C
        }

        // Ctrl+C's cleanup gets its window (30 s); a workflow deadline passing meanwhile does not cut it short.
        [Fact]
        public async Task CtrlCsCleanup_IsNotCutByTheDeadlinePassingWhileItRuns()
        {
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var cleanupToken = CancellationToken.None;
            executor.ThenHang("deploy").Then("rollback", async (_, token) =>
            {
                cleanupToken = token;
                await release.Task.ConfigureAwait(false);
                return NodeExecution.Succeeded(new object?[] { "rolled back" });
            });
            using var ctrlC = new CancellationTokenSource();
            var workflow = Dag("deadline", new[] { "deploy", "rollback:deploy when=always" }, w => w.Timeout = TimeSpan.FromSeconds(10));
            var run = Run(workflow, ctrlC.Token);
            await executor.Started("deploy", 1);
            ctrlC.Cancel();
            await executor.Started("rollback", 1);
            clock.Advance(TimeSpan.FromSeconds(10)); // the deadline passes while the cleanup runs, inside its 30 s

            Assert.False(cleanupToken.IsCancellationRequested);
            release.SetResult(true);
            var result = await run.Within();

            Assert.Equal(NodeStatus.Succeeded, result["rollback"]!.Status);
            Assert.Equal(DagRunStatus.Cancelled, result.Status);
        }

        [Fact]
        public async Task RunDeadline_NoRetryWaitStartsThatWouldEndPastIt()
        {
            executor.ThenFail("a", "first");
            var workflow = Dag("deadline", new[] { "a retry=3 delay=30s" }, w => w.Timeout = TimeSpan.FromSeconds(10));
            var result = await Run(workflow).Within();

            Assert.Equal(NodeStatus.Failed, result["a"]!.Status);
            Assert.Equal(1, result["a"]!.Attempts);
            Assert.Empty(sink.Events.OfType<NodeRetryingEvent>());
        }

        [Fact]
        public async Task NodeTimeoutLongerThanTheDeadline_IsCutAtTheDeadline()
        {
            executor.ThenHang("a");
            var workflow = Dag("deadline", new[] { "a timeout=1h" }, w => w.Timeout = TimeSpan.FromSeconds(3));
            var run = Run(workflow);
            await clock.TimerCreated(TimeSpan.FromSeconds(3), occurrence: 1);
            clock.Advance(TimeSpan.FromSeconds(3));
            var result = await run.Within();

            Assert.Equal(NodeReason.RunTimedOut, result["a"]!.Reason);
        }
    }
}
