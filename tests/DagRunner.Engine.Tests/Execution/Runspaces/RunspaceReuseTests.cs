using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>
    /// Nodes run one after another reuse one runspace; the next node must not notice. Each test checks both nodes ran
    /// on the same worker, or it would prove nothing.
    /// </summary>
    public sealed class RunspaceReuseTests : System.IDisposable
    {
        private readonly RunspaceNodeExecutor executor = new RunspaceNodeExecutor();
        private readonly LogWatcher logs = new LogWatcher();

        public void Dispose() => executor.Dispose();

        /// <summary>Runs <c>first</c> then <c>second</c> of <paramref name="yaml"/> in one run and returns what the second wrote.</summary>
        private async Task<string> SecondSeesAsync(string yaml, IReadOnlyDictionary<string, object?>? variables = null)
        {
            var run = NodeRequests.Run(Load.Valid(yaml), variables);
            var first = await executor.ExecuteAsync(NodeRequests.For(run, "first", logs), CancellationToken.None).Within();
            var second = await executor.ExecuteAsync(NodeRequests.For(run, "second", logs), CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Succeeded, first.Outcome);
            Assert.Equal(NodeOutcome.Succeeded, second.Outcome);
            Assert.Equal(first.Worker, second.Worker);
            return string.Join(",", second.Output.Select(LogWatcher.Text));
        }

        [Fact]
        public async Task AReusedRunspace_DoesNotKeepTheLastNodesVariables()
        {
            var seen = await SecondSeesAsync("nodes:\n  first: { run: \"$global:leaked = 'g'; $local = 'l'\" }\n  second: { run: \"'[' + (Get-Variable leaked, local -ValueOnly -ErrorAction SilentlyContinue) + ']'\" }\n");

            Assert.Equal("[]", seen);
        }

        [Fact]
        public async Task AReusedRunspace_DoesNotKeepTheLastNodesFunctions()
        {
            var seen = await SecondSeesAsync("nodes:\n  first: { run: \"function helper { 1 }; function global:leakedHelper { 2 }\" }\n  second: { run: \"[bool](Get-Command helper, leakedHelper -ErrorAction SilentlyContinue)\" }\n");

            Assert.Equal("False", seen);
        }

        [Fact]
        public async Task ARunVariableChangedInPlace_IsUnchangedForTheNextNode()
        {
            var config = new Hashtable { ["region"] = "eu", ["zones"] = new object?[] { "a" } };
            var variables = new Dictionary<string, object?> { ["config"] = config };

            var seen = await SecondSeesAsync("nodes:\n  first: { run: \"$config.region = 'us'; $config.zones[0] = 'z'; $config = 'replaced'\" }\n  second: { run: \"$config.region + $config.zones[0]\" }\n", variables);

            Assert.Equal("eua", seen);
            Assert.Equal("eu", config["region"]);
        }

        [Fact]
        public async Task ARunVariableAssignedByANode_IsUnchangedForTheNextNode()
        {
            var seen = await SecondSeesAsync("variables: { region: eu }\nnodes:\n  first: { run: \"$region = 'us'\" }\n  second: { run: $region }\n");

            Assert.Equal("eu", seen);
        }

        [Fact]
        public async Task TheNextNode_StartsInTheWorkflowsFolder_WhereverTheLastOneWent()
        {
            var seen = await SecondSeesAsync("nodes:\n  first: { run: Set-Location / }\n  second: { run: (Get-Location).Path }\n");

            Assert.Equal(System.IO.Path.GetDirectoryName(Load.SourcePath), seen);
        }

        [Fact]
        public async Task TheNextNode_DoesNotInheritThePreferencesTheLastOneChangedGlobally()
        {
            var seen = await SecondSeesAsync("nodes:\n  first: { run: \"$global:ErrorActionPreference = 'Continue'\" }\n  second: { run: $ErrorActionPreference }\n");

            Assert.Equal("Stop", seen);
        }
    }
}
