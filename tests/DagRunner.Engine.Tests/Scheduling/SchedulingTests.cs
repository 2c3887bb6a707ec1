using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class SchedulingTests
    {
        [Fact]
        public async Task Node_StartsTheMomentItsNeedsFinish_WithoutWaitingForItsLevel()
        {
            using var run = RunHarness.Start(Dag("a", "b", "c:a"));
            await run.Executor.WaitForStartsAsync(2);

            run.Executor.Succeed("a");
            await run.Executor.WaitForStartAsync("c");

            Assert.False(run.Run!.IsCompleted);
            Assert.DoesNotContain(run.Sink.Events.OfType<NodeFinishedEvent>(), e => e.Result.Name == "b");
            Assert.Equal(2, run.Executor.Current); // b (level 0) still runs beside c (level 1)

            run.Executor.Succeed("c");
            run.Executor.Succeed("b");
            var result = await run.Result();
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Equal(2, result.PeakConcurrency);
        }

        [Fact]
        public async Task AtCapOne_TheReadyNodeWithTheLongestRemainingPathGoesFirst()
        {
            // x is first in the file but y heads a chain of three; y2 and x tie on remaining path, file order decides.
            using var run = await RunHarness.RunToEndAsync(Dag("x", "y", "y1:y", "y2:y1"), o => o.Parallelism = new ParallelismSetting(1));

            Assert.Equal(new[] { "y", "y1", "x", "y2" }, run.Executor.StartOrder);
            Assert.Equal(new[] { "y", "y1", "x", "y2" }, run.Sink.Started);
        }

        [Fact]
        public async Task Priority_OverridesTheRemainingPath()
        {
            using var run = await RunHarness.RunToEndAsync(Dag("x priority=1", "y", "y1:y", "y2:y1"), o => o.Parallelism = new ParallelismSetting(1));

            Assert.Equal(new[] { "x", "y", "y1", "y2" }, run.Executor.StartOrder);
        }

        [Fact]
        public async Task Priority_OfALaterReadyNode_BeatsAnEarlierOne()
        {
            using var run = await RunHarness.RunToEndAsync(Dag("a", "b", "c priority=-1", "d:a priority=5"), o => o.Parallelism = new ParallelismSetting(1));

            Assert.Equal(new[] { "a", "d", "b", "c" }, run.Executor.StartOrder);
        }

        [Fact]
        public async Task Sequential_RunsOneAtATimeInFileOrderTopologicalOrder_WhateverTheCapOrRemainingPath()
        {
            var workflow = Dag("late:mid", "x", "y", "mid:y", "y1:y", "z");
            string[]? first = null;
            for (int i = 0; i < 5; i++)
            {
                using var run = RunHarness.Start(workflow, o => { o.Mode = ExecutionMode.Sequential; o.Parallelism = ParallelismSetting.Unlimited; }, r => NodeExecution.Succeeded(new object?[0]));
                var result = await run.Result();

                Assert.Equal(new[] { "x", "y", "mid", "late", "y1", "z" }, run.Executor.StartOrder);
                Assert.Equal(1, run.Executor.MaxConcurrency);
                Assert.Equal(1, result.Parallelism);
                Assert.Equal("Sequential", result.Mode);
                first ??= run.Executor.StartOrder;
                Assert.Equal(first, run.Executor.StartOrder);
            }
        }

        [Fact]
        public async Task Sequential_FromTheWorkflowFile_IsHonoured_AndPriorityStillCounts()
        {
            var workflow = Dag("sequential", new[] { "a", "b", "c priority=2" }, w => w.Mode = ExecutionMode.Sequential);
            using var run = await RunHarness.RunToEndAsync(workflow, o => o.Mode = null); // the file decides

            Assert.Equal(new[] { "c", "a", "b" }, run.Executor.StartOrder);
            Assert.Equal(1, run.Final!.Parallelism);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public async Task ParallelismCap_IsReachedAndNeverExceeded(int cap)
        {
            const int Width = 10;
            using var run = RunHarness.Start(Wide(Width), o => o.Parallelism = new ParallelismSetting(cap));

            for (int done = 0; done < Width; done++)
            {
                await run.Executor.WaitForStartsAsync(System.Math.Min(Width, done + cap));
                Assert.True(run.Executor.Current <= cap, $"{run.Executor.Current} running at cap {cap}");
                run.Executor.Succeed(run.Executor.StartOrder[done]);
            }

            var result = await run.Result();
            Assert.Equal(cap, run.Executor.MaxConcurrency);
            Assert.Equal(cap, result.PeakConcurrency);
            Assert.Equal(cap, result.Parallelism);
            Assert.All(result.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
        }

        [Fact]
        public async Task ParallelismCap_FromTheWorkflowFile_AppliesWhenOptionsSayNothing()
        {
            using var run = RunHarness.Start(Dag("capped", new[] { "a", "b", "c" }, w => w.Parallelism = ParallelismSetting.Low));
            await run.Executor.WaitForStartsAsync(2);
            Assert.Equal(2, run.Runner.Parallelism);

            run.Executor.Succeed(run.Executor.StartOrder[0]);
            await run.Executor.WaitForStartsAsync(3);
            run.Executor.Succeed(run.Executor.StartOrder[1]);
            run.Executor.Succeed(run.Executor.StartOrder[2]);

            Assert.Equal(2, (await run.Result()).PeakConcurrency);
        }

        [Fact]
        public async Task Unlimited_StartsEveryReadyNodeAtOnce()
        {
            using var run = RunHarness.Start(Wide(50));
            await run.Executor.WaitForStartsAsync(50);

            Assert.Equal(50, run.Executor.Current);
            foreach (var id in run.Executor.StartOrder)
            {
                run.Executor.Succeed(id);
            }

            var result = await run.Result();
            Assert.Equal(int.MaxValue, result.Parallelism);
            Assert.Equal(50, result.PeakConcurrency);
        }

        [Fact]
        public async Task Selection_RunsOnlyTheSelectedNodesAndTheirNeeds()
        {
            using var run = await RunHarness.RunToEndAsync(Dag("a", "b:a", "c:b", "d:a"), o => o.Nodes = new[] { "B" });

            Assert.Equal(new[] { "a", "b" }, run.Final!.Nodes.Select(n => n.Name));
            Assert.Equal(new[] { "a", "b" }, run.Executor.StartOrder);
        }
    }
}
