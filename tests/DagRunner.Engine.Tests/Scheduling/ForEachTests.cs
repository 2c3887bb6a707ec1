using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class ForEachTests
    {
        private static NodeExecution ItemEcho(NodeExecutionRequest r)
            => r.Part == NodeScriptPart.ForEachItems
                ? NodeExecution.Succeeded(new object?[] { "x", "y" })
                : NodeExecution.Succeeded(new object?[] { $"{r.Node.Id}:{r.Node.Item}" });

        [Fact]
        public async Task OneInstancePerItem_NamedByItem_AndDependentsGetTheOutputsInItemOrder()
        {
            var result = await RunHarness.RunAllAsync(Dag("deploy foreach=web1|web2|web3", "verify:deploy"), autoComplete: ItemEcho);

            Assert.Equal(new[] { "deploy", "deploy[web1]", "deploy[web2]", "deploy[web3]", "verify" }, result.Nodes.Select(n => n.Name));
            Assert.Equal(NodeStatus.Succeeded, result["deploy"]!.Status);
            Assert.Equal(new object?[] { "deploy[web1]:web1", "deploy[web2]:web2", "deploy[web3]:web3" }, result["deploy"]!.Output);
            Assert.Equal("web2", result["deploy[web2]"]!.Output[0]!.ToString()!.Split(':')[1]);
        }

        [Fact]
        public async Task TheNeedsOfTheNode_AreTheNeedsOfEachInstance()
        {
            using var harness = RunHarness.Start(Dag("seed", "fan:seed foreach=a|b"), autoComplete: r => NodeExecution.Succeeded(new object?[] { r.Node.Id }));
            await harness.Result();
            Assert.Equal("seed", harness.Executor.Requests["fan[b]"].Needs["seed"]);
        }

        [Fact]
        public async Task AnExpression_IsEvaluatedWhenTheNodeIsReady_AndItsOutputIsTheItems()
        {
            var result = await RunHarness.RunAllAsync(Dag("seed", "fan:seed foreachExpr=$Needs.seed"), autoComplete: ItemEcho);
            Assert.Equal(new[] { "seed", "fan", "fan[x]", "fan[y]" }, result.Nodes.Select(n => n.Name));
        }

        [Fact]
        public async Task AnEmptyList_SucceedsWithReasonEmptyForeach_AndDependentsRun()
        {
            var result = await RunHarness.RunAllAsync(Dag("none foreach=", "after:none"), autoComplete: ItemEcho);
            Assert.Equal((NodeStatus.Succeeded, NodeReason.EmptyForeach), (result["none"]!.Status, result["none"]!.Reason));
            Assert.Empty(result["none"]!.Output);
            Assert.Equal(NodeStatus.Succeeded, result["after"]!.Status);
        }

        [Fact]
        public async Task ItemsThatAreNotDistinctScalars_AreKeyedByIndex()
        {
            var result = await RunHarness.RunAllAsync(Dag("dup foreach=a|a|b"), autoComplete: ItemEcho);
            Assert.Equal(new[] { "dup", "dup[0]", "dup[1]", "dup[2]" }, result.Nodes.Select(n => n.Name));
        }

        [Fact]
        public async Task OneFailedInstance_FailsTheNode_SkipsItsDependents_AndTheOthersStillRun()
        {
            var result = await RunHarness.RunAllAsync(Dag("deploy foreach=a|b|c", "verify:deploy"), autoComplete: r =>
                r.Node.Id == "deploy[b]" ? NodeExecution.Failed(new InvalidOperationException("b is down")) : ItemEcho(r));

            Assert.Equal(NodeStatus.Failed, result["deploy"]!.Status);
            Assert.Contains("deploy[b]: b is down", result["deploy"]!.ErrorMessage);
            Assert.Equal(NodeStatus.Succeeded, result["deploy[a]"]!.Status);
            Assert.Equal(NodeStatus.Succeeded, result["deploy[c]"]!.Status);
            Assert.Equal(NodeReason.UpstreamFailed, result["verify"]!.Reason);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task TheNodesOwnParallelism_CapsItsInstances()
        {
            using var harness = RunHarness.Start(Dag("fan foreach=1|2|3|4|5 parallelism=2"));
            await harness.Executor.WaitForStartsAsync(2);
            Assert.Equal(2, harness.Executor.Current);
            foreach (var id in new[] { "fan[1]", "fan[2]", "fan[3]", "fan[4]", "fan[5]" })
            {
                await harness.Executor.WaitForStartAsync(id);
                Assert.True(harness.Executor.Current <= 2);
                harness.Executor.Succeed(id);
            }

            var result = await harness.Result();
            Assert.Equal(2, harness.Executor.MaxConcurrency);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
        }

        [Fact]
        public async Task AResume_RunsOnlyTheInstancesThatFailed_AndNewItems()
        {
            using var files = new CheckpointFiles();
            var first = new FakeExecutor { AutoComplete = r => r.Node.Id == "fan[b]" ? NodeExecution.Failed(new InvalidOperationException("no")) : ItemEcho(r) };
            var workflow = Dag("fan foreach=a|b|c");
            await new WorkflowRunner(workflow, new RunOptions { CheckpointPath = files.Path, Mode = Definition.ExecutionMode.Parallel }, first, new RecordingSink()).RunAsync(CancellationToken.None).Within();

            var second = new FakeExecutor { AutoComplete = ItemEcho };
            var sink = new RecordingSink();
            var resumed = await new WorkflowRunner(Dag("fan foreach=a|b|d"), new RunOptions { CheckpointPath = files.Path, ResumeFrom = CheckpointReader.Read(files.Path), Mode = Definition.ExecutionMode.Parallel }, second, sink)
                .RunAsync(CancellationToken.None).Within();

            Assert.Equal(new[] { "fan[b]", "fan[d]" }, second.StartOrder.OrderBy(n => n));
            Assert.Equal(NodeReason.Resumed, resumed["fan[a]"]!.Reason);
            Assert.Equal(NodeReason.PreviouslyFailed, resumed["fan[b]"]!.Reason);
            Assert.Equal(NodeReason.PreviouslyNotRun, resumed["fan[d]"]!.Reason);
            Assert.Contains(sink.Events.OfType<NodeLogEvent>(), e => $"{e.Data}".Contains("'fan[c]'"));
            Assert.Equal(DagRunStatus.Succeeded, resumed.Status);
        }
    }
}
