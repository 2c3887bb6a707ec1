using System;
using System.Globalization;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>Durations as the module prints them: <c>350ms</c>, <c>1.23s</c>, <c>2m05s</c>.</summary>
    internal static class Durations
    {
        public static string Format(long milliseconds)
        {
            if (milliseconds < 0)
            {
                milliseconds = 0;
            }

            if (milliseconds < 1000)
            {
                return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
            }

            if (milliseconds < 60_000)
            {
                return (milliseconds / 1000.0).ToString("0.##", CultureInfo.InvariantCulture) + "s";
            }

            var time = TimeSpan.FromMilliseconds(milliseconds);
            return time.TotalHours >= 1
                ? string.Format(CultureInfo.InvariantCulture, "{0}h{1:00}m{2:00}s", (int)time.TotalHours, time.Minutes, time.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0}m{1:00}s", time.Minutes, time.Seconds);
        }
    }
}
