using System;
using System.Globalization;
using System.Text;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// Durations as workflow files write them: one or more <c>number unit</c> parts, largest unit first,
    /// such as <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5s</c>, <c>2d</c>; or <c>hh:mm:ss</c>.
    /// </summary>
    public static class DurationText
    {
        private static readonly (string Unit, double Milliseconds)[] Units =
        {
            ("d", 86_400_000d),
            ("h", 3_600_000d),
            ("m", 60_000d),
            ("s", 1_000d),
            ("ms", 1d),
        };

        /// <summary>The text the error message shows as valid examples.</summary>
        public const string Examples = "500ms, 30s, 5m, 1h30m or hh:mm:ss";

        /// <summary>Parses <paramref name="text"/>; false when it is not a valid, non-negative duration.</summary>
        public static bool TryParse(string? text, out TimeSpan duration)
        {
            duration = TimeSpan.Zero;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            var s = text!.Trim();
            if (s.IndexOf(':') >= 0)
            {
                return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
            }

            double totalMs = 0;
            int lastUnitRank = -1;
            int i = 0;
            while (i < s.Length)
            {
                int numberStart = i;
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.'))
                {
                    i++;
                }

                if (i == numberStart || !double.TryParse(s.Substring(numberStart, i - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return false;
                }

                int unitStart = i;
                while (i < s.Length && char.IsLetter(s[i]))
                {
                    i++;
                }

                var unit = s.Substring(unitStart, i - unitStart).ToLowerInvariant();
                int rank = Array.FindIndex(Units, u => u.Unit == unit);
                if (rank < 0 || rank <= lastUnitRank)
                {
                    return false; // unknown unit, missing unit, or units out of order (5m1h, 1s1s)
                }

                lastUnitRank = rank;
                totalMs += number * Units[rank].Milliseconds;
            }

            if (totalMs > TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(totalMs);
            return true;
        }

        /// <summary>The shortest text <see cref="TryParse"/> reads back as <paramref name="duration"/> (to the millisecond).</summary>
        public static string Format(TimeSpan duration)
        {
            if (duration <= TimeSpan.Zero)
            {
                return "0s";
            }

            var sb = new StringBuilder();
            long remaining = (long)Math.Round(duration.TotalMilliseconds);
            foreach (var (unit, ms) in Units)
            {
                long count = remaining / (long)ms;
                if (count > 0)
                {
                    sb.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                    remaining -= count * (long)ms;
                }
            }

            return sb.ToString();
        }
    }
}
