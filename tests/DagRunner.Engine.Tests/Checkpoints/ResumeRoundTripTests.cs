using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    /// <summary>Header from a real workflow, a run written to disk, read back and resumed with other -Parameters.</summary>
    public class ResumeRoundTripTests
    {
        private const string Workflow = """
            name: release
            variables: { Configuration: Release, Region: eu }
            nodes:
              restore:
                run: dotnet restore
              build:
                needs: restore
                run: dotnet build -c $Configuration
              docs:
                needs: restore
                run: Write-Output 'docs'
              package:
                needs: [build, docs]
                run: Write-Output $Needs.build
              deploy:
                needs: package
                run: Write-Output "deploy to $Region"
            """;

        [Fact]
        public void ChangingAParameter_RerunsOnlyTheNodesThatUseItAndTheirDownstream()
        {
            using var files = new CheckpointFiles();
            var workflow = Load.Valid(Workflow);
            var plan = Planner.CreatePlan(workflow);
            var release = new Dictionary<string, object?> { ["Configuration"] = "Release", ["Region"] = "eu" };
            var header = CheckpointHeader.Create(workflow, plan, release, "run-7", T0);
            Assert.Equal(plan.Nodes.Select(n => n.Name), header.Nodes.Select(n => n.Key));
            Assert.Equal(DefinitionHash.ForWorkflow(workflow, release), header.WorkflowHash);

            var hashes = DefinitionHash.ForNodes(workflow.Nodes, release);
            using (var writer = CheckpointWriter.StartNew(files.Path, header, fsync: false))
            {
                foreach (var node in plan.Nodes)
                {
                    writer.NodeStarted(node.Name, 1, T0);
                    writer.NodeFinished(Result(node.Name, NodeStatus.Succeeded, node.Name + "-output"), hashes[node.Name]);
                }

                writer.RunFinished(DagRunStatus.Succeeded, T0.AddMinutes(1));
            }

            var checkpoint = CheckpointReader.Read(files.Path, workflow);
            Assert.True(ResumePlanner.Decide(plan, checkpoint, hashes).NothingToResume);

            var debug = new Dictionary<string, object?> { ["Configuration"] = "Debug", ["Region"] = "eu" };
            var resume = ResumePlanner.Decide(plan, checkpoint, DefinitionHash.ForNodes(workflow.Nodes, debug));

            Assert.Equal(
                new[] { "restore:True:Resumed", "build:False:DefinitionChanged", "docs:True:Resumed", "package:False:UpstreamChanged", "deploy:False:UpstreamChanged" },
                resume.Decisions.Select(d => $"{d.Name}:{d.Restore}:{d.Reason}"));
            var docs = new NodeResult("docs");
            NodeEnding.Restored(docs, resume["docs"]!);
            Assert.Equal(new object[] { "docs-output" }, docs.Output);
        }
    }
}
