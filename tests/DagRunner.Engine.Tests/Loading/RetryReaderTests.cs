using System;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class RetryReaderTests
    {
        [Fact]
        public void Number_IsShorthandForAttemptsWithDefaultWaits()
        {
            var retry = Load.Valid("nodes:\n  a:\n    run: x\n    retry: 3\n").Node("a").Retry;

            Assert.Equal(3, retry.Attempts);
            Assert.Equal(RetrySpec.None.Delay, retry.Delay);
            Assert.Equal(BackoffKind.Constant, retry.Backoff);
            Assert.Null(retry.MaxDelay);
            Assert.False(retry.Jitter);
        }

        [Fact]
        public void Mapping_SetsEveryField()
        {
            var retry = Load.Valid("""
                nodes:
                  a:
                    run: x
                    retry: { attempts: 4, delay: 500ms, backoff: Exponential, maxDelay: 30s, jitter: true }
                """).Node("a").Retry;

            Assert.Equal(4, retry.Attempts);
            Assert.Equal(TimeSpan.FromMilliseconds(500), retry.Delay);
            Assert.Equal(BackoffKind.Exponential, retry.Backoff);
            Assert.Equal(TimeSpan.FromSeconds(30), retry.MaxDelay);
            Assert.True(retry.Jitter);
        }

        [Fact]
        public void NodeWithoutRetry_RunsOnce()
        {
            Assert.Same(RetrySpec.None, Load.Valid("nodes:\n  a: { run: x }\n").Node("a").Retry);
        }

        [Theory]
        [InlineData("retry: 0", 4, 12)]
        [InlineData("retry: -1", 4, 12)]
        [InlineData("retry: 2.5", 4, 12)]
        [InlineData("retry: lots", 4, 12)]
        [InlineData("retry: { attempts: 0 }", 4, 24)]
        public void AttemptsBelowOneOrNotWhole_AreBadRetry(string retry, int line, int column)
        {
            Load.Yaml($"nodes:\n  a:\n    run: x\n    {retry}\n").SingleError(DiagnosticIds.BadRetry, line, column);
        }

        // 'retry: 0' is how GitLab and most CI tools say "no retry"; here it counts attempts.
        [Fact]
        public void RetryZero_SaysWhatTheNumberCounts()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    retry: 0\n").SingleError(DiagnosticIds.BadRetry, 4, 12);

            Assert.EndsWith("It counts attempts, the first included: 1 runs the node once, with no retry.", error.Message);
        }

        [Fact]
        public void UnknownBackoff_IsBadRetryWithTheNearestKind()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    retry: { attempts: 2, backoff: exponental }\n").SingleError(DiagnosticIds.BadRetry, 4, 36);

            Assert.Contains("'exponential'", error.Message);
        }

        [Fact]
        public void BadDelay_IsABadDuration()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    retry: { attempts: 2, delay: 2 }\n").SingleError(DiagnosticIds.BadDuration, 4, 34);
        }

        [Fact]
        public void UnknownKeyInRetry_IsReportedWithTheNearestKey()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    retry:\n      attempts: 2\n      maxdelay: 5s\n").SingleError(DiagnosticIds.UnknownKey, 6, 7);

            Assert.Contains("'maxDelay'", error.Message);
        }

        [Fact]
        public void RetryMappingWithoutAttempts_IsAMissingKey()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    retry: { delay: 1s }\n").SingleError(DiagnosticIds.MissingKey, 4, 5);
        }

        [Fact]
        public void RetryList_IsAWrongType()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    retry: [3]\n").SingleError(DiagnosticIds.WrongType, 4, 12);
        }

        [Fact]
        public void JitterThatIsNotABool_IsABadValue()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    retry: { attempts: 2, jitter: often }\n").SingleError(DiagnosticIds.BadValue, 4, 35);
        }
    }
}
