using System;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.Attempts
{
    /// <summary>
    /// The wait before the next attempt, exactly as docs/failure.md documents it: after attempt n fails, wait
    /// min(maxDelay, delay × 2^(n−1)) for exponential backoff, delay × n for linear, delay for constant;
    /// then jitter, clamped to maxDelay again.
    /// </summary>
    internal static class RetryDelay
    {
        /// <summary>
        /// Jitter spreads each wait uniformly over ±<see cref="JitterSpread"/> of itself, so many nodes failing
        /// together do not retry in lockstep. <value>The value is 0.25 (Polly's constant-jitter spread).</value>
        /// </summary>
        public const double JitterSpread = 0.25;

        /// <param name="failedAttempt">The attempt that just failed, 1-based.</param>
        /// <param name="random">A value in [0, 1) used only when jitter is on.</param>
        public static TimeSpan After(RetrySpec retry, int failedAttempt, double random)
        {
            if (failedAttempt < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(failedAttempt), failedAttempt, "Attempts are numbered from 1.");
            }

            double ms = retry.Delay.TotalMilliseconds;
            switch (retry.Backoff)
            {
                case BackoffKind.Linear:
                    ms *= failedAttempt;
                    break;
                case BackoffKind.Exponential:
                    // 2^(n-1) overflows TimeSpan long before it overflows a double; clamp below.
                    ms *= Math.Pow(2, Math.Min(failedAttempt - 1, 62));
                    break;
            }

            ms = Clamp(ms, retry.MaxDelay);
            if (retry.Jitter)
            {
                ms *= 1 - JitterSpread + (2 * JitterSpread * random);
                ms = Clamp(ms, retry.MaxDelay);
            }

            return TimeSpan.FromMilliseconds(ms);
        }

        private static double Clamp(double ms, TimeSpan? maxDelay)
        {
            double cap = Math.Min(maxDelay?.TotalMilliseconds ?? double.MaxValue, TimeSpan.MaxValue.TotalMilliseconds - 1);
            return Math.Max(0, Math.Min(ms, cap));
        }
    }
}
