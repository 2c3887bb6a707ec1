using System;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Attempts;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Attempts
{
    public class RetryDelayTests
    {
        private static RetrySpec Spec(BackoffKind backoff, double delaySeconds = 2, double? maxDelaySeconds = null, bool jitter = false) => new RetrySpec
        {
            Attempts = 10,
            Delay = TimeSpan.FromSeconds(delaySeconds),
            Backoff = backoff,
            MaxDelay = maxDelaySeconds.HasValue ? TimeSpan.FromSeconds(maxDelaySeconds.Value) : null,
            Jitter = jitter,
        };

        [Theory]
        [InlineData(BackoffKind.Constant, 1, 2)]
        [InlineData(BackoffKind.Constant, 5, 2)]
        [InlineData(BackoffKind.Linear, 1, 2)]
        [InlineData(BackoffKind.Linear, 2, 4)]
        [InlineData(BackoffKind.Linear, 3, 6)]
        [InlineData(BackoffKind.Exponential, 1, 2)]
        [InlineData(BackoffKind.Exponential, 2, 4)]
        [InlineData(BackoffKind.Exponential, 3, 8)]
        [InlineData(BackoffKind.Exponential, 4, 16)]
        public void WaitBeforeTheNextAttempt_FollowsTheBackoffFormula(BackoffKind backoff, int failedAttempt, double expectedSeconds)
            => Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryDelay.After(Spec(backoff), failedAttempt, random: 0.5));

        [Fact]
        public void MaxDelay_CapsTheGrowth()
        {
            var spec = Spec(BackoffKind.Exponential, delaySeconds: 2, maxDelaySeconds: 10);
            Assert.Equal(TimeSpan.FromSeconds(8), RetryDelay.After(spec, 3, 0.5));
            Assert.Equal(TimeSpan.FromSeconds(10), RetryDelay.After(spec, 4, 0.5));
            Assert.Equal(TimeSpan.FromSeconds(10), RetryDelay.After(spec, 60, 0.5));
        }

        [Fact]
        public void HugeAttemptNumbers_DoNotOverflow()
            => Assert.True(RetryDelay.After(Spec(BackoffKind.Exponential), 1000, 0.5) > TimeSpan.FromDays(1000));

        [Theory]
        [InlineData(0.0, 3.0)]
        [InlineData(0.5, 4.0)]
        [InlineData(0.999999, 5.0)]
        public void Jitter_SpreadsTheWaitByAQuarterEitherWay(double random, double expectedSeconds)
        {
            var wait = RetryDelay.After(Spec(BackoffKind.Exponential, jitter: true), 2, random);
            Assert.Equal(expectedSeconds, wait.TotalSeconds, precision: 3);
        }

        [Fact]
        public void Jitter_IsClampedToMaxDelayAgain()
        {
            var spec = Spec(BackoffKind.Constant, delaySeconds: 10, maxDelaySeconds: 10, jitter: true);
            Assert.Equal(TimeSpan.FromSeconds(10), RetryDelay.After(spec, 1, 0.999));
            Assert.Equal(TimeSpan.FromSeconds(7.5), RetryDelay.After(spec, 1, 0.0));
        }

        [Fact]
        public void Attempts_AreNumberedFromOne()
            => Assert.Throws<ArgumentOutOfRangeException>(() => RetryDelay.After(Spec(BackoffKind.Constant), 0, 0.5));
    }
}
