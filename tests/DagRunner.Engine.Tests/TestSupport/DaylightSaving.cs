using System;
using Microsoft.Extensions.Time.Testing;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// A zone with Central Europe's daylight-saving rules, built here so tests do not depend on the machine's time zone
    /// data, and the autumn change of 2026 in it: at 03:00 CEST (01:00 UTC) on 25 October the clocks go back to 02:00 CET.
    /// </summary>
    internal static class DaylightSaving
    {
        public static readonly TimeZoneInfo CentralEurope = TimeZoneInfo.CreateCustomTimeZone(
            "Test/Central Europe",
            TimeSpan.FromHours(1),
            "Central Europe (test)",
            "CET",
            "CEST",
            new[]
            {
                TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                    DateTime.MinValue.Date,
                    DateTime.MaxValue.Date,
                    TimeSpan.FromHours(1),
                    TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
                    TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday)),
            });

        /// <summary>02:58 CEST, two minutes before the clocks go back an hour.</summary>
        public static readonly DateTimeOffset BeforeTheAutumnChange = new DateTimeOffset(2026, 10, 25, 0, 58, 0, TimeSpan.Zero);

        /// <summary>A fake wall clock in <see cref="CentralEurope"/> at <see cref="BeforeTheAutumnChange"/>.</summary>
        public static FakeTimeProvider WallClockBeforeTheAutumnChange()
        {
            var clock = new FakeTimeProvider(BeforeTheAutumnChange);
            clock.SetLocalTimeZone(CentralEurope);
            return clock;
        }
    }
}
