using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>What a resume runs again: changed inputs, invalidated successes, -Rerun; and what it returns with nothing to do.</summary>
    public class ResumeRulesTests : IDisposable
    {
        private readonly CheckpointFiles files = new CheckpointFiles();

        public void Dispose() => files.Dispose();

        private static NodeExecution Echo(NodeExecutionRequest r)
            => r.Part == NodeScriptPart.ForEachItems ? NodeExecution.Succeeded(new object?[] { "w1", "w2" }) : NodeExecution.Succeeded(new object?[] { r.Node.Id + "-out" });

        private async Task<(DagRunResult Result, FakeExecutor Executor, WorkflowRunner Runner)> Run(
            WorkflowDefinition workflow, bool resume = false, string[]? rerun = null, Func<NodeExecutionRequest, NodeExecution>? behave = null)
        {
            var executor = new FakeExecutor { AutoComplete = r => (behave ?? Echo)(r) };
            var options = new RunOptions
            {
                CheckpointPath = files.Path,
                ResumeFrom = resume ? CheckpointReader.Read(files.Path) : null,
                Rerun = rerun,
                Mode = ExecutionMode.Parallel,
            };
            var runner = new WorkflowRunner(workflow, options, executor, new RecordingSink());
            return (await runner.RunAsync(default).Within(), executor, runner);
        }

        private WorkflowDefinition WithInputs(params string[] specs) => Dag("test", specs, b => b.BaseDirectory = files.Folder);

        [Fact]
        public async Task AChangedInputFile_RunsItsNodeAndTheDownstreamAgain_AndSaysWhichFile()
        {
            System.IO.File.WriteAllText(Path.Combine(files.Folder, "x.cs"), "class X {}");
            System.IO.File.WriteAllText(Path.Combine(files.Folder, "y.cs"), "class Y {}");
            var workflow = WithInputs("compile inputs=*.cs", "pack:compile", "other");
            await Run(workflow);

            System.IO.File.WriteAllText(Path.Combine(files.Folder, "x.cs"), "class X { int changed; }");
            var (resumed, executor, runner) = await Run(workflow, resume: true);

            Assert.False(runner.Resume!.NothingToResume);
            Assert.Equal("input x.cs changed", runner.Resume["compile"]!.Detail);
            Assert.Equal(NodeReason.InputsChanged, resumed["compile"]!.Reason);
            Assert.Equal(NodeReason.UpstreamChanged, resumed["pack"]!.Reason);
            Assert.Equal(NodeReason.Resumed, resumed["other"]!.Reason);
            Assert.Equal(new[] { "compile", "pack" }, executor.StartOrder);
        }

        [Fact]
        public async Task UnchangedInputs_AreRestored_AndAnAddedFileCountsAsAChange()
        {
            System.IO.File.WriteAllText(Path.Combine(files.Folder, "x.cs"), "x");
            var workflow = WithInputs("compile inputs=*.cs");
            await Run(workflow);

            var (same, _, sameRunner) = await Run(workflow, resume: true);
            Assert.True(sameRunner.Resume!.NothingToResume);
            Assert.Equal(NodeReason.Resumed, same["compile"]!.Reason);

            System.IO.File.WriteAllText(Path.Combine(files.Folder, "new.cs"), "n");
            var (_, _, runner) = await Run(workflow, resume: true);
            Assert.Equal("input new.cs was added", runner.Resume!["compile"]!.Detail);
        }

        [Fact]
        public async Task ARollbackThatStarts_VoidsTheSuccessesItUndoes_EveryInstance_SoAResumeRunsThemAgain()
        {
            var workflow = Dag("deploy foreach=w1|w2", "verify:deploy", "rollback:verify when=failure invalidates=deploy");
            bool verifyFails = true;
            await Run(workflow, behave: r => r.Node.Id == "verify" && verifyFails ? NodeExecution.Failed(new InvalidOperationException("verify failed")) : Echo(r));

            var state = CheckpointReader.Read(files.Path);
            foreach (var name in new[] { "deploy", "deploy[w1]", "deploy[w2]" })
            {
                Assert.Equal((NodeStatus.NotRun, NodeReason.Invalidated, "rollback"), (state.Nodes[name]!.Status, state.Nodes[name]!.Reason, state.Nodes[name]!.InvalidatedBy));
                Assert.Empty(state.Nodes[name]!.RestoreOutput());
            }

            verifyFails = false;
            var (resumed, executor, runner) = await Run(workflow, resume: true);

            Assert.Equal("'rollback' invalidated its success", runner.Resume!["deploy"]!.Detail);
            Assert.Equal(NodeReason.Invalidated, resumed["deploy[w1]"]!.Reason);
            Assert.Equal(NodeReason.Invalidated, resumed["deploy[w2]"]!.Reason);
            Assert.Contains("deploy[w1]", executor.StartOrder);
            Assert.Contains("deploy[w2]", executor.StartOrder);
            Assert.Equal(NodeStatus.Succeeded, resumed["verify"]!.Status);
            Assert.Equal((NodeStatus.Skipped, NodeReason.NoUpstreamFailure), (resumed["rollback"]!.Status, resumed["rollback"]!.Reason));
        }

        [Fact]
        public async Task ANodeThatDoesNotStart_InvalidatesNothing()
        {
            var workflow = Dag("deploy", "verify:deploy", "rollback:verify when=failure invalidates=deploy");
            await Run(workflow);

            var state = CheckpointReader.Read(files.Path);
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["deploy"]!.Status);
            Assert.Equal(NodeStatus.Skipped, state.Nodes["rollback"]!.Status);
        }

        [Fact]
        public async Task Rerun_RunsTheNamedNodeAndItsDownstream_AndRestoresTheRest()
        {
            var workflow = Dag("a", "b:a", "c:b", "d");
            await Run(workflow);

            var (resumed, executor, _) = await Run(workflow, resume: true, rerun: new[] { "B" });

            Assert.Equal(new[] { "b", "c" }, executor.StartOrder);
            Assert.Equal(NodeReason.RerunRequested, resumed["b"]!.Reason);
            Assert.Equal(NodeReason.UpstreamChanged, resumed["c"]!.Reason);
            Assert.Equal(NodeReason.Resumed, resumed["a"]!.Reason);
            Assert.Equal(NodeReason.Resumed, resumed["d"]!.Reason);
            Assert.Equal("a-out", executor.Requests["b"].Needs["a"]);
        }

        [Fact]
        public async Task RerunOfOneInstance_RunsThatInstanceAndTheDownstream_AndKeepsTheOtherInstances()
        {
            var workflow = Dag("deploy foreach=w1|w2", "verify:deploy");
            await Run(workflow);

            var (resumed, executor, _) = await Run(workflow, resume: true, rerun: new[] { "deploy[w2]" });

            Assert.Equal(new[] { "deploy[w2]", "verify" }, executor.StartOrder);
            Assert.Equal(NodeReason.Resumed, resumed["deploy[w1]"]!.Reason);
            Assert.Equal(NodeReason.RerunRequested, resumed["deploy[w2]"]!.Reason);
            Assert.Equal(new object?[] { "deploy[w1]-out", "deploy[w2]-out" }, executor.Requests["verify"].Needs["deploy"] as object?[]);
        }

        [Fact]
        public async Task RerunOfAForEachNode_RunsEveryInstance()
        {
            var workflow = Dag("deploy foreach=w1|w2");
            await Run(workflow);

            var (resumed, executor, _) = await Run(workflow, resume: true, rerun: new[] { "deploy" });

            Assert.Equal(new[] { "deploy[w1]", "deploy[w2]" }, executor.StartOrder.OrderBy(n => n));
            Assert.All(new[] { "deploy[w1]", "deploy[w2]" }, n => Assert.Equal(NodeReason.RerunRequested, resumed[n]!.Reason));
        }

        [Fact]
        public async Task RerunOfAnUnknownNode_IsRefusedWithTheNearestName()
        {
            var workflow = Dag("build", "test:build");
            await Run(workflow);

            var refused = await Assert.ThrowsAsync<UnknownNodeException>(() => Run(workflow, resume: true, rerun: new[] { "tset" }));

            Assert.Equal("tset", refused.NodeName);
            Assert.Contains("'test'", refused.Message);
        }

        [Fact]
        public async Task NothingToResume_StillReturnsTheRestoredResult_AndLeavesTheCheckpointAsItWas()
        {
            var workflow = Dag("a", "b:a");
            await Run(workflow);
            var before = System.IO.File.ReadAllBytes(files.Path);

            var (resumed, executor, runner) = await Run(workflow, resume: true);

            Assert.True(runner.Resume!.NothingToResume);
            Assert.Empty(executor.StartOrder);
            Assert.Equal(DagRunStatus.Succeeded, resumed.Status);
            Assert.All(resumed.Nodes, n => Assert.Equal((NodeStatus.Succeeded, NodeReason.Resumed), (n.Status, n.Reason)));
            Assert.Equal(new object?[] { "b-out" }, resumed["b"]!.Output);
            Assert.Equal(before, System.IO.File.ReadAllBytes(files.Path));
            Assert.Equal(1, CheckpointReader.Read(files.Path).Session);
        }
    }
}
