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
        public void Top_level_settings_are_read()
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
        public void Unwritten_settings_stay_unset_for_callers_to_default()
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
        public void Name_defaults_to_the_file_name_without_yaml_and_dag(string fileName, string expected)
        {
            Assert.Equal(expected, WorkflowName.FromPath(System.IO.Path.Combine("folder", fileName)));
        }

        [Fact]
        public void Name_defaults_through_the_loader_and_a_written_name_wins()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nightly.dag.yaml");

            Assert.Equal("nightly", WorkflowLoader.LoadText("nodes:\n  a: { run: x }\n", path).Workflow!.Name);
            Assert.Equal("other", WorkflowLoader.LoadText("name: other\nnodes:\n  a: { run: x }\n", path).Workflow!.Name);
        }

        [Fact]
        public void Name_that_cannot_name_a_checkpoint_file_is_a_bad_value()
        {
            Load.Yaml("name: release/1\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadValue, 1, 7);
        }

        [Theory]
        [InlineData("unlimited", ParallelismLevel.Unlimited)]
        [InlineData("HIGH", ParallelismLevel.High)]
        [InlineData("low", ParallelismLevel.Low)]
        [InlineData("Medium", ParallelismLevel.Medium)]
        public void Parallelism_names_are_read_ignoring_case(string text, ParallelismLevel expected)
        {
            Assert.Equal(expected, Load.Valid($"parallelism: {text}\nnodes:\n  a: {{ run: x }}\n").Parallelism!.Level);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-2")]
        [InlineData("max")]
        [InlineData("2.5")]
        public void Bad_parallelism_is_reported_at_the_value(string text)
        {
            Load.Yaml($"parallelism: {text}\nnodes:\n  a: {{ run: x }}\n").SingleError(DiagnosticIds.BadParallelism, 1, 14);
        }

        [Fact]
        public void Bad_mode_is_reported_at_the_value_with_the_nearest_mode()
        {
            var error = Load.Yaml("mode: paralel\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadMode, 1, 7);

            Assert.Contains("'parallel'", error.Message);
        }

        [Fact]
        public void Missing_nodes_is_a_missing_key()
        {
            Load.Yaml("name: x\n").SingleError(DiagnosticIds.MissingKey, 1, 1);
        }

        [Theory]
        [InlineData("nodes:\n")]
        [InlineData("nodes: {}\n")]
        public void Empty_nodes_is_reported_at_the_key(string text)
        {
            Load.Yaml("name: x\n" + text).SingleError(DiagnosticIds.NoNodes, 2, 1);
        }

        [Fact]
        public void Nodes_written_as_a_list_is_a_wrong_type()
        {
            Load.Yaml("nodes:\n  - run: x\n").SingleError(DiagnosticIds.WrongType, 2, 3);
        }

        [Fact]
        public void Workflow_that_is_a_list_is_a_wrong_type_and_builds_nothing()
        {
            var result = Load.Yaml("- a\n- b\n");

            result.SingleError(DiagnosticIds.WrongType, 1, 1);
            Assert.Null(result.Workflow);
        }

        [Fact]
        public void Unknown_top_level_key_is_reported_at_the_key_with_the_nearest_key()
        {
            var error = Load.Yaml("name: x\nparalelism: 2\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 2, 1);

            Assert.Contains("'parallelism'", error.Message);
        }

        [Fact]
        public void Top_level_keys_are_case_sensitive()
        {
            var error = Load.Yaml("Nodes:\n  a: { run: x }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 1, 1);

            Assert.Contains("'nodes'", error.Message);
        }

        [Fact]
        public void Pool_capacity_must_be_a_positive_whole_number()
        {
            Load.Yaml("pools: { gpu: 0 }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadValue, 1, 15);
        }

        [Fact]
        public void Node_pool_must_name_a_pool_and_gets_the_nearest_name()
        {
            var error = Load.Yaml("pools: { gpu: 2 }\nnodes:\n  a:\n    run: x\n    pool: gpus\n").SingleError(DiagnosticIds.UnknownPool, 5, 11);

            Assert.Contains("'gpu'", error.Message);
        }

        [Fact]
        public void Node_pool_without_any_pools_is_an_unknown_pool()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    pool: gpu\n").SingleError(DiagnosticIds.UnknownPool, 4, 11);
        }

        [Fact]
        public void Unknown_checkpoint_key_is_reported()
        {
            Load.Yaml("checkpoint: { fsnyc: true }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 1, 15);
        }

        [Fact]
        public void Full_design_example_loads_without_any_diagnostic()
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
