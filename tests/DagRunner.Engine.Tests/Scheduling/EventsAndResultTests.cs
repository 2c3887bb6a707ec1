using System;
using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class EventsAndResultTests
    {
        [Fact]
        public async Task Events_StartWithRunStarted_EndWithRunFinished_AndEveryNodeFinishesOnce()
        {
            using var run = RunHarness.Start(Dag("a", "b:a", "c:a when=failure", "d:c", "e"), autoComplete: r =>
            {
                r.Events.Publish(new NodeLogEvent(DateTime.Now, r.Node.Id, NodeLogStream.Information, $"hello from {r.Node.Id}"));
                return NodeExecution.Succeeded(new object?[] { r.Node.Id });
            });
            var result = await run.Result();
            var events = run.Sink.Events;

            var started = Assert.IsType<RunStartedEvent>(events[0]);
            Assert.Equal(run.Runner.RunId, started.RunId);
            Assert.Same(run.Runner.Plan, started.Plan);
            Assert.Equal(int.MaxValue, started.Parallelism);
            Assert.Same(result, Assert.IsType<RunFinishedEvent>(events[^1]).Result);
            Assert.Single(events.OfType<RunStartedEvent>());
            Assert.Single(events.OfType<RunFinishedEvent>());

            var finished = events.OfType<NodeFinishedEvent>().Select(e => e.Result.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(new[] { "a", "b", "c", "d", "e" }, finished);
            Assert.Equal(new[] { "a", "b", "e" }, events.OfType<NodeStartedEvent>().Select(e => e.Node).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(events.OfType<NodeStartedEvent>(), e => Assert.Equal(1, e.Attempt));

            int Index(Func<RunEvent, bool> match) => Array.FindIndex(events, e => match(e));
            foreach (var node in new[] { "a", "b", "e" })
            {
                int start = Index(e => e is NodeStartedEvent s && s.Node == node);
                int log = Index(e => e is NodeLogEvent l && l.Node == node);
                int end = Index(e => e is NodeFinishedEvent f && f.Result.Name == node);
                Assert.True(start < log && log < end, $"{node}: started {start}, logged {log}, finished {end}");
            }

            Assert.True(Index(e => e is NodeFinishedEvent f && f.Result.Name == "a") < Index(e => e is NodeStartedEvent s && s.Node == "b"));
            Assert.True(Index(e => e is NodeFinishedEvent f && f.Result.Name == "c") < Index(e => e is NodeFinishedEvent f && f.Result.Name == "d"));
        }

        [Fact]
        public async Task ANodeRunningAcrossTheAutumnClockChange_LastsAsLongAsItRan()
        {
            // The wall clock goes from 02:58 CEST back to 02:02 CET while 'a' runs for 4 minutes; 'b' then runs 1 minute.
            var wall = DaylightSaving.WallClockBeforeTheAutumnChange();
            using var run = RunHarness.Start(Dag("a", "b:a"), o => o.Clock = wall);
            await run.Executor.WaitForStartAsync("a");
            wall.Advance(TimeSpan.FromMinutes(4));
            run.Executor.Complete("a", NodeExecution.Succeeded(Array.Empty<object?>()));
            await run.Executor.WaitForStartAsync("b");
            wall.Advance(TimeSpan.FromMinutes(1));
            run.Executor.Complete("b", NodeExecution.Succeeded(Array.Empty<object?>()));
            var result = await run.Result();

            Assert.Equal(TimeSpan.FromMinutes(4), result["a"]!.Duration);
            Assert.Equal(TimeSpan.FromMinutes(4), result["a"]!.AttemptRecords.Single().Duration);
            Assert.Equal(TimeSpan.FromMinutes(1), result["b"]!.Duration);
            Assert.Equal(TimeSpan.FromMinutes(5), result.Duration);
            Assert.Equal(TimeSpan.FromMinutes(4), result["b"]!.StartTime - result.StartTime);
            Assert.Equal(new DateTime(2026, 10, 25, 2, 58, 0), result.StartTime);
            Assert.Equal(new DateTime(2026, 10, 25, 3, 3, 0), result.EndTime); // in the offset the run started in, not 02:03 CET
            Assert.Equal(TimeSpan.FromHours(2), result.UtcOffset);
            var starts = run.Sink.Events.OfType<NodeStartedEvent>().Select(e => e.Time).ToList();
            Assert.Equal(TimeSpan.FromMinutes(4), starts[1] - starts[0]);
        }

        [Fact]
        public async Task Result_HasTimesEfficiencyAndTheActualCriticalPath()
        {
            // a: 0s-2s, b: 0s-1s, c (needs a): 2s-3s; skip (needs b, when failure) never runs.
            using var run = RunHarness.Start(Dag("a", "b", "c:a", "skip:b when=failure"));
            await run.Executor.WaitForStartsAsync(2);
            var t0 = run.Clock.GetLocalNow().DateTime;

            run.Clock.Advance(TimeSpan.FromSeconds(1));
            run.Executor.Complete("b", NodeExecution.Succeeded(new object?[] { "b-out" }, worker: 2));
            await run.Sink.WaitForFinishedAsync("b");
            run.Clock.Advance(TimeSpan.FromSeconds(1));
            run.Executor.Complete("a", NodeExecution.Succeeded(new object?[] { 1, 2 }, worker: 1));
            await run.Executor.WaitForStartAsync("c");
            run.Clock.Advance(TimeSpan.FromSeconds(1));
            run.Executor.Complete("c", NodeExecution.Succeeded(Array.Empty<object?>(), worker: 1));
            var result = await run.Result();

            Assert.Equal("test", result.Name);
            Assert.Equal(run.Runner.RunId, result.RunId);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Equal(t0, result.StartTime);
            Assert.Equal(TimeSpan.FromSeconds(3), result.Duration);
            Assert.Equal(new[] { "a", "b", "c", "skip" }, result.Nodes.Select(n => n.Name));
            Assert.Equal(TimeSpan.FromSeconds(2), result["a"]!.Duration);
            Assert.Equal(TimeSpan.FromSeconds(1), result["b"]!.Duration);
            Assert.Equal(t0.AddSeconds(2), result["c"]!.StartTime);
            Assert.Null(result["skip"]!.Duration);
            Assert.Equal(new object?[] { 1, 2 }, result["a"]!.Output);
            Assert.Equal(new object?[] { "b-out" }, result["b"]!.Output);
            Assert.Equal(2, result["b"]!.Worker);
            Assert.Equal(new[] { 0, 0, 1, 1 }, result.Nodes.Select(n => n.Level));
            Assert.Equal($"{File}(16)", result["c"]!.Source);
            Assert.Equal(2, result.PeakConcurrency);
            Assert.Equal(4.0 / (3 * 2), result.Efficiency, 6);
            Assert.Equal(new[] { "a", "c" }, result.CriticalPath);
            Assert.Equal(File, result.WorkflowPath);
            Assert.Equal("Parallel", result.Mode); // the harness pins Parallel
        }

        [Fact]
        public async Task Result_OfAnEmptyWorkflow_IsSucceededWithNothingRun()
        {
            var result = await RunHarness.RunAllAsync(Dag());

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Empty(result.Nodes);
            Assert.Empty(result.CriticalPath);
            Assert.Equal(0, result.Efficiency);
            Assert.Equal(0, result.PeakConcurrency);
        }

        [Fact]
        public async Task ActualCriticalPath_FollowsTheNeedThatFinishedLast()
        {
            using var run = RunHarness.Start(Dag("x", "y", "z:x,y", "w"));
            await run.Executor.WaitForStartsAsync(3);
            run.Executor.Succeed("w");
            await run.Sink.WaitForFinishedAsync("w");
            run.Executor.Succeed("y");
            await run.Sink.WaitForFinishedAsync("y");
            run.Executor.Succeed("x");
            await run.Executor.WaitForStartAsync("z");
            run.Executor.Succeed("z");
            var result = await run.Result();

            Assert.Equal(new[] { "x", "z" }, result.CriticalPath);
        }
    }
}
