using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Remote;
using DagRunner.Engine.Results;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    /// <summary>
    /// A remote node whose host cannot be used fails on its own, with a reason a user can act on, and no ssh client is
    /// ever started towards a port that does not answer (see <see cref="HostProbe"/>). Real sessions are the Pester
    /// tests' (tests/Pester/Remote.Tests.ps1, over a local sshd).
    /// </summary>
    public sealed class RemoteNodeExecutorTests : IDisposable
    {
        private readonly RemoteNodeExecutor executor = new RemoteNodeExecutor(new RunspaceExecutorOptions(), () => DateTime.Now);
        private readonly LogWatcher logs = new LogWatcher();

        public void Dispose() => executor.Dispose();

        private static string OnClosedPort(int maxSessions = 4)
            => $"hosts:\n  web1: {{ hostName: 127.0.0.1, port: {LocalPorts.Closed()}, maxSessions: {maxSessions} }}\nnodes:\n  deploy: {{ run: \"'x'\", on: web1 }}\n";

        private Task<NodeExecution> RunAsync(string yaml, CancellationToken cancellationToken = default)
            => executor.ExecuteAsync(NodeRequests.For(yaml, "deploy", logs), cancellationToken).Within();

        [Fact]
        public async Task AHostThatRefusesConnections_FailsTheNode_WithReasonHostUnreachable()
        {
            var result = await RunAsync(OnClosedPort());

            Assert.Equal((NodeOutcome.Failed, NodeReason.HostUnreachable), (result.Outcome, result.Reason));
            var error = Assert.IsType<ErrorRecord>(result.Error);
            var unreachable = Assert.IsType<HostUnreachableException>(error.Exception);
            Assert.Equal("web1", unreachable.Host);
            Assert.Contains("Cannot open a PowerShell session on host 'web1'", unreachable.Message);
            Assert.Contains("connection refused", unreachable.Message);
            Assert.Equal(("HostUnreachable", "deploy"), (error.FullyQualifiedErrorId, error.TargetObject));
            Assert.Empty(logs.Logs);
        }

        [Fact]
        public async Task EachAttempt_TriesTheHostAgain_AndAFailedOpenFreesItsSessionSlot()
        {
            var yaml = OnClosedPort(maxSessions: 1);

            var first = await RunAsync(yaml);
            var second = await RunAsync(yaml);

            // With one session allowed, a slot kept by the failed open would leave the second attempt waiting forever.
            Assert.Equal(NodeReason.HostUnreachable, first.Reason);
            Assert.Equal(NodeReason.HostUnreachable, second.Reason);
        }

        [Fact]
        public async Task ANodeOnAHostTheWorkflowDoesNotHave_Fails_AsAnUnknownHost()
        {
            var run = NodeRequests.Run(Load.Valid("nodes:\n  a: { run: x }\n"));
            var node = new NodeDefinition { Id = "ghost-node", On = new[] { "ghost" }, Run = new ScriptSource("'x'", default, false) };

            var result = await executor.ExecuteAsync(new NodeExecutionRequest(node, run, new System.Collections.Generic.Dictionary<string, object?>(), 1, logs), CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Null(result.Reason);
            var error = Assert.IsType<ErrorRecord>(result.Error);
            Assert.Equal("UnknownHost", error.FullyQualifiedErrorId);
            Assert.Contains("'ghost'", error.Exception.Message);
        }

        [Fact]
        public async Task AnAlreadyCancelledAttempt_IsCancelled_WithoutTryingTheHost()
        {
            var result = await RunAsync(OnClosedPort(), new CancellationToken(canceled: true));

            Assert.Equal(NodeOutcome.Cancelled, result.Outcome);
            Assert.Null(result.Reason);
        }
    }
}
