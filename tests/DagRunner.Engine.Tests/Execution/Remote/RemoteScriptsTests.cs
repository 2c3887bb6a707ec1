using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Invocation;
using DagRunner.Engine.Execution.Remote;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    /// <summary>
    /// The session preparation a host runs for each attempt, run here in a local runspace the way the remote executor
    /// runs it in a session (the same pipeline code): no sshd needed to see what the node's script then finds.
    /// </summary>
    public sealed class RemoteScriptsTests : IDisposable
    {
        private const string Workflow = "variables: { region: eu }\nhosts:\n  web1: { hostName: w1 }\nnodes:\n  build: { run: x }\n  deploy:\n    needs: build\n    on: web1\n    run: |\n      \"$region|$($Needs.build)|$($Dag.Host)|$ErrorActionPreference\"\n      throw 'boom'\n";

        private readonly RunspaceStock stock = new RunspaceStock(InitialSessionState.CreateDefault2);
        private readonly LogWatcher logs = new LogWatcher();
        private readonly RunspaceStock.Worker session;
        private readonly NodeInvocation invocation;
        private string? scriptFolder;

        public RemoteScriptsTests()
        {
            session = stock.Rent();
            invocation = new NodeInvocation(session, "deploy", logs, () => DateTime.Now, "web1");
        }

        public void Dispose()
        {
            stock.Dispose();
            if (scriptFolder != null)
            {
                Directory.Delete(scriptFolder, recursive: true);
            }
        }

        private Task<NodeInvocation.Completion> InvokeAsync(Action<PowerShell> configure)
            => invocation.InvokeAsync(configure, forwardOutput: true, TimeSpan.FromSeconds(5), CancellationToken.None).Within();

        /// <summary>Runs the setup for the node and returns the path of the host's copy of its script.</summary>
        private async Task<string> SetUpAsync(string yaml = Workflow)
        {
            var run = NodeRequests.Run(Load.Valid(yaml));
            var request = NodeRequests.For(run, "deploy", logs, new Dictionary<string, object?> { ["build"] = "v1" });
            var payload = RemotePayload.Build(request, run.Workflow.Hosts["web1"], new RunspaceExecutorOptions());

            var setup = await invocation.InvokeAsync(ps => ps.AddScript(RemoteScripts.Setup, useLocalScope: true).AddArgument(payload), false, TimeSpan.FromSeconds(5), CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Succeeded, setup.Outcome);
            var path = (string)((PSObject)setup.Output.Last()!).BaseObject;
            scriptFolder = Path.GetDirectoryName(path);
            return path;
        }

        [Fact]
        public async Task Setup_WritesTheNodesScript_ToAFolderOfThisProcess()
        {
            var path = await SetUpAsync();

            Assert.Equal(Path.Combine(Path.GetTempPath(), "dagrunner-" + Environment.ProcessId), Path.GetDirectoryName(scriptFolder));
            Assert.Equal("run.ps1", Path.GetFileName(path));
            Assert.Equal(Load.Valid(Workflow).Node("deploy").Run!.Text, File.ReadAllText(path));
        }

        [Fact]
        public async Task TheScript_FindsTheRunsVariables_Needs_DagHost_AndStop()
        {
            var path = await SetUpAsync();

            var body = await InvokeAsync(ps => ps.AddCommand(path));

            Assert.Equal(NodeOutcome.Failed, body.Outcome);
            Assert.Equal(new[] { "eu|v1|web1|Stop" }, body.Output.Select(LogWatcher.Text));
        }

        [Fact]
        public async Task AnErrorInTheHostsCopy_PointsIntoTheWorkflow()
        {
            var path = await SetUpAsync();

            var body = await InvokeAsync(ps => ps.AddCommand(path));

            var info = Assert.IsType<ErrorRecord>(body.Error).InvocationInfo;
            var at = FailurePosition.InRemoteScript(info.ScriptName, info.ScriptLineNumber, info.OffsetInLine, Load.Valid(Workflow).Node("deploy"));
            Assert.Equal((11, 7), (at!.Value.Line, at.Value.Column));
        }

        [Fact]
        public async Task AnExitCodeOfTheScript_IsReadBackAfterwards()
        {
            var path = await SetUpAsync("hosts:\n  web1: { hostName: w1 }\nnodes:\n  deploy: { on: web1, run: \"'x'; exit 3\" }\n");

            var body = await InvokeAsync(ps => ps.AddCommand(path));
            var exit = await InvokeAsync(ps => ps.AddScript(RemoteScripts.ExitCode));

            Assert.Equal(NodeOutcome.Succeeded, body.Outcome);
            Assert.Equal(3, ((PSObject)exit.Output.Single()!).BaseObject);
        }
    }
}
