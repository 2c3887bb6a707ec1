using System;
using System.Diagnostics;
using System.Linq;
using DagRunner.Engine.State;
using DagRunner.Engine.Utils;
using Xunit;

namespace DagRunner.Engine.Tests.State
{
    /// <summary>
    /// Finding what a dead lock holder left running, by the mark in its processes' environment: real processes, each
    /// started here with the mark of a made-up holder (the dead run's pwsh is played by its label alone).
    /// </summary>
    public sealed class LeftoverProcessesTests : IDisposable
    {
        private const long Ticks = 4242;
        private readonly Process? marked;

        public LeftoverProcessesTests()
        {
            if (OperatingSystem.IsLinux())
            {
                marked = Sleep($"999999:{Ticks}");
            }
        }

        public void Dispose()
        {
            if (marked != null && !marked.HasExited)
            {
                marked.Kill();
                marked.WaitForExit();
            }

            marked?.Dispose();
        }

        [FactOnLinux]
        public void AProcessCarryingTheDeadHoldersMark_IsFound_WithItsCommandLine()
        {
            var found = LeftoverProcesses.Of(Holder(999999, Ticks));

            var leftover = Assert.Single(found, p => p.ProcessId == marked!.Id);
            Assert.EndsWith("sleep 4245.5", leftover.CommandLine);
        }

        [FactOnLinux]
        public void ADifferentHolder_AnotherBootOrAnotherHost_FindsNothing()
        {
            Assert.DoesNotContain(LeftoverProcesses.Of(Holder(999999, Ticks + 1)), p => p.ProcessId == marked!.Id); // a pid reused later
            Assert.Empty(LeftoverProcesses.Of(Holder(999999, Ticks, bootId: "another-boot")));
            Assert.Empty(LeftoverProcesses.Of(Holder(999999, Ticks, host: "elsewhere")));
            Assert.Empty(LeftoverProcesses.Of(new LockHolder(999999, Environment.MachineName, DateTimeOffset.UtcNow))); // a label without its start: no mark was made
        }

        [Fact]
        public void TheWarning_NamesFiveProcesses_AndCountsTheRest()
        {
            var seven = Enumerable.Range(1, 7).Select(i => (i, "cmd" + i)).ToList();

            Assert.Equal("1 (cmd1), 2 (cmd2), 3 (cmd3), 4 (cmd4), 5 (cmd5) and 2 more", LeftoverProcesses.Describe(seven));
            Assert.Equal("1 (cmd1)", LeftoverProcesses.Describe(seven.Take(1).ToList()));
        }

        [FactOnLinux]
        public void Mark_PutsTheHolderInThisProcesssEnvironment_ForWhatItStarts()
        {
            var before = Environment.GetEnvironmentVariable(LeftoverProcesses.Variable);
            try
            {
                LeftoverProcesses.Mark(Holder(31337, 77));

                Assert.Equal("31337:77", Environment.GetEnvironmentVariable(LeftoverProcesses.Variable));
            }
            finally
            {
                Environment.SetEnvironmentVariable(LeftoverProcesses.Variable, before);
            }
        }

        private static LockHolder Holder(int pid, long ticks, string? bootId = null, string? host = null)
            => new LockHolder(pid, host ?? Environment.MachineName, DateTimeOffset.UtcNow, processStartTicks: ticks, bootId: bootId ?? LinuxProcStat.BootId());

        private static Process Sleep(string mark)
        {
            var start = new ProcessStartInfo("sleep", "4245.5") { UseShellExecute = false };
            start.Environment[LeftoverProcesses.Variable] = mark;
            return Process.Start(start)!;
        }
    }
}
