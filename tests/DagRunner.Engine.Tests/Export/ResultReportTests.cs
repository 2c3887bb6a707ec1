using System;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Export;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;
using static DagRunner.Engine.Tests.TestSupport.ResultSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class ResultReportTests
    {
        /// <summary>deploy runs on two hosts (one instance each), migrate on one, build locally; each at its own line.</summary>
        private static WorkflowDefinition Workflow() => new WorkflowDefinition
        {
            Name = "ci",
            SourcePath = TestSupport.ResultSamples.Workflow,
            Nodes = new[]
            {
                new NodeDefinition { Id = "build", Location = new SourceLocation(TestSupport.ResultSamples.Workflow, 3, 3) },
                new NodeDefinition { Id = "migrate", Location = new SourceLocation(TestSupport.ResultSamples.Workflow, 6, 3), On = new[] { "db01" } },
                new NodeDefinition { Id = "deploy", Location = new SourceLocation(TestSupport.ResultSamples.Workflow, 9, 3), On = new[] { "web01", "web02" } },
            },
        };

        private static DagRunResult Result() => Run(
            "ci",
            DagRunStatus.Failed,
            100,
            Array.Empty<string>(),
            Ran("build", NodeStatus.Failed, 0, 100, worker: 1, error: "no compiler"),
            Ran("migrate", NodeStatus.Succeeded, 0, 100, worker: 2),
            Ran("deploy", NodeStatus.Succeeded, 0, 100, worker: 0),
            Ran("deploy[web01]", NodeStatus.Succeeded, 0, 100, worker: 3),
            Ran("deploy[WEB02]", NodeStatus.Succeeded, 0, 100, worker: 4));

        [Fact]
        public void WithTheWorkflow_EachNodeKnowsItsHost_AnInstanceOfSeveralHostsItsOwn()
        {
            var nodes = ResultReport.FromResult(Result(), Workflow()).Nodes.ToDictionary(n => n.Name, n => n.Host);

            Assert.Null(nodes["build"]);
            Assert.Equal("db01", nodes["migrate"]);
            Assert.Null(nodes["deploy"]); // the foreach node itself ran on no host
            Assert.Equal("web01", nodes["deploy[web01]"]);
            Assert.Equal("web02", nodes["deploy[WEB02]"]);
        }

        [Fact]
        public void FailureWithoutAStatementPosition_IsPlacedAtItsNode()
        {
            var build = ResultReport.FromResult(Result(), Workflow()).Nodes.Single(n => n.Name == "build");

            Assert.Equal(new SourceLocation(TestSupport.ResultSamples.Workflow, 3, 3), build.ErrorPosition);
        }

        [Fact]
        public void WithoutTheWorkflow_NoHosts_FailurePlacedAtTheResultsSourceLine()
        {
            var result = Result();
            result.Nodes["build"]!.Source = TestSupport.ResultSamples.Workflow + "(3)";

            var nodes = ResultReport.FromResult(result, workflow: null).Nodes;

            Assert.All(nodes, n => Assert.Null(n.Host));
            Assert.Equal(new SourceLocation(TestSupport.ResultSamples.Workflow, 3, 0), nodes.Single(n => n.Name == "build").ErrorPosition);
        }

        [Fact]
        public void Checkpoint_WithTheWorkflow_ErrorsPlacedAtTheirNode()
        {
            var checkpoint = Checkpoint(DagRunStatus.Failed, CheckpointNode("build", NodeStatus.Failed, error: "no compiler", endMs: 100));

            var build = ResultReport.FromCheckpoint(checkpoint, Workflow()).Nodes.Single();

            Assert.Equal("no compiler", build.ErrorMessage);
            Assert.Equal(new SourceLocation(TestSupport.ResultSamples.Workflow, 3, 3), build.ErrorPosition);
        }
    }
}
