using System;

namespace DagRunner.Engine.Definition
{
    /// <summary>The <c>retry:</c> of a node or of <c>defaults:</c>.</summary>
    public sealed class RetrySpec
    {
        /// <summary>No retry: one attempt.</summary>
        public static readonly RetrySpec None = new RetrySpec();

        /// <summary>Every attempt, the first included. <value>The default value is 1 (no retry).</value></summary>
        public int Attempts { get; init; } = 1;

        /// <summary>The base wait between attempts. <value>The default value is 2 seconds.</value></summary>
        public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>How the wait grows. <value>The default value is <see cref="BackoffKind.Constant"/>.</value></summary>
        public BackoffKind Backoff { get; init; } = BackoffKind.Constant;

        /// <summary>The longest wait, after backoff and jitter. <value>The default value is null (no cap).</value></summary>
        public TimeSpan? MaxDelay { get; init; }

        /// <summary>Randomise each wait to spread retries of many nodes. <value>The default value is false.</value></summary>
        public bool Jitter { get; init; }

        public override string ToString()
            => Attempts <= 1 ? "none" : $"{Attempts} attempts, {Backoff.ToString().ToLowerInvariant()} {DurationText.Format(Delay)}";
    }
}
