using System;
using DagRunner.Engine.Export;
using Xunit;

namespace DagRunner.Engine.Tests.Export
{
    public class TimeTextTests
    {
        [Theory]
        [InlineData(0, "0 ms")]
        [InlineData(85.4, "85 ms")]
        [InlineData(999.6, "1.00 s")]
        [InlineData(1250, "1.25 s")]
        [InlineData(125_000, "2m 05s")]
        [InlineData(3_725_000, "1h 02m 05s")]
        public void Duration_ReadsAsPeopleWriteIt(double milliseconds, string expected)
            => Assert.Equal(expected, TimeText.Duration(TimeSpan.FromMilliseconds(milliseconds)));

        [Fact]
        public void WithOffset_WritesATimeOfTheRunInTheRunsOffset_AndAUtcTimeAsUtc()
        {
            // A run that started at 02:58 CEST counted on to 03:02 in that offset, while the wall clock went back to 02:02 CET:
            // the machine's zone gives 03:02 on that day +01:00, an hour off.
            Assert.Equal("2026-10-25T03:02:00.000+02:00", TimeText.WithOffset(new DateTime(2026, 10, 25, 3, 2, 0), TimeSpan.FromHours(2)));
            Assert.Equal("2026-10-25T01:02:00.000+00:00", TimeText.WithOffset(new DateTime(2026, 10, 25, 1, 2, 0, DateTimeKind.Utc), TimeSpan.FromHours(2)));
        }
    }
}
