using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Invocation;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>One pipeline in a node's runspace, as local and remote nodes both run it: outcome, exit codes, host tags, stop.</summary>
    public sealed class NodeInvocationTests : IDisposable
    {
        private static readonly DateTime Now = new DateTime(2026, 12, 3, 8, 0, 0);
        private readonly RunspaceStock stock = new RunspaceStock(InitialSessionState.CreateDefault2);
        private readonly LogWatcher logs = new LogWatcher();
        private readonly RunspaceStock.Worker worker;

        public NodeInvocationTests() => worker = stock.Rent();

        public void Dispose() => stock.Dispose();

        private Task<NodeInvocation.Completion> InvokeAsync(string script, string? host = null, bool forwardOutput = true, CancellationToken cancellationToken = default)
            => new NodeInvocation(worker, "a", logs, () => Now, host)
                .InvokeAsync(ps => ps.AddScript(script, useLocalScope: true), forwardOutput, TimeSpan.FromSeconds(5), cancellationToken)
                .Within();

        [Fact]
        public async Task ARemoteNodesRecords_AreTaggedWithItsHost()
        {
            await InvokeAsync("'out'; Write-Warning 'warn'", host: "web1");

            Assert.Equal(2, logs.Logs.Count);
            Assert.All(logs.Logs, l => Assert.Equal(("a", "web1", "a@web1"), (l.Node, l.Host, l.Source)));
        }

        [Fact]
        public async Task AnExceptionThatMakesItsOwnErrorRecord_IsTheFailuresException()
        {
            // A broken SSH session ends the pipeline this way; its type is what RemoteOutcome tells a broken session by.
            var failed = await InvokeAsync("throw [System.Management.Automation.Remoting.PSRemotingTransportException]::new('the session broke')");

            Assert.Equal(NodeOutcome.Failed, failed.Outcome);
            var record = Assert.IsType<ErrorRecord>(failed.Error);
            Assert.IsType<System.Management.Automation.Remoting.PSRemotingTransportException>(record.Exception);
            Assert.Equal("the session broke", record.Exception.Message);
        }

        [Fact]
        public async Task Records_AreStampedWithTheExecutorsClock()
        {
            await InvokeAsync("'out'");

            Assert.Equal(Now, Assert.Single(logs.Logs).Time);
        }

        [Fact]
        public async Task Output_IsReturnedInOrder_WhetherOrNotItIsLogged()
        {
            var logged = await InvokeAsync("1; 2; 3");
            var quiet = await InvokeAsync("4; 5", forwardOutput: false);

            Assert.Equal(new[] { "1", "2", "3" }, logged.Output.Select(LogWatcher.Text));
            Assert.Equal(new[] { "4", "5" }, quiet.Output.Select(LogWatcher.Text));
            Assert.Equal(new[] { "1", "2", "3" }, logs.Texts(NodeLogStream.Output));
        }

        [Fact]
        public async Task ExitWithACode_Fails_AndExitZero_Succeeds()
        {
            var failed = await InvokeAsync("exit 7");
            var succeeded = await InvokeAsync("exit 0");

            Assert.Equal(NodeOutcome.Failed, failed.Outcome);
            var error = Assert.IsType<ErrorRecord>(failed.Error);
            Assert.Equal(7, Assert.IsType<NodeExitCodeException>(error.Exception).ExitCode);
            Assert.Equal("a", error.TargetObject);
            Assert.Equal(NodeOutcome.Succeeded, succeeded.Outcome);
        }

        [Fact]
        public async Task ExitCodeFailure_ReadsTheLastExitCodeTheScriptLeft()
        {
            await InvokeAsync("$global:LASTEXITCODE = 5");
            var failure = new NodeInvocation(worker, "a", logs, () => Now).ExitCodeFailure();
            await InvokeAsync("$global:LASTEXITCODE = 0");
            var none = new NodeInvocation(worker, "a", logs, () => Now).ExitCodeFailure();

            Assert.Equal(5, Assert.IsType<NodeExitCodeException>(failure!.Exception).ExitCode);
            Assert.Null(none);
        }

        [Fact]
        public async Task AThrownException_FailsWithItsErrorRecord()
        {
            var completion = await InvokeAsync("'before'; throw [System.IO.IOException]::new('disk')");

            Assert.Equal(NodeOutcome.Failed, completion.Outcome);
            Assert.IsType<IOException>(Assert.IsType<ErrorRecord>(completion.Error).Exception);
            Assert.Equal(new[] { "before" }, completion.Output.Select(LogWatcher.Text));
        }

        [Fact]
        public async Task ACancelledToken_RunsNothing()
        {
            using var folder = new TempDirectory();
            var marker = Path.Combine(folder.Path, "ran.txt");

            var completion = await InvokeAsync($"[IO.File]::WriteAllText('{marker}', 'x')", cancellationToken: new CancellationToken(canceled: true));

            Assert.Equal(NodeOutcome.Cancelled, completion.Outcome);
            Assert.False(File.Exists(marker));
        }

        [Fact]
        public async Task Stop_EndsThePipelineAsCancelled_AndTheRunspaceStaysUsable()
        {
            using var stop = new CancellationTokenSource();
            var running = InvokeAsync("'started'; while ($true) { Start-Sleep -Milliseconds 20 }", cancellationToken: stop.Token);
            await logs.OutputAsync("started");

            stop.Cancel();

            Assert.Equal(NodeOutcome.Cancelled, (await running).Outcome);
            Assert.False(worker.Broken);
            Assert.Equal(NodeOutcome.Succeeded, (await InvokeAsync("'again'")).Outcome);
        }
    }
}
