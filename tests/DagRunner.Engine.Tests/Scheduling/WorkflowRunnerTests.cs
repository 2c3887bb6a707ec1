using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class WorkflowRunnerTests
    {
        private static WorkflowRunner Runner(DagRunner.Engine.Definition.WorkflowDefinition workflow, RunOptions options)
            => new WorkflowRunner(workflow, options, new FakeExecutor(), new RecordingSink());

        [Fact]
        public void RunId_IsTheUtcStartSecondAndFourHexDigits()
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 18, 29, 0, TimeSpan.FromHours(1)));
            var id = Runner(Dag("a"), new RunOptions { Clock = clock }).RunId;

            Assert.Matches(new Regex("^20261125T172900Z-[0-9a-f]{4}$"), id);
        }

        [Fact]
        public void RunId_FromTheOptions_IsKept()
            => Assert.Equal("resume-42", Runner(Dag("a"), new RunOptions { RunId = "resume-42" }).RunId);

        [Theory]
        [InlineData(null, null, null, null, int.MaxValue)]
        [InlineData(null, null, "Low", null, 2)]
        [InlineData(null, null, "Medium", null, 4)]
        [InlineData(null, null, "High", null, 16)]
        [InlineData(null, null, "3", null, 3)]
        [InlineData("5", null, "3", null, 5)] // the option overrides the file
        [InlineData("High", "Sequential", null, null, 1)]
        [InlineData(null, null, "High", "Sequential", 1)]
        [InlineData("Unlimited", "Adaptive", null, null, int.MaxValue)]
        [InlineData("6", "Parallel", null, "Sequential", 6)]
        public void Parallelism_ResolvesOptionsThenFileThenUnlimited_AndSequentialForcesOne(
            string? optionCap, string? optionMode, string? fileCap, string? fileMode, int expected)
        {
            var workflow = Dag("w", new[] { "a" }, w =>
            {
                w.Parallelism = fileCap == null ? null : ParallelismSetting.Parse(fileCap);
                w.Mode = fileMode == null ? null : Enum.Parse<ExecutionMode>(fileMode);
            });
            var options = new RunOptions
            {
                Parallelism = optionCap == null ? null : ParallelismSetting.Parse(optionCap),
                Mode = optionMode == null ? null : Enum.Parse<ExecutionMode>(optionMode),
                ProcessorCount = 4,
            };

            Assert.Equal(expected, Runner(workflow, options).Parallelism);
        }

        [Fact]
        public void Mode_ComesFromTheOptions_ThenTheFile_ThenAdaptive()
        {
            Assert.Equal(ExecutionMode.Adaptive, Runner(Dag("a"), new RunOptions()).Mode);
            var sequentialFile = Dag("w", new[] { "a" }, w => w.Mode = ExecutionMode.Sequential);
            Assert.Equal(ExecutionMode.Sequential, Runner(sequentialFile, new RunOptions()).Mode);
            Assert.Equal(ExecutionMode.Adaptive, Runner(sequentialFile, new RunOptions { Mode = ExecutionMode.Adaptive }).Mode);
        }

        [Fact]
        public void Variables_AreTheFilesWithParametersOnTop_CaseInsensitive()
        {
            var workflow = Dag("w", new[] { "a" }, w =>
            {
                w.Variables["Configuration"] = "Release";
                w.Variables["Keep"] = 1;
            });
            var options = new RunOptions { Parameters = new Dictionary<string, object?> { ["configuration"] = "Debug", ["New"] = 2 } };

            var variables = Runner(workflow, options).Context.Variables;

            Assert.Equal(3, variables.Count);
            Assert.Equal("Debug", variables["CONFIGURATION"]);
            Assert.Equal(1, variables["keep"]);
            Assert.Equal(2, variables["new"]);
            Assert.Equal("Release", workflow.Variables["Configuration"]); // the definition is not touched
        }

        [Fact]
        public void Plan_UsesTheSelectedNodes_AndAnUnknownOneFailsAtOnce()
        {
            Assert.Equal(new[] { "a", "b" }, Array.ConvertAll(Runner(Dag("a", "b:a", "c"), new RunOptions { Nodes = new[] { "b" } }).Plan.CriticalPath, s => s));

            var ex = Assert.Throws<UnknownNodeException>(() => Runner(Dag("build", "test:build"), new RunOptions { Nodes = new[] { "tset" } }));
            Assert.Equal(" Did you mean 'test'?", ex.Suggestion);
        }

        [Fact]
        public void NegativeGracePeriod_IsRefused()
            => Assert.Throws<ArgumentOutOfRangeException>(() => Runner(Dag("a"), new RunOptions { CleanupGracePeriod = TimeSpan.FromSeconds(-1) }));

        [Fact]
        public async Task RunAsync_RunsOnce()
        {
            var runner = new WorkflowRunner(Dag("a"), new RunOptions(), new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(Array.Empty<object?>()) }, new RecordingSink());
            await runner.RunAsync(CancellationToken.None).Within();

            Assert.Throws<InvalidOperationException>(() => { _ = runner.RunAsync(CancellationToken.None); });
        }
    }
}
