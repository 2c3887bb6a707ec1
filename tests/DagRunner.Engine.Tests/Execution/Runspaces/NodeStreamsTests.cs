using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>Every stream a local node writes reaches the run's events, tagged with the node, as it is written.</summary>
    public sealed class NodeStreamsTests : System.IDisposable
    {
        private readonly LogWatcher logs = new LogWatcher();
        private RunspaceNodeExecutor executor = new RunspaceNodeExecutor();

        public void Dispose() => executor.Dispose();

        private Task<NodeExecution> RunAsync(string run)
            => executor.ExecuteAsync(NodeRequests.For("nodes:\n  writer:\n    run: |\n      " + run.Replace("\n", "\n      ") + "\n", "writer", logs), CancellationToken.None).Within();

        [Fact]
        public async Task EachStream_ReachesTheEvents_WithTheNodesId()
        {
            await RunAsync("'out'\nWrite-Error 'err' -ErrorAction Continue\nWrite-Warning 'warn'\nWrite-Verbose 'verb' -Verbose\nWrite-Debug 'dbg' -Debug\nWrite-Information 'info' -InformationAction Continue\nWrite-Host 'host'");

            Assert.All(logs.Logs, l => Assert.Equal(("writer", null), (l.Node, l.Host)));
            Assert.Equal(new[] { "out" }, logs.Texts(NodeLogStream.Output));
            Assert.Contains("err", logs.Texts(NodeLogStream.Error).Single());
            Assert.Equal(new[] { "warn" }, logs.Texts(NodeLogStream.Warning));
            Assert.Equal(new[] { "verb" }, logs.Texts(NodeLogStream.Verbose));
            Assert.Equal(new[] { "dbg" }, logs.Texts(NodeLogStream.Debug));
            Assert.Equal(new[] { "info", "host" }, logs.Texts(NodeLogStream.Information));
        }

        [Fact]
        public async Task Records_AreLoggedInTheOrderTheScriptWroteThem()
        {
            await RunAsync("1..5 | ForEach-Object { \"line $_\"; Write-Warning \"warn $_\" }");

            var order = logs.Logs.Select(l => LogWatcher.Text(l.Data));
            Assert.Equal(Enumerable.Range(1, 5).SelectMany(i => new[] { $"line {i}", $"warn {i}" }), order);
        }

        [Fact]
        public async Task OutputObjects_AreLoggedAsTheObjectsTheyAre()
        {
            var result = await RunAsync("[pscustomobject]@{ Name = 'x'; Size = 3 }");

            var logged = Assert.IsType<PSObject>(Assert.Single(logs.Logs).Data);
            Assert.Equal(3, logged.Properties["Size"].Value);
            Assert.Same(logged, Assert.Single(result.Output));
        }

        /// <summary>Information records are always logged (PowerShell records them whatever the preference); the cmdlet decides what to show.</summary>
        [Fact]
        public async Task VerboseAndDebug_StayQuiet_UnlessThePreferencesAsk()
        {
            await RunAsync("Write-Verbose 'v'; Write-Debug 'd'");
            Assert.Empty(logs.Logs);

            executor.Dispose();
            executor = new RunspaceNodeExecutor(new RunspaceExecutorOptions
            {
                VerbosePreference = ActionPreference.Continue,
                DebugPreference = ActionPreference.Continue,
            });
            await RunAsync("Write-Verbose 'v'; Write-Debug 'd'");
            Assert.Equal(new[] { "v", "d" }, logs.Logs.Select(l => LogWatcher.Text(l.Data)));
        }

        [Fact]
        public async Task ALineIsLogged_WhileTheScriptStillRuns()
        {
            using var release = new SemaphoreSlim(0);
            var request = NodeRequests.For(
                NodeRequests.Run(Load.Valid("nodes:\n  writer: { run: \"'first'; $gate.Wait(); 'second'\" }\n"), new Dictionary<string, object?> { ["gate"] = release }),
                "writer",
                logs);

            var running = executor.ExecuteAsync(request, CancellationToken.None);
            await logs.OutputAsync("first");
            Assert.False(running.IsCompleted);
            release.Release();

            Assert.Equal(NodeOutcome.Succeeded, (await running.Within()).Outcome);
            Assert.Equal(new[] { "first", "second" }, logs.Texts(NodeLogStream.Output));
        }
    }
}
