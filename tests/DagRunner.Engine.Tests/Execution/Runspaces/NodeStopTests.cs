using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>Ctrl+C and timeouts: a stopped node ends promptly as Cancelled, runs its finally, and leaves no native process behind.</summary>
    public sealed class NodeStopTests : IDisposable
    {
        private readonly LogWatcher logs = new LogWatcher();
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly TempDirectory folder = new TempDirectory();
        private RunspaceNodeExecutor executor = new RunspaceNodeExecutor();

        public void Dispose()
        {
            executor.Dispose();
            stop.Dispose();
            folder.Dispose();
        }

        private Task<NodeExecution> StartAsync(string run, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken? token = null)
        {
            var workflow = Load.Valid("nodes:\n  a:\n    run: |\n      " + run.Replace("\n", "\n      ") + "\n");
            return executor.ExecuteAsync(NodeRequests.For(NodeRequests.Run(workflow, variables), "a", logs), token ?? stop.Token);
        }

        [Fact]
        public async Task Stop_EndsARunningScript_AsCancelled_AndItsFinallyRuns()
        {
            var marker = Path.Combine(folder.Path, "finally.txt");
            var running = StartAsync("try { 'started'; while ($true) { Start-Sleep -Milliseconds 20 } }\nfinally { [IO.File]::WriteAllText($marker, 'ran') }", new Dictionary<string, object?> { ["marker"] = marker });
            await logs.OutputAsync("started");

            stop.Cancel();

            Assert.Equal(NodeOutcome.Cancelled, (await running.Within()).Outcome);
            Assert.Equal("ran", File.ReadAllText(marker));
        }

        [Fact]
        public async Task AnAlreadyCancelledToken_RunsNothing()
        {
            stop.Cancel();

            var result = await StartAsync("'ran'").Within();

            Assert.Equal(NodeOutcome.Cancelled, result.Outcome);
            Assert.Empty(logs.Logs);
        }

        [Fact]
        public async Task AStoppedNodesRunspace_RunsTheNextNode()
        {
            var running = StartAsync("'started'; while ($true) { Start-Sleep -Milliseconds 20 }");
            await logs.OutputAsync("started");
            stop.Cancel();
            var stopped = await running.Within();

            var next = await StartAsync("'next'", token: CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Succeeded, next.Outcome);
            Assert.Equal(stopped.Worker, next.Worker);
        }

        [FactOnLinux]
        public async Task Stop_KillsTheNativeChildProcess()
        {
            var running = StartAsync("sh -c 'echo $$; exec sleep 1000'");
            int pid = int.Parse(await logs.OutputAsync("*"));
            Assert.True(NativeProcesses.IsRunning(pid));

            stop.Cancel();

            Assert.Equal(NodeOutcome.Cancelled, (await running.Within()).Outcome);
            Assert.True(await NativeProcesses.EndedAsync(pid));
        }

        /// <summary>PowerShell's own Stop kills only the direct child; the orphaned grandchild is DagRunner's to kill.</summary>
        [FactOnLinux]
        public async Task Stop_KillsTheNativeGrandchildrenToo()
        {
            var running = StartAsync("sh -c 'sleep 1000 & echo $!; wait'");
            int grandchild = int.Parse(await logs.OutputAsync("*"));
            Assert.True(NativeProcesses.IsRunning(grandchild));

            stop.Cancel();

            Assert.Equal(NodeOutcome.Cancelled, (await running.Within()).Outcome);
            Assert.True(await NativeProcesses.EndedAsync(grandchild));
        }

        [Fact]
        public async Task AScriptThatIgnoresStop_IsLeftBehind_AndItsRunspaceIsNotReused()
        {
            executor.Dispose();
            executor = new RunspaceNodeExecutor(new RunspaceExecutorOptions { StopGracePeriod = TimeSpan.Zero });
            using var gate = new ManualResetEventSlim();
            var running = StartAsync("'started'; $gate.Wait()", new Dictionary<string, object?> { ["gate"] = gate });
            await logs.OutputAsync("started");

            stop.Cancel();
            var stopped = await running.Within();
            var next = await StartAsync("'next'", token: CancellationToken.None).Within();
            gate.Set();

            Assert.Equal(NodeOutcome.Cancelled, stopped.Outcome);
            Assert.Equal(NodeOutcome.Succeeded, next.Outcome);
            Assert.NotEqual(stopped.Worker, next.Worker);
            // The user is told the node was left running, and that its finally blocks may not run.
            Assert.Contains(logs.Texts(NodeLogStream.Warning), w => w.Contains("is left running") && w.Contains("finally"));
        }
    }
}
