using System;

namespace DagRunner.Engine.Execution.Attempts
{
    /// <summary>The workflow's top-level <c>timeout:</c>: a point in time after which no attempt or retry wait starts.</summary>
    internal sealed class RunDeadline
    {
        private readonly TimeProvider clock;

        public RunDeadline(TimeProvider clock, TimeSpan? timeout)
        {
            this.clock = clock;
            Timeout = timeout;
            At = timeout.HasValue ? clock.GetUtcNow() + timeout.Value : (DateTimeOffset?)null;
        }

        public static RunDeadline None(TimeProvider clock) => new RunDeadline(clock, null);

        /// <summary>The run's timeout as written; null for none.</summary>
        public TimeSpan? Timeout { get; }

        public DateTimeOffset? At { get; }

        public bool Passed => At.HasValue && clock.GetUtcNow() >= At.Value;

        /// <summary>Time left; null when there is no deadline, zero once it passed.</summary>
        public TimeSpan? Remaining => At.HasValue ? Max(At.Value - clock.GetUtcNow(), TimeSpan.Zero) : (TimeSpan?)null;

        /// <summary>True when a wait of <paramref name="delay"/> starting now would end at or past the deadline.</summary>
        public bool Excludes(TimeSpan delay) => At.HasValue && clock.GetUtcNow() + delay >= At.Value;

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
