using System;
using System.Threading;
using DagRunner.Engine.Utils;
using Xunit;

namespace DagRunner.Engine.Tests.Utils
{
    /// <summary>A run's times are on one scale: its start on the wall clock, then elapsed time, in its starting offset.</summary>
    public class RunClockTests
    {
        [Fact]
        public void AcrossTheAutumnChange_LocalTimesCountOnInTheOffsetTheRunStartedIn()
        {
            var wall = DaylightSaving.WallClockBeforeTheAutumnChange();
            var clock = RunClock.Start(wall);
            var start = clock.GetLocalNow();
            Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 58, 0, TimeSpan.FromHours(2)), start);

            wall.Advance(TimeSpan.FromMinutes(4));

            Assert.Equal(new DateTime(2026, 10, 25, 2, 2, 0), wall.GetLocalNow().DateTime); // the wall clock went back an hour
            Assert.Equal(new DateTimeOffset(2026, 10, 25, 3, 2, 0, TimeSpan.FromHours(2)), clock.GetLocalNow());
            Assert.Equal(TimeSpan.FromMinutes(4), clock.GetLocalNow().DateTime - start.DateTime);
            Assert.Equal(wall.GetUtcNow(), clock.GetUtcNow());
            Assert.Equal(TimeSpan.FromHours(2), clock.GetLocalNow().Offset);
        }

        [Fact]
        public void ItsTimersAndTimestamps_AreTheWrappedClocks()
        {
            var wall = DaylightSaving.WallClockBeforeTheAutumnChange();
            var clock = RunClock.Start(wall);
            long before = clock.GetTimestamp();
            using var fired = new ManualResetEventSlim();
            using var timer = clock.CreateTimer(_ => fired.Set(), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

            wall.Advance(TimeSpan.FromSeconds(29));
            Assert.False(fired.IsSet);
            wall.Advance(TimeSpan.FromSeconds(1));

            Assert.True(fired.IsSet);
            Assert.Equal(TimeSpan.FromSeconds(30), clock.GetElapsedTime(before));
        }

        [Fact]
        public void ARunClock_StartedAgain_IsTheSameClock()
        {
            var clock = RunClock.Start(DaylightSaving.WallClockBeforeTheAutumnChange());

            Assert.Same(clock, RunClock.Start(clock));
        }

        [Fact]
        public void InUtc_LocalTimesAreUtcTimes()
        {
            var clock = RunClock.Start(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DaylightSaving.BeforeTheAutumnChange));

            Assert.Equal(TimeSpan.Zero, clock.GetLocalNow().Offset);
            Assert.Equal(DaylightSaving.BeforeTheAutumnChange.UtcDateTime, clock.GetLocalNow().DateTime);
        }
    }
}
