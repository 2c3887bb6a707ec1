using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.State;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DagRunner.Engine.Tests.State
{
    /// <summary>One run at a time per workflow state, the holder named, a dead holder's lock taken over.</summary>
    public class RunLockTests : IDisposable
    {
        private readonly TempDirectory folder = new TempDirectory();
        private readonly StateFolder state;

        public RunLockTests()
        {
            state = StateFolder.Of(TestDag.Dag("a"), Path.Combine(folder.Path, ".dagrunner", "test.checkpoint.json"));
        }

        public void Dispose() => folder.Dispose();

        [Fact]
        public void ASecondRun_FailsAtOnce_NamingTheHolder()
        {
            using var first = RunLock.Acquire(state, "Invoke-Dag", TimeSpan.Zero);
            first.Describe("run-1");

            var refused = Assert.Throws<StateLockedException>(() => RunLock.Acquire(state, "Resume-Dag", TimeSpan.Zero));

            Assert.Equal("RunLocked", StateLockedException.ErrorId);
            Assert.NotNull(refused.Holder);
            Assert.Equal(Environment.ProcessId, refused.Holder!.ProcessId);
            Assert.Equal("run-1", refused.Holder.RunId);
            Assert.Equal("Invoke-Dag", refused.Holder.Command);
            Assert.Contains($"pid {Environment.ProcessId}", refused.Message);
            Assert.Contains("-LockTimeout", refused.Message);
            Assert.Equal(state.LockPath, refused.LockPath);
        }

        [Fact]
        public async Task ASecondRun_ThatMayWait_TakesTheLockWhenTheFirstLetsGo()
        {
            var first = RunLock.Acquire(state, "Invoke-Dag", TimeSpan.Zero);
            var second = Task.Run(() => RunLock.Acquire(state, "Resume-Dag", TimeSpan.FromMinutes(5)));

            first.Dispose();
            using var taken = await second.Within();

            Assert.Null(taken.TakenOverFrom); // let go properly: nothing to warn about
            Assert.Equal("Resume-Dag", state.ReadLockHolder()!.Command);
        }

        [Fact]
        public async Task AWaitThatRunsOut_FailsWithTheTimeWaited()
        {
            using var first = RunLock.Acquire(state, "Invoke-Dag", TimeSpan.Zero);
            var clock = new FakeTimeProvider(RunHarness.Epoch);
            var waiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Five minutes on the fake clock: the wait has begun, then the clock passes its end.
            var second = Task.Run(() => RunLock.Acquire(state, "Invoke-Dag", TimeSpan.FromMinutes(5), waiting: _ => waiting.TrySetResult(true), clock: clock));
            await waiting.Task.Within();
            Assert.False(second.IsCompleted);
            clock.Advance(TimeSpan.FromMinutes(5));

            var refused = await Assert.ThrowsAsync<StateLockedException>(() => second.Within());
            Assert.Equal(TimeSpan.FromMinutes(5), refused.Waited);
        }

        [Fact]
        public async Task CancellingAWait_StopsIt()
        {
            using var first = RunLock.Acquire(state, "Invoke-Dag", TimeSpan.Zero);
            using var cancel = new CancellationTokenSource();
            var waiting = Task.Run(() => RunLock.Acquire(state, "Invoke-Dag", Timeout.InfiniteTimeSpan, cancel.Token));

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        }

        [Fact]
        public void LettingGo_RemovesTheLabel_ButKeepsTheLockFile()
        {
            using (RunLock.Acquire(state, "Invoke-Dag", TimeSpan.Zero))
            {
                Assert.True(File.Exists(state.LockLabelPath));
            }

            Assert.False(File.Exists(state.LockLabelPath));
            Assert.Null(state.ReadLockHolder());
            Assert.True(File.Exists(state.LockPath)); // deleting it would let two runs lock two different files
        }

        [Fact]
        public void ALabelLeftByADeadProcess_IsTakenOver_AndSaysWhose()
        {
            var dead = DeadProcessId();
            Directory.CreateDirectory(state.Directory);
            new LockHolder(dead, Environment.MachineName, DateTimeOffset.UtcNow.AddHours(-1), "run-0", "Invoke-Dag").Write(state.LockLabelPath);

            using var session = state.OpenSession(resume: false, "Invoke-Dag", TimeSpan.Zero);

            Assert.Equal(dead, session.TakenOverFrom!.ProcessId);
            Assert.Contains($"pid {dead}", session.TakeOverWarning);
            Assert.Equal(Environment.ProcessId, state.ReadLockHolder()!.ProcessId);
        }

        [Fact]
        public void ARefusal_NeverNamesADeadHolder_WhoseLabelTheNewHolderHasNotReplacedYet()
        {
            // The new holder has the OS lock but has not written its label; the old label is a killed run's.
            Directory.CreateDirectory(state.Directory);
            var dead = DeadProcessId();
            new LockHolder(dead, Environment.MachineName, DateTimeOffset.UtcNow, "run-0", "Invoke-Dag").Write(state.LockLabelPath);
            using var holder = new FileStream(state.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

            var refused = Assert.Throws<StateLockedException>(() => RunLock.Acquire(state, "Resume-Dag", TimeSpan.Zero));

            Assert.Null(refused.Holder);
            Assert.DoesNotContain($"pid {dead}", refused.Message);
            Assert.DoesNotContain("Stop-Process", refused.Message);
        }

        [Fact]
        public void AHolderIsAlive_OnlyWhileItsProcessRuns()
        {
            var self = LockHolder.Current(DateTimeOffset.UtcNow, null, null);
            Assert.True(self.IsAlive());
            Assert.False(new LockHolder(DeadProcessId(), Environment.MachineName, DateTimeOffset.UtcNow).IsAlive());
            Assert.Null(new LockHolder(1, "another-machine-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow).IsAlive());

            // Same id, but a process that started at another time: the id was reused.
            var reused = new LockHolder(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow, processStartTime: DateTimeOffset.UtcNow.AddDays(-3));
            Assert.False(reused.IsAlive());
        }

        [FactOnLinux]
        public void AHolderIsAlive_WhenTheWallClockWasSteppedSinceItStarted()
        {
            // A clock step between the holder's start and a reader's first look moves .NET's StartTime by the step
            // (each process works it out from the boot time as it saw it); a live run then read as Interrupted.
            var self = LockHolder.Current(DateTimeOffset.UtcNow, null, null);
            var stepped = new LockHolder(
                self.ProcessId, self.HostName, self.Since, processStartTime: self.ProcessStartTime!.Value.AddSeconds(5),
                processStartTicks: self.ProcessStartTicks, bootId: self.BootId);
            stepped.Write(state.LockLabelPath);

            var read = state.ReadLockHolder()!;
            Assert.Equal(self.ProcessStartTicks, read.ProcessStartTicks);
            Assert.Equal(self.BootId, read.BootId);
            Assert.True(read.IsAlive());

            // The same id started at another tick, or in another boot, is another process.
            Assert.False(new LockHolder(self.ProcessId, self.HostName, self.Since, processStartTime: self.ProcessStartTime,
                processStartTicks: self.ProcessStartTicks - 1, bootId: self.BootId).IsAlive());
            Assert.False(new LockHolder(self.ProcessId, self.HostName, self.Since, processStartTime: self.ProcessStartTime,
                processStartTicks: self.ProcessStartTicks, bootId: Guid.NewGuid().ToString()).IsAlive());
        }

        [FactOnLinux]
        public void ALabelWithoutStartTicks_IsJudgedByItsStartTime()
        {
            // A label written before the ticks were kept, or on another system.
            var self = LockHolder.Current(DateTimeOffset.UtcNow, null, null);
            Assert.NotNull(self.ProcessStartTicks);
            Assert.True(new LockHolder(self.ProcessId, self.HostName, self.Since, processStartTime: self.ProcessStartTime).IsAlive());
            Assert.False(new LockHolder(self.ProcessId, self.HostName, self.Since, processStartTime: self.ProcessStartTime!.Value.AddSeconds(5)).IsAlive());
        }

        /// <summary>The id of a process that has ended.</summary>
        internal static int DeadProcessId()
        {
            using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            process.WaitForExit();
            return process.Id;
        }
    }
}
