using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Invocation;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>When a local node fails, and what its failure says: the error, its line in the workflow, the exit code.</summary>
    public sealed class NodeFailureTests : System.IDisposable
    {
        private readonly RunspaceNodeExecutor executor = new RunspaceNodeExecutor();
        private readonly LogWatcher logs = new LogWatcher();

        public void Dispose() => executor.Dispose();

        private async Task<NodeExecution> RunAsync(string yaml)
        {
            var run = NodeRequests.Run(Load.Valid(yaml));
            return await executor.ExecuteAsync(NodeRequests.For(run, "a", logs), CancellationToken.None).Within();
        }

        [Fact]
        public async Task AThrowingScript_Fails_WithTheErrorAtItsLineInTheWorkflow()
        {
            var yaml = "nodes:\n  a:\n    run: |\n      'before'\n      throw 'boom'\n      'after'\n";

            var result = await RunAsync(yaml);

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            var error = Assert.IsType<ErrorRecord>(result.Error);
            Assert.Equal("boom", error.Exception.Message);
            var at = FailurePosition.Of(error, Load.Valid(yaml).Node("a"));
            Assert.Equal((5, 7), (at!.Value.Line, at.Value.Column));
            Assert.Equal(new[] { "before" }, logs.Texts(NodeLogStream.Output));
        }

        [Fact]
        public async Task AWrittenError_IsTerminating_BecauseErrorActionIsStop()
        {
            var result = await RunAsync("nodes:\n  a: { run: \"Write-Error 'bad'; 'after'\" }\n");

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Equal("bad", Assert.IsType<ErrorRecord>(result.Error).Exception.Message);
            Assert.Empty(logs.Texts(NodeLogStream.Output));
        }

        [Fact]
        public async Task ANonTerminatingError_IsLogged_AndTheNodeSucceeds()
        {
            var result = await RunAsync("nodes:\n  a: { run: \"Write-Error 'soft' -ErrorAction Continue; 'after'\" }\n");

            Assert.Equal(NodeOutcome.Succeeded, result.Outcome);
            Assert.Equal(new[] { "after" }, result.Output.Select(LogWatcher.Text));
            var logged = Assert.Single(logs.Logs, l => l.Stream == NodeLogStream.Error);
            Assert.Equal("a", logged.Node);
            Assert.Equal("soft", Assert.IsType<ErrorRecord>(logged.Data).Exception.Message);
        }

        [Fact]
        public async Task ACommandThatFails_StopsTheScript()
        {
            var result = await RunAsync("nodes:\n  a: { run: \"Get-Item -LiteralPath /no/such/item; 'after'\" }\n");

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.IsType<ItemNotFoundException>(Assert.IsType<ErrorRecord>(result.Error).Exception);
        }

        [Fact]
        public async Task ExitWithACode_Fails_WithThatCode()
        {
            var result = await RunAsync("nodes:\n  a: { run: \"'before'; exit 3\" }\n");

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Equal(3, Assert.IsType<NodeExitCodeException>(Assert.IsType<ErrorRecord>(result.Error).Exception).ExitCode);
            Assert.Equal(new[] { "before" }, result.Output.Select(LogWatcher.Text));
        }

        [Fact]
        public async Task ExitZero_AndATopLevelBreak_EndTheScript_AsSuccess()
        {
            var exited = await RunAsync("nodes:\n  a: { run: \"'kept'; exit 0; 'not reached'\" }\n");
            var broke = await RunAsync("nodes:\n  a: { run: \"'kept'; break; 'not reached'\" }\n");

            Assert.Equal((NodeOutcome.Succeeded, "kept"), (exited.Outcome, string.Join(",", exited.Output.Select(LogWatcher.Text))));
            Assert.Equal((NodeOutcome.Succeeded, "kept"), (broke.Outcome, string.Join(",", broke.Output.Select(LogWatcher.Text))));
        }

        [FactOnLinux]
        public async Task ANativeCommandThatExitsNonZero_FailsTheNode_WithItsCode()
        {
            var result = await RunAsync("nodes:\n  a: { run: \"sh -c 'exit 4'; 'after'\" }\n");

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Equal(4, Assert.IsType<NodeExitCodeException>(Assert.IsType<ErrorRecord>(result.Error).Exception).ExitCode);
        }

        [FactOnLinux]
        public async Task ANativeFailureTheScriptRecoversFrom_DoesNotFailTheNode()
        {
            var result = await RunAsync("nodes:\n  a: { run: \"sh -c 'exit 4'; sh -c 'exit 0'\" }\n");

            Assert.Equal(NodeOutcome.Succeeded, result.Outcome);
        }

        [Fact]
        public async Task AFailedNode_LeavesNoExitCodeForTheNextNodeInItsRunspace()
        {
            await RunAsync("nodes:\n  a: { run: \"$global:LASTEXITCODE = 9\" }\n");
            var next = await RunAsync("nodes:\n  a: { run: \"'fine'\" }\n");

            Assert.Equal(NodeOutcome.Succeeded, next.Outcome);
        }
    }
}
