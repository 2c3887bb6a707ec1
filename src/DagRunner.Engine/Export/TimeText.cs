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

        /// <summary>Microseconds from <paramref name="origin"/>: the unit of the Trace Event Format.</summary>
        public static long Microseconds(DateTime time, DateTime origin) => (time - origin).Ticks / 10;

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
