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
    /// <summary>Correctness at 10,000 nodes (not timing: a benchmark measures that).</summary>
    public class ScaleTests
    {
        private const int Count = 10_000;

        [Fact]
        public async Task Chain_Of10000Nodes_RunsInOrder()
        {
            using var run = await RunHarness.RunToEndAsync(Chain(Count));
            var result = run.Final!;

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Equal(Count, result.Nodes.Count);
            Assert.All(result.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
            Assert.Equal(Enumerable.Range(0, Count).Select(i => $"n{i}"), run.Executor.StartOrder);
            Assert.Equal(1, result.PeakConcurrency);
            Assert.Equal(Count, result.CriticalPath.Length);
            Assert.Equal($"n{Count - 2}", run.Executor.Requests[$"n{Count - 1}"].Needs[$"n{Count - 2}"]);
        }

        [Fact]
        public async Task Wide_10000IndependentNodes_AllRun()
        {
            using var run = await RunHarness.RunToEndAsync(Wide(Count));
            var result = run.Final!;

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.All(result.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
            Assert.Equal(Count, run.Executor.StartOrder.Distinct().Count());
            Assert.Equal(Count, run.Sink.Events.OfType<NodeFinishedEvent>().Count());
        }

        [Fact]
        public async Task Wide_10000NodesFailingAtCap8_SkipTheirDependents()
        {
            var specs = Enumerable.Range(0, Count / 2).SelectMany(i => new[] { $"r{i}", $"d{i}:r{i}" }).ToArray();
            using var run = RunHarness.Start(
                Dag("pairs", specs),
                o => o.Parallelism = new DagRunner.Engine.Definition.ParallelismSetting(8),
                r => r.Node.Id.StartsWith("r", StringComparison.Ordinal) && r.Node.Index % 4 == 0 ? NodeExecution.Failed("boom") : NodeExecution.Succeeded(Array.Empty<object?>()));
            var result = await run.Result();

            Assert.Equal(Count / 4, result.Nodes.Count(n => n.Status == NodeStatus.Skipped && n.Reason == NodeReason.UpstreamFailed));
            Assert.True(run.Executor.MaxConcurrency <= 8);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }
    }
}
