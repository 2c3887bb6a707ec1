using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Protocol;
using DagRunner.Engine.Scheduling;
using DagRunner.MSBuild.Protocol;
using Xunit;
using TaskLoggingHelper = Microsoft.Build.Utilities.TaskLoggingHelper;

namespace DagRunner.MSBuild.Tests.Protocol
{
    /// <summary>
    /// The contract between the two sides of <c>-OutputMode Json</c>: what the engine writes (RunEventJson, from a real
    /// run of a real workflow file) is what the task's reader understands. A field renamed on one side fails here.
    /// </summary>
    public class ProtocolContractTests
    {
        private const string Yaml = "name: contract\nnodes:\n  build:\n    run: \"'built'\"\n  test:\n    needs: build\n    run: throw 'red'\n  docs:\n    continueOnError: true\n    run: throw 'flaky'\n";

        [Fact]
        public async Task TheEnginesEvents_AreReadByTheTask_WithStatusesPositionsAndResults()
        {
            var path = Path.Combine(Path.GetTempPath(), "contract.dag.yaml");
            var workflow = WorkflowLoader.LoadText(Yaml, path).Workflow!;
            var sink = new Lines();
            var runner = new WorkflowRunner(workflow, new RunOptions { Mode = ExecutionMode.Sequential }, new ScriptedExecutor(), sink);
            var result = await runner.RunAsync(CancellationToken.None);
            sink.Add(RunEventJson.RunFinished(result));

            var engine = new FakeBuildEngine("/src/app.proj");
            var logger = new EventLogger(new TaskLoggingHelper(engine, "RunDag"), path);
            foreach (var line in sink.Written)
            {
                logger.Handle(line, fromStandardError: false);
            }

            logger.Complete();

            Assert.True(logger.RunStarted);
            Assert.Equal(result.RunId, logger.RunId);
            Assert.Equal("Failed", logger.RunStatus);
            Assert.Equal(new[] { "build:Succeeded", "test:Failed", "docs:Failed" }, logger.NodeResults.Select(i => $"{i.ItemSpec}:{i.GetMetadata("Status")}"));
            Assert.Equal("AllowedFailure", logger.NodeResults.Single(i => i.ItemSpec == "docs").GetMetadata("Reason"));
            Assert.Equal("built", logger.NodeResults.Single(i => i.ItemSpec == "build").GetMetadata("OutputText"));

            // The failed node is an error at its line in the workflow file; the allowed failure only a warning.
            var error = Assert.Single(engine.Errors);
            Assert.Equal((path, 5), (error.File, error.LineNumber)); // the line of "test:"
            Assert.Contains("red", error.Message);
            Assert.Contains(engine.Warnings, w => w.Message != null && w.Message.Contains("flaky"));
        }

        /// <summary>What JsonRunOutput does for each event, as lines (the cmdlet writes them to stdout).</summary>
        private sealed class Lines : IRunEventSink
        {
            private readonly List<string> written = new List<string>();
            private ExecutionPlanHolder? plan;

            public IReadOnlyList<string> Written => written;

            public void Add(string line) => written.Add(line);

            public void Publish(RunEvent runEvent)
            {
                lock (written)
                {
                    switch (runEvent)
                    {
                        case RunStartedEvent started:
                            plan = new ExecutionPlanHolder(started.Plan);
                            written.Add(RunEventJson.RunStarted(started.Plan.WorkflowName, started.RunId, started.Plan.WorkflowPath, started.Plan.NodeCount, started.Parallelism, 4242));
                            break;
                        case NodeStartedEvent nodeStarted:
                            written.Add(RunEventJson.NodeStarted(nodeStarted.Node, nodeStarted.Attempt, plan?.Plan[nodeStarted.Node]?.Definition));
                            break;
                        case NodeFinishedEvent finished:
                            written.Add(RunEventJson.NodeFinished(finished.Result, plan?.Plan[finished.Result.Name]?.Definition));
                            break;
                    }
                }
            }

            private sealed class ExecutionPlanHolder
            {
                public ExecutionPlanHolder(Engine.Planning.ExecutionPlan plan) => Plan = plan;

                public Engine.Planning.ExecutionPlan Plan { get; }
            }
        }

        /// <summary>Runs nothing: a node whose script throws fails with that message, the others succeed.</summary>
        private sealed class ScriptedExecutor : INodeExecutor
        {
            public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
            {
                var script = request.Node.Run!.Text;
                return Task.FromResult(script.StartsWith("throw", StringComparison.Ordinal)
                    ? NodeExecution.Failed(new InvalidOperationException(script.Substring(7).Trim('\'')))
                    : NodeExecution.Succeeded(new object?[] { "built" }));
            }

            public void Dispose()
            {
            }
        }
    }
}
