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
    }
}
