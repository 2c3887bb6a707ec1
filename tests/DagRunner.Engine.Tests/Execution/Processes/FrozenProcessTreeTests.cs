using System;
using System.Diagnostics;
using System.Threading.Tasks;
using DagRunner.Engine.Execution.Processes;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Processes
{
    /// <summary>Killing a stopped node's frozen processes: all of them, and only once PowerShell's Stop has done its part.</summary>
    public sealed class FrozenProcessTreeTests : IDisposable
    {
        private static readonly TimeSpan Forever = TimeSpan.FromHours(1);
        private readonly ForkingThread? forking;
        private readonly int grandchild;
        private readonly FrozenProcessTree tree = FrozenProcessTree.Empty;

        /// <summary>On Linux, a shell and its background sleep, started by a thread of their own and frozen.</summary>
        public FrozenProcessTreeTests()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            forking = new ForkingThread("sleep 1000 & echo $!; wait");
            grandchild = forking.ReadPid();
            tree = NativeProcessTree.Freeze(forking.TaskPath);
        }

        private int Shell => forking!.Shell!.Id;

        public void Dispose() => forking?.Dispose();

        [FactOnLinux]
        public async Task KillAfterStop_KillsEveryFrozenProcess_OnceThePipelineHasEnded()
        {
            int killed = await tree.KillAfterStopAsync(Task.CompletedTask, Forever).Within();

            Assert.Equal(2, killed);
            Assert.True(await NativeProcesses.EndedAsync(Shell));
            Assert.True(await NativeProcesses.EndedAsync(grandchild));
        }

        [FactOnLinux]
        public async Task KillAfterStop_WaitsForPowerShellToEndTheDirectChild_ThenKillsTheRest()
        {
            var never = new TaskCompletionSource<bool>().Task;

            var killing = tree.KillAfterStopAsync(never, Forever);
            Assert.False(killing.IsCompleted);
            Assert.True(NativeProcesses.IsRunning(grandchild));
            FrozenProcessTree.Signal(Shell, FrozenProcessTree.SigKill); // what PowerShell's Stop does

            await killing.Within();
            Assert.True(await NativeProcesses.EndedAsync(grandchild));
        }

        [FactOnLinux]
        public async Task KillAfterStop_KillsAnyway_WhenItsPatienceRunsOut()
        {
            var never = new TaskCompletionSource<bool>().Task;

            int killed = await tree.KillAfterStopAsync(never, TimeSpan.Zero).Within();

            Assert.Equal(2, killed);
            Assert.True(await NativeProcesses.EndedAsync(grandchild));
        }

        [Fact]
        public async Task AnEmptyTree_KillsNothing_AndDoesNotWait()
        {
            var never = new TaskCompletionSource<bool>().Task;

            Assert.Equal(0, await FrozenProcessTree.Empty.KillAfterStopAsync(never, Forever).Within());
        }

        [FactOnLinux]
        public void Signal_SaysFalse_ForAProcessThatIsGone()
        {
            using var done = Process.Start("true")!;
            done.WaitForExit();

            Assert.False(FrozenProcessTree.Signal(done.Id, FrozenProcessTree.SigKill));
            Assert.Null(DagRunner.Engine.Utils.LinuxProcStat.State(done.Id));
        }
    }
}
