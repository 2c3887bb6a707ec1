using System;
using System.Globalization;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// How many nodes may run at once: a positive count, or a name that scales with the machine.
    /// Low = 2, Medium = processor count, High = 4 × processor count, Unlimited = no cap of DagRunner's own.
    /// PowerShell binds <c>-Parallelism 4</c> and <c>-Parallelism High</c> through the constructor and <see cref="Parse"/>.
    /// </summary>
    public sealed class ParallelismSetting : IEquatable<ParallelismSetting>
    {
        /// <summary>The names accepted besides a number, for messages and tab completion.</summary>
        public static readonly string[] Names = { "Low", "Medium", "High", "Unlimited" };

        public static readonly ParallelismSetting Low = new ParallelismSetting(ParallelismLevel.Low, 0);
        public static readonly ParallelismSetting Medium = new ParallelismSetting(ParallelismLevel.Medium, 0);
        public static readonly ParallelismSetting High = new ParallelismSetting(ParallelismLevel.High, 0);
        public static readonly ParallelismSetting Unlimited = new ParallelismSetting(ParallelismLevel.Unlimited, 0);

        /// <summary>A fixed cap of <paramref name="count"/> nodes at once.</summary>
        public ParallelismSetting(int count)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "Parallelism must be at least 1.");
            }

            Level = ParallelismLevel.Count;
            Count = count;
        }

        private ParallelismSetting(ParallelismLevel level, int count)
        {
            Level = level;
            Count = count;
        }

        public ParallelismLevel Level { get; }

        /// <summary>The fixed count when <see cref="Level"/> is <see cref="ParallelismLevel.Count"/>; otherwise 0.</summary>
        public int Count { get; }

        /// <summary>Reads <c>4</c>, <c>low</c>, <c>Medium</c>, <c>HIGH</c>, <c>unlimited</c>; throws <see cref="FormatException"/> otherwise.</summary>
        public static ParallelismSetting Parse(string text)
            => TryParse(text, out var setting)
                ? setting!
                : throw new FormatException($"'{text}' is not a parallelism: use a positive integer or one of {string.Join(", ", Names)}.");

        public static bool TryParse(string? text, out ParallelismSetting? setting)
        {
            setting = null;
            var s = text?.Trim() ?? string.Empty;
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                setting = n >= 1 ? new ParallelismSetting(n) : null;
                return setting != null;
            }

            switch (s.ToLowerInvariant())
            {
                case "low": setting = Low; return true;
                case "medium": setting = Medium; return true;
                case "high": setting = High; return true;
                case "unlimited": setting = Unlimited; return true;
                default: return false;
            }
        }

        /// <summary>The cap for a machine with <paramref name="processorCount"/> processors; <see cref="int.MaxValue"/> when unlimited.</summary>
        public int Resolve(int processorCount)
        {
            processorCount = Math.Max(1, processorCount);
            switch (Level)
            {
                case ParallelismLevel.Count: return Count;
                case ParallelismLevel.Low: return 2;
                case ParallelismLevel.Medium: return processorCount;
                case ParallelismLevel.High: return 4 * processorCount;
                default: return int.MaxValue;
            }
        }

        /// <summary>The cap on this machine.</summary>
        public int Resolve() => Resolve(Environment.ProcessorCount);

        public override string ToString()
            => Level == ParallelismLevel.Count ? Count.ToString(CultureInfo.InvariantCulture) : Level.ToString();

        public bool Equals(ParallelismSetting? other) => other != null && Level == other.Level && Count == other.Count;

        public override bool Equals(object? obj) => Equals(obj as ParallelismSetting);

        public override int GetHashCode() => ((int)Level * 397) ^ Count;
    }

    /// <summary>The kinds of <see cref="ParallelismSetting"/>.</summary>
    public enum ParallelismLevel
    {
        Count,
        Low,
        Medium,
        High,
        Unlimited,
    }
}
