using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// One run at a time per workflow state: an exclusive operating-system lock on <c>&lt;checkpoint&gt;.lock</c>,
    /// held from before the checkpoint is read until the run has written its last state file. The kernel lets go of
    /// it when the process ends, however it ends (kill -9, a crash, a reboot), so a lock is never stale; the holder's
    /// label (<see cref="LockHolder"/>, in <c>&lt;checkpoint&gt;.lock.json</c>) only words the messages.
    /// </summary>
    /// <remarks>
    /// A <see cref="FileStream"/> opened with <see cref="FileShare.None"/> is that lock: flock(LOCK_EX) on Unix, a
    /// sharing mode on Windows (Terraform's local state lock works the same way). The lock file is never deleted:
    /// deleting it would let a waiter lock the old file while a newcomer locks a new one. A label found when the lock
    /// is taken was left by a holder that died: the run takes over and says so.
    /// </remarks>
    internal sealed class RunLock : IDisposable
    {
        /// <summary>How often a waiting run tries again. <value>The value is 100 ms.</value></summary>
        internal static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// How long a run refused the lock waits, whatever its timeout, for the holder's label: a holder writes it
        /// just after taking the lock, and the error should name it. <value>The value is 2 seconds.</value>
        /// </summary>
        internal static readonly TimeSpan LabelGrace = TimeSpan.FromSeconds(2);

        private readonly FileStream stream;
        private readonly string labelPath;
        private LockHolder holder;
        private bool disposed;

        private RunLock(FileStream stream, string labelPath, LockHolder holder, LockHolder? takenOverFrom)
        {
            this.stream = stream;
            this.labelPath = labelPath;
            this.holder = holder;
            TakenOverFrom = takenOverFrom;
        }

        /// <summary>The holder that died holding the lock before this run took it; null when it was let go properly.</summary>
        public LockHolder? TakenOverFrom { get; }

        /// <summary>This run, as the label says.</summary>
        public LockHolder Holder => holder;

        /// <summary>
        /// Takes the lock of <paramref name="folder"/>, waiting up to <paramref name="timeout"/> (zero: not at all) for
        /// another run to let it go.
        /// </summary>
        /// <param name="waiting">Called once, with who holds the lock, when this run has to wait for it.</param>
        /// <exception cref="StateLockedException">Another run held it for the whole wait.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
        /// <exception cref="IOException">The lock file cannot be created (folder not writable).</exception>
        public static RunLock Acquire(
            StateFolder folder, string? command, TimeSpan timeout, CancellationToken cancellationToken = default, Action<LockHolder?>? waiting = null, TimeProvider? clock = null)
        {
            Guard.NotNull(folder);
            if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The lock timeout must not be negative.");
            }

            clock ??= TimeProvider.System;
            var started = clock.GetTimestamp();
            Directory.CreateDirectory(folder.Directory);
            while (true)
            {
                var stream = TryOpen(folder.LockPath);
                if (stream != null)
                {
                    return Take(stream, folder, command, clock);
                }

                var waited = clock.GetElapsedTime(started);
                if (timeout != Timeout.InfiniteTimeSpan && waited >= timeout)
                {
                    // A label whose process is gone was left by a holder that died: the process that holds the lock now
                    // took it a moment ago and is about to write its own. Wait for that, so the error names the right one.
                    var label = LockHolder.Read(folder.LockLabelPath);
                    bool current = label != null && label.IsAlive() != false;
                    if (current || waited >= LabelGrace)
                    {
                        throw new StateLockedException(folder.WorkflowName, folder.LockPath, current ? label : null, timeout);
                    }
                }

                if (waiting != null)
                {
                    var label = LockHolder.Read(folder.LockLabelPath);
                    waiting(label != null && label.IsAlive() != false ? label : null);
                    waiting = null;
                }

                var pause = timeout == Timeout.InfiniteTimeSpan || waited >= timeout ? RetryInterval : Min(RetryInterval, timeout - waited);
                if (cancellationToken.WaitHandle.WaitOne(pause))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        /// <summary>Puts the run id on the label once it is known (a resume learns it from the checkpoint, read under the lock).</summary>
        public void Describe(string runId)
        {
            holder = holder.WithRunId(Guard.NotNull(runId));
            TryWriteLabel(holder, labelPath);
        }

        /// <summary>Lets go: the label first (a label without a lock means its holder died), then the lock.</summary>
        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            AtomicFile.TryDelete(labelPath);
            stream.Dispose();
        }

        private static RunLock Take(FileStream stream, StateFolder folder, string? command, TimeProvider clock)
        {
            try
            {
                var previous = LockHolder.Read(folder.LockLabelPath);
                var holder = LockHolder.Current(clock.GetUtcNow(), null, command);
                LeftoverProcesses.Mark(holder);
                TryWriteLabel(holder, folder.LockLabelPath);
                return new RunLock(stream, folder.LockLabelPath, holder, previous);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>The lock, or null when another process holds it.</summary>
        private static FileStream? TryOpen(string path)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                return null;
            }
        }

        /// <summary>A sharing violation: EWOULDBLOCK from flock on Linux (11) and macOS (35), ERROR_SHARING_VIOLATION/LOCK_VIOLATION on Windows.</summary>
        private static bool IsHeldElsewhere(IOException e)
        {
            if (e is FileNotFoundException || e is DirectoryNotFoundException || e is PathTooLongException)
            {
                return false;
            }

            int code = e.HResult & 0xFFFF;
            return RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? code == 32 || code == 33 : code == 11 || code == 35;
        }

        /// <summary>The label only words messages: failing to write it never fails the run.</summary>
        private static void TryWriteLabel(LockHolder holder, string path)
        {
            try
            {
                holder.Write(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Without a label, a second run says "another process" instead of its pid.
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }
}
