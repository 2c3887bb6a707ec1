using System;
using System.Threading;
using System.Threading.Tasks;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// After Ctrl+C: <c>when: always</c> cleanup nodes start once every stopped node is back, and may run for the
    /// grace period; after it, a cleanup node still waiting does not start and running ones are stopped.
    /// </summary>
    internal sealed class CleanupWindow : IDisposable
    {
        private readonly TimeProvider clock;
        private readonly TimeSpan gracePeriod;
        private CancellationTokenSource? window;

        public CleanupWindow(TimeProvider clock, TimeSpan gracePeriod)
        {
            this.clock = clock;
            this.gracePeriod = gracePeriod;
        }

        /// <summary>Whether a ready cleanup node may start now, with <paramref name="running"/> nodes still running.</summary>
        /// <param name="token">The token it runs under: cancelled when the grace period is over.</param>
        public CleanupStart Decide(int running, out CancellationToken token)
        {
            token = CancellationToken.None;
            if (window == null && running > 0)
            {
                return CleanupStart.NotYet; // the stopped nodes are not all back
            }

            window ??= clock.CreateCancellationTokenSource(gracePeriod);
            token = window.Token;
            return window.IsCancellationRequested ? CleanupStart.Closed : CleanupStart.Now;
        }

        /// <summary>Stops the cleanup that runs (the scheduler failed).</summary>
        public void Cancel() => window?.Cancel();

        public void Dispose() => window?.Dispose();
    }

    /// <summary>What <see cref="CleanupWindow.Decide"/> allows.</summary>
    internal enum CleanupStart
    {
        /// <summary>Wait: nodes stopped by Ctrl+C are still coming back.</summary>
        NotYet,

        /// <summary>Start it, under the window's token.</summary>
        Now,

        /// <summary>The grace period is over: it does not start (NotRun, RunCancelled).</summary>
        Closed,
    }
}
