using System;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>Reads <c>retry:</c> — a number of attempts, or <c>{ attempts, delay, backoff, maxDelay, jitter }</c>.</summary>
    internal static class RetryReader
    {
        private const string Shape = "a number of attempts, or a mapping { attempts, delay, backoff, maxDelay, jitter }";

        private static readonly string[] BackoffNames = { "constant", "linear", "exponential" };

        /// <summary>The policy, or null when <c>retry:</c> is empty or its attempts are unusable (reported).</summary>
        public static RetrySpec? Read(RawEntry entry, ReadContext context)
        {
            switch (entry.Value)
            {
                case RawScalar scalar when scalar.IsNull:
                    return null;
                case RawScalar _:
                    var attempts = Attempts(entry, context);
                    return attempts == null ? null : new RetrySpec { Attempts = attempts.Value };
                case RawMapping mapping:
                    return ReadMapping(entry, mapping, context);
                default:
                    SettingReader.WrongShape(entry, Shape, context);
                    return null;
            }
        }

        private static RetrySpec? ReadMapping(RawEntry retry, RawMapping mapping, ReadContext context)
        {
            var keys = MappingKeys.Collect(mapping, MappingKeys.Retry, "in 'retry'", context);

            // Every key is read, so one load reports every problem of the mapping, not the first.
            int? attempts = null;
            if (!keys.TryGetValue("attempts", out var attemptsEntry))
            {
                context.Error(DiagnosticIds.MissingKey, retry.Key.Location, "'retry' has no 'attempts'. Add it: every attempt counts, the first included (attempts: 3 retries twice).");
            }
            else
            {
                attempts = Attempts(attemptsEntry, context);
            }

            TimeSpan? delay = keys.TryGetValue("delay", out var delayEntry) ? SettingReader.Duration(delayEntry, context, allowZero: true) : null;
            TimeSpan? maxDelay = keys.TryGetValue("maxDelay", out var maxEntry) ? SettingReader.Duration(maxEntry, context, allowZero: false) : null;
            bool? jitter = keys.TryGetValue("jitter", out var jitterEntry) ? SettingReader.Bool(jitterEntry, context) : null;
            BackoffKind? backoff = keys.TryGetValue("backoff", out var backoffEntry) ? Backoff(backoffEntry, context) : null;
            if (attempts == null)
            {
                return null;
            }

            return new RetrySpec
            {
                Attempts = attempts.Value,
                Delay = delay ?? RetrySpec.None.Delay,
                MaxDelay = maxDelay,
                Jitter = jitter ?? RetrySpec.None.Jitter,
                Backoff = backoff ?? RetrySpec.None.Backoff,
            };
        }

        private static int? Attempts(RawEntry entry, ReadContext context)
        {
            if (entry.Value is RawScalar scalar && !scalar.IsNull && !(ValueConverter.ScalarValue(scalar) is int))
            {
                context.Error(DiagnosticIds.BadRetry, scalar.Location, $"'{entry.Name}' must be a whole number of attempts (1 means no retry), not '{scalar.Text}'{SettingReader.QuotedHint(scalar)}.");
                return null;
            }

            return SettingReader.Int(entry, context, minimum: 1, id: DiagnosticIds.BadRetry, meaning: " It counts attempts, the first included: 1 runs the node once, with no retry.");
        }

        private static BackoffKind? Backoff(RawEntry entry, ReadContext context)
        {
            var scalar = SettingReader.Scalar(entry, "constant, linear or exponential", context);
            if (scalar == null)
            {
                return null;
            }

            var name = BackoffNames.FirstOrDefault(n => string.Equals(n, scalar.Text, StringComparison.OrdinalIgnoreCase));
            if (name == null)
            {
                context.Error(DiagnosticIds.BadRetry, scalar.Location, $"Unknown backoff '{scalar.Text}'. Use constant, linear or exponential.{NearestName.DidYouMean(scalar.Text, BackoffNames)}");
                return null;
            }

            return (BackoffKind)Array.IndexOf(BackoffNames, name);
        }
    }
}
