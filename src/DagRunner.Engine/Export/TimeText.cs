using System;
using System.Globalization;

namespace DagRunner.Engine.Export
{
    /// <summary>Durations as people read them in a picture: <c>85 ms</c>, <c>1.25 s</c>, <c>2m 05s</c>.</summary>
    internal static class TimeText
    {
        public static string Duration(TimeSpan duration)
        {
            if (duration < TimeSpan.Zero)
            {
                duration = TimeSpan.Zero;
            }

            double ms = Math.Round(duration.TotalMilliseconds);
            if (ms < 1000)
            {
                return Invariant($"{ms:0} ms");
            }

            if (duration.TotalSeconds < 60)
            {
                return Invariant($"{duration.TotalSeconds:0.00} s");
            }

            var whole = TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds));
            return whole.TotalHours >= 1
                ? Invariant($"{(int)whole.TotalHours}h {whole.Minutes:00}m {whole.Seconds:00}s")
                : Invariant($"{whole.Minutes}m {whole.Seconds:00}s");
        }

        /// <summary>
        /// <paramref name="time"/>, a time of a run whose times are in <paramref name="offset"/>, as ISO 8601 with the
        /// offset. A run's times are all in the UTC offset it started in (its clock counts on from there: RunClock), so
        /// each takes that one, not the one the machine's zone has at that time of day, which after a daylight-saving
        /// change during the run is an hour off. A time that says its own kind (UTC, local) keeps its own.
        /// </summary>
        public static string WithOffset(DateTime time, TimeSpan offset)
        {
            var at = time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(time, offset) : new DateTimeOffset(time);
            return at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        }

        /// <summary>Microseconds from <paramref name="origin"/>: the unit of the Trace Event Format.</summary>
        public static long Microseconds(DateTime time, DateTime origin) => (time - origin).Ticks / 10;

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
