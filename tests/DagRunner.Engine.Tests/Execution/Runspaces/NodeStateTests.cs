using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>What a node's script finds when it starts in a local runspace: its needs, <c>$Dag</c>, the run's variables, its folder.</summary>
    public sealed class NodeStateTests : System.IDisposable
    {
        private readonly RunspaceNodeExecutor executor = new RunspaceNodeExecutor();
        private readonly LogWatcher logs = new LogWatcher();

        public void Dispose() => executor.Dispose();

        private Task<NodeExecution> RunAsync(NodeExecutionRequest request) => executor.ExecuteAsync(request, CancellationToken.None).Within();

        private static string Texts(NodeExecution execution) => string.Join(",", System.Linq.Enumerable.Select(execution.Output, LogWatcher.Text));

        [Fact]
        public async Task AScript_SeesItsNeeds_Dag_AndTheRunsVariables()
        {
            var workflow = Load.Valid("name: wf\nvariables: { region: eu }\nnodes:\n  build: { run: x }\n  a:\n    needs: build\n    run: |\n      \"$region|$($Needs.build)|$($Dag.Name)|$($Dag.Node)|$($Dag.Attempt)|$($Dag.RunId)|$($Dag.Variables.region)\"\n");
            var needs = new Dictionary<string, object?> { ["build"] = "v1" };

            var result = await RunAsync(NodeRequests.For(NodeRequests.Run(workflow), "a", logs, needs, attempt: 2));

            Assert.Equal(NodeOutcome.Succeeded, result.Outcome);
            Assert.Equal("eu|v1|wf|a|2|run-1|eu", Texts(result));
        }

        [Fact]
        public async Task AScript_GetsItsWithValues_AsParameters()
        {
            var request = NodeRequests.For("nodes:\n  a:\n    with: { name: world }\n    run: |\n      param($name)\n      \"hello $name\"\n", "a", logs);

            Assert.Equal("hello world", Texts(await RunAsync(request)));
        }

        [Fact]
        public async Task AScript_StartsInTheWorkflowsFolder()
        {
            var request = NodeRequests.For("nodes:\n  a: { run: (Get-Location).Path }\n", "a", logs);

            Assert.Equal(System.IO.Path.GetDirectoryName(Load.SourcePath), Texts(await RunAsync(request)));
        }

        [Fact]
        public async Task AFalseCondition_GivesConditionFalse_AndTheScriptDoesNotRun()
        {
            var request = NodeRequests.For("nodes:\n  a: { if: '$false', run: \"'ran'\" }\n", "a", logs);

            var result = await RunAsync(request);

            Assert.Equal(NodeOutcome.ConditionFalse, result.Outcome);
            Assert.Empty(logs.Logs);
        }

        [Fact]
        public async Task ATrueCondition_RunsTheScript_AndOnlyItsOutputIsLogged()
        {
            var request = NodeRequests.For("nodes:\n  a: { if: \"'condition output'\", run: \"'ran'\" }\n", "a", logs);

            var result = await RunAsync(request);

            Assert.Equal(NodeOutcome.Succeeded, result.Outcome);
            Assert.Equal(new[] { "ran" }, logs.Texts(NodeLogStream.Output));
        }

        [Fact]
        public async Task ForEachItems_AreTheExpressionsOutput_AndNotLogged()
        {
            var run = NodeRequests.Run(Load.Valid("nodes:\n  a: { foreach: '1..3', run: \"'body'\" }\n"));

            var result = await RunAsync(NodeRequests.For(run, "a", logs, part: NodeScriptPart.ForEachItems));

            Assert.Equal("1,2,3", Texts(result));
            Assert.Empty(logs.Logs);
        }

        [Fact]
        public async Task TheFallback_Runs_KnowingItIsTheFallback_AndTheLastError()
        {
            var run = NodeRequests.Run(Load.Valid("nodes:\n  a: { run: \"'body'\", fallback: '\"fallback $($Dag.IsFallback) $($Dag.LastError)\"' }\n"));

            var result = await RunAsync(NodeRequests.For(run, "a", logs, part: NodeScriptPart.Fallback, lastError: "boom"));

            Assert.Equal("fallback True boom", Texts(result));
        }
    }
}
