using System;
using System.Diagnostics;
using System.Threading;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// Stops the pwsh running a build's workflow the way Ctrl+C does, and waits for it to end. pwsh ignores Ctrl+C
    /// while it starts (until its script's pipeline runs), so until the run has reported its start the signal goes
    /// again every <see cref="ResendEvery"/>; once the run has started, one signal stops it (cleanup nodes run, the
    /// checkpoint records the stopped nodes as Cancelled) and the rest of the grace period is left for that.
    /// </summary>
    internal static class GracefulStop
    {
        /// <summary>How often Ctrl+C goes again while the run has not started. <value>The value is 200 ms.</value></summary>
        public static readonly TimeSpan ResendEvery = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// Sends Ctrl+C to <paramref name="processId"/> (read before each signal: the run's own report of its pwsh once
        /// it started, else the process the task started) and waits up to <paramref name="grace"/> in all for
        /// <paramref name="ended"/>. True when it ended in time; false at once when there was no process to signal.
        /// </summary>
        /// <param name="runStarted">True once pwsh runs its script (it reported the run's start, or it is a warm pwsh), so Ctrl+C reaches it.</param>
        /// <param name="send">Sends the signal; false when it could not (no such process).</param>
        /// <param name="sent">Whether any signal went.</param>
        public static bool Run(Func<int> processId, Func<bool> runStarted, Func<int, bool> send, ManualResetEventSlim ended, TimeSpan grace, out bool sent)
        {
            sent = false;
            var watch = Stopwatch.StartNew();
            while (true)
            {
                // Read before the signal: a run that had started when it went has surely seen it.
                var started = runStarted();
                var id = processId();
                var sentNow = id > 0 && send(id);
                if (!sentNow && !sent)
                {
                    return false;
                }

                sent = true;
                var left = grace - watch.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return ended.IsSet;
                }

                var sendAgain = sentNow && !started;
                if (ended.Wait(sendAgain && left > ResendEvery ? ResendEvery : left))
                {
                    return true;
                }

                if (!sendAgain)
                {
                    return false;
                }
            }
        }
    }
}
