using System;
using System.Threading;

namespace DagRunner.Engine.Utils
{
    /// <summary>
    /// A run's clock: the wall clock once, when the run starts, then counted on by the monotonic timestamp of the
    /// clock it wraps, in the UTC offset the run started in. Every time a run takes (node starts and ends, attempts,
    /// log lines, the live view's "now", the checkpoint's times) is then on one scale, so an end minus a start is how
    /// long it took even when the wall clock jumps meanwhile: read from the wall clock each time, a node that ran
    /// across the autumn daylight-saving change lasted minus 56 minutes, and an NTP step went into every duration.
    /// </summary>
    /// <remarks>
    /// The price: after such a jump, a run's times go on in its starting offset instead of following the wall clock
    /// (a node that ended at 02:02 by the clock, one hour after the change, reads 03:02). Timers and timestamps are the
    /// wrapped clock's, so a fake clock in tests drives this one too.
    /// </remarks>
    internal sealed class RunClock : TimeProvider
    {
        private readonly TimeProvider inner;
        private readonly DateTimeOffset startUtc;
        private readonly long startTimestamp;
        private readonly TimeZoneInfo zone;

        private RunClock(TimeProvider inner)
        {
            this.inner = inner;
            startTimestamp = inner.GetTimestamp();
            var start = inner.GetLocalNow();
            startUtc = start.ToUniversalTime();
            zone = start.Offset == TimeSpan.Zero
                ? TimeZoneInfo.Utc
                : TimeZoneInfo.CreateCustomTimeZone("DagRunner run " + start.Offset, start.Offset, "UTC offset at the run's start", "UTC offset at the run's start");
        }

        /// <summary>A clock for a run that starts now, on <paramref name="clock"/>; <paramref name="clock"/> itself when it already is one.</summary>
        public static TimeProvider Start(TimeProvider clock) => Guard.NotNull(clock) as RunClock ?? new RunClock(clock);

        public override DateTimeOffset GetUtcNow() => startUtc + inner.GetElapsedTime(startTimestamp);

        public override TimeZoneInfo LocalTimeZone => zone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => inner.CreateTimer(callback, state, dueTime, period);
    }
}
