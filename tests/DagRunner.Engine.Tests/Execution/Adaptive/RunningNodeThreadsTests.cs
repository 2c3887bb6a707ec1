using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Adaptive;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Execution.Runspaces;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Adaptive
{
    /// <summary>How Adaptive tells nodes that compute from nodes that wait, and why its own start-up is not load.</summary>
    public sealed class RunningNodeThreadsTests
    {
        private readonly FakeTimeProvider clock = new FakeTimeProvider();
        private readonly Dictionary<string, char> states = new Dictionary<string, char>();

        private RunningNodeThreads Threads() => new RunningNodeThreads(clock, path => states.TryGetValue(path, out var state) ? state : (char?)null);

        [Fact]
        public void OnlyNodesThatHaveSettled_AreRead_AndTheirShareStandsForAll()
        {
            var threads = Threads();
            states["1/task/11"] = 'R';
            states["1/task/12"] = 'S';
            using var computing = threads.Enter("1/task/11");
            using var waiting = threads.Enter("1/task/12");
            Assert.Equal((0, 0.0), threads.Classify()); // both just started: warming up, nothing told yet

            clock.Advance(RunningNodeThreads.SettleTime);
            states["1/task/13"] = 'R';
            states["1/task/14"] = 'R';
            using var young1 = threads.Enter("1/task/13");
            using var young2 = threads.Enter("1/task/14");

            // Half the settled nodes compute, so half of all four are taken to: the young ones' states are not read.
            Assert.Equal((2, 2.0), threads.Classify());
        }

        [Fact]
        public void ANodeThatEnded_NoLongerCounts_AndAnUnknownThreadNeverDoes()
        {
            var threads = Threads();
            states["1/task/11"] = 'R';
            var node = threads.Enter("1/task/11");
            using var elsewhere = threads.Enter(null); // not Linux: the thread is not known
            clock.Advance(RunningNodeThreads.SettleTime);
            Assert.Equal((1, 1.0), threads.Classify());

            node.Dispose();

            Assert.Equal((0, 0.0), threads.Classify());
        }

        [Fact]
        public void AThreadThatIsGone_IsNotRead()
        {
            var threads = Threads();
            states["1/task/11"] = 'S';
            using var waiting = threads.Enter("1/task/11");
            using var gone = threads.Enter("1/task/99"); // ended between the node's end and the read
            clock.Advance(RunningNodeThreads.SettleTime);

            Assert.Equal((2, 0.0), threads.Classify());
        }

        [Fact]
        public void BeyondTheReadLimit_TheReadShareIsScaled()
        {
            var threads = Threads();
            var nodes = new List<IDisposable>();
            for (int i = 0; i < RunningNodeThreads.MaxThreadsRead * 2; i++)
            {
                states["1/task/" + i] = 'R';
                nodes.Add(threads.Enter("1/task/" + i));
            }

            clock.Advance(RunningNodeThreads.SettleTime);

            Assert.Equal((RunningNodeThreads.MaxThreadsRead * 2, RunningNodeThreads.MaxThreadsRead * 2.0), threads.Classify());
            nodes.ForEach(n => n.Dispose());
        }

        [FactOnLinux]
        public void ALinuxThreadsState_TellsComputingFromWaiting()
        {
            using var release = new ManualResetEvent(false);
            using var spin = new CancellationTokenSource();
            string? waiter = null, spinner = null;
            var waiting = new Thread(() => { waiter = ThreadSelf(); release.WaitOne(); });
            var spinning = new Thread(() => { spinner = ThreadSelf(); while (!spin.IsCancellationRequested) { } });
            waiting.Start();
            spinning.Start();
            try
            {
                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref waiter) != null && Volatile.Read(ref spinner) != null, TimeSpan.FromSeconds(30)));

                Assert.Equal('R', LinuxProcStat.State(spinner!)); // running or runnable: always R
                Assert.True(SpinWait.SpinUntil(() => LinuxProcStat.State(waiter!) == 'S', TimeSpan.FromSeconds(30)));
            }
            finally
            {
                release.Set();
                spin.Cancel();
                waiting.Join();
                spinning.Join();
            }

            Assert.Null(LinuxProcStat.State(Environment.ProcessId + "/task/0")); // no such thread: gone, not an error
        }

        [FactOnLinux]
        public async Task ANodeCounts_WhileItsScriptRuns_AsComputingOrWaiting()
        {
            using var folder = new TempDirectory();
            var fifo = Path.Combine(folder.Path, "gate");
            Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { fifo } })!.WaitForExit(); // one argument, whatever the path holds
            var threads = new RunningNodeThreads(clock);
            var logs = new LogWatcher();
            using var executor = new RunspaceNodeExecutor(new RunspaceExecutorOptions { NodeThreads = threads });
            var workflow = Load.Valid("nodes:\n  a:\n    run: |\n      'started'\n      [IO.File]::ReadAllText($gate)\n");
            var run = executor.ExecuteAsync(NodeRequests.For(NodeRequests.Run(workflow, new Dictionary<string, object?> { ["gate"] = fifo }), "a", logs), CancellationToken.None);
            await logs.OutputAsync("started");
            clock.Advance(RunningNodeThreads.SettleTime);

            // Opening a FIFO that has no writer blocks: the node waits, as on a network or a disk.
            Assert.True(SpinWait.SpinUntil(() => threads.Classify() == (1, 0.0), TimeSpan.FromSeconds(30)));

            File.WriteAllText(fifo, "go");
            Assert.Equal(NodeOutcome.Succeeded, (await run.Within()).Outcome);
            Assert.Equal((0, 0.0), threads.Classify());
        }

        private static string ThreadSelf() => new FileInfo("/proc/thread-self").LinkTarget!;
    }
}
