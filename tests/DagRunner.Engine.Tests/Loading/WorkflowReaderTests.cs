using System;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class WorkflowReaderTests
    {
        [Fact]
        public void TopLevelSettings_AreRead()
        {
            var workflow = Load.Valid("""
                name: release
                description: Ships it
                parallelism: 4
                mode: Sequential
                variables: { Configuration: Release }
                pools: { gpu: 2 }
                checkpoint: { fsync: true }
                nodes:
                  a: { run: x }
                """);

            Assert.Equal("release", workflow.Name);
            Assert.Equal("Ships it", workflow.Description);
            Assert.Equal(new ParallelismSetting(4), workflow.Parallelism);
            Assert.Equal(ExecutionMode.Sequential, workflow.Mode);
            Assert.Equal("Release", workflow.Variables["Configuration"]);
            Assert.Equal(2, workflow.Pools["gpu"]);
            Assert.True(workflow.CheckpointFsync);
            Assert.Equal(Load.SourcePath, workflow.SourcePath);
            Assert.Equal(System.IO.Path.GetDirectoryName(Load.SourcePath), workflow.BaseDirectory);
        }

        [Fact]
        public void UnwrittenSettings_StayUnsetForCallersToDefault()
        {
            var workflow = Load.Valid("nodes:\n  a: { run: x }\n");

            Assert.Null(workflow.Parallelism);
            Assert.Null(workflow.Mode);
            Assert.Null(workflow.Timeout);
            Assert.Empty(workflow.Variables);
            Assert.False(workflow.CheckpointFsync);
        }

        [Theory]
        [InlineData("build.dag.yaml", "build")]
        [InlineData("build.yml", "build")]
        [InlineData("deploy.dag.json", "deploy")]
        [InlineData("Release.YAML", "Release")]
        [InlineData("my.flow.yaml", "my.flow")]
        [InlineData("notes.txt", "notes.txt")]
        [InlineData(".dag.yaml", ".dag")]
        public void Name_DefaultsToTheFileNameWithoutYamlAndDag(string fileName, string expected)
        {
            Assert.Equal(expected, WorkflowName.FromPath(System.IO.Path.Combine("folder", fileName)));
        }

        [Fact]
        public void Name_DefaultsThroughTheLoaderAndAWrittenNameWins()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nightly.dag.yaml");

            Assert.Equal("nightly", WorkflowLoader.LoadText("nodes:\n  a: { run: x }\n", path).Workflow!.Name);
            Assert.Equal("other", WorkflowLoader.LoadText("name: other\nnodes:\n  a: { run: x }\n", path).Workflow!.Name);
        }

        [Fact]
        public void NameThatCannotNameACheckpointFile_IsABadValue()
        {
            Load.Yaml("name: release/1\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadValue, 1, 7);
        }

        [Theory]
        [InlineData("unlimited", ParallelismLevel.Unlimited)]
        [InlineData("HIGH", ParallelismLevel.High)]
        [InlineData("low", ParallelismLevel.Low)]
        [InlineData("Medium", ParallelismLevel.Medium)]
        public void Parallelism_NamesAreReadIgnoringCase(string text, ParallelismLevel expected)
        {
            Assert.Equal(expected, Load.Valid($"parallelism: {text}\nnodes:\n  a: {{ run: x }}\n").Parallelism!.Level);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-2")]
        [InlineData("max")]
        [InlineData("2.5")]
        public void BadParallelism_IsReportedAtTheValue(string text)
        {
            Load.Yaml($"parallelism: {text}\nnodes:\n  a: {{ run: x }}\n").SingleError(DiagnosticIds.BadParallelism, 1, 14);
        }

        [Fact]
        public void BadMode_IsReportedAtTheValueWithTheNearestMode()
        {
            var error = Load.Yaml("mode: paralel\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadMode, 1, 7);

            Assert.Contains("'parallel'", error.Message);
        }

        [Fact]
        public void MissingNodes_IsAMissingKey()
        {
            Load.Yaml("name: x\n").SingleError(DiagnosticIds.MissingKey, 1, 1);
        }

        [Theory]
        [InlineData("nodes:\n")]
        [InlineData("nodes: {}\n")]
        public void EmptyNodes_IsReportedAtTheKey(string text)
        {
            Load.Yaml("name: x\n" + text).SingleError(DiagnosticIds.NoNodes, 2, 1);
        }

        [Fact]
        public void NodesWrittenAsAList_IsAWrongType()
        {
            Load.Yaml("nodes:\n  - run: x\n").SingleError(DiagnosticIds.WrongType, 2, 3);
        }

        [Fact]
        public void WorkflowThatIsAList_IsAWrongTypeAndBuildsNothing()
        {
            var result = Load.Yaml("- a\n- b\n");

            result.SingleError(DiagnosticIds.WrongType, 1, 1);
            Assert.Null(result.Workflow);
        }

        [Fact]
        public void UnknownTopLevelKey_IsReportedAtTheKeyWithTheNearestKey()
        {
            var error = Load.Yaml("name: x\nparalelism: 2\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 2, 1);

            Assert.Contains("'parallelism'", error.Message);
        }

        [Fact]
        public void TopLevelKeys_AreCaseSensitive()
        {
            var error = Load.Yaml("Nodes:\n  a: { run: x }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 1, 1);

            Assert.Contains("'nodes'", error.Message);
        }

        [Fact]
        public void PoolCapacity_MustBeAPositiveWholeNumber()
        {
            Load.Yaml("pools: { gpu: 0 }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadValue, 1, 15);
        }

        [Fact]
        public void NodePool_MustNameAPoolAndGetsTheNearestName()
        {
            var error = Load.Yaml("pools: { gpu: 2 }\nnodes:\n  a:\n    run: x\n    pool: gpus\n").SingleError(DiagnosticIds.UnknownPool, 5, 11);

            Assert.Contains("'gpu'", error.Message);
        }

        [Fact]
        public void NodePoolWithoutAnyPools_IsAnUnknownPool()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    pool: gpu\n").SingleError(DiagnosticIds.UnknownPool, 4, 11);
        }

        [Fact]
        public void UnknownCheckpointKey_IsReported()
        {
            Load.Yaml("checkpoint: { fsnyc: true }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 1, 15);
        }

        [Fact]
        public void FullDesignExample_LoadsWithoutAnyDiagnostic()
        {
            using var directory = new TempDirectory();
            directory.Write("scripts/test.ps1", "param($Filter)\nWrite-Output $Filter\n");
            var path = directory.Write("release.dag.yaml", DesignExample.Text);

            var result = WorkflowLoader.LoadFile(path);

            Assert.False(result.HasErrors, result.ToString());
            Assert.Empty(result.Diagnostics);
            Assert.Equal(new[] { "restore", "build", "test", "package", "notify" }, result.Workflow!.Nodes.Select(n => n.Id));
            Assert.Equal(TimeSpan.FromMinutes(5), result.Workflow.Node("test").Timeout);
            Assert.Equal(TimeSpan.FromMinutes(10), result.Workflow.Node("build").Timeout);
            Assert.Equal(3, result.Workflow.Node("build").Retry.Attempts);
            Assert.Equal(2, result.Workflow.Node("test").Retry.Attempts);
        }
    }
}
