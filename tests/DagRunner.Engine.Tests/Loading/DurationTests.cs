using System;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class DurationTests
    {
        public static TheoryData<string, TimeSpan> ValidDurations => new TheoryData<string, TimeSpan>
        {
            { "500ms", TimeSpan.FromMilliseconds(500) },
            { "30s", TimeSpan.FromSeconds(30) },
            { "5m", TimeSpan.FromMinutes(5) },
            { "1h30m", TimeSpan.FromMinutes(90) },
            { "1.5s", TimeSpan.FromMilliseconds(1500) },
            { "2d", TimeSpan.FromDays(2) },
            { "00:05:00", TimeSpan.FromMinutes(5) },
            { "'45s'", TimeSpan.FromSeconds(45) },
        };

        [Theory]
        [MemberData(nameof(ValidDurations))]
        public void NodeTimeout_ReadsEveryDocumentedForm(string text, TimeSpan expected)
        {
            var node = Load.Valid($"nodes:\n  a:\n    run: x\n    timeout: {text}\n").Node("a");

            Assert.Equal(expected, node.Timeout);
        }

        [Theory]
        [InlineData("5x")]
        [InlineData("five minutes")]
        [InlineData("5m1h")]
        [InlineData("1s1s")]
        [InlineData("-5s")]
        public void BadNodeTimeout_IsReportedAtTheValue(string text)
        {
            var error = Load.Yaml($"nodes:\n  a:\n    run: x\n    timeout: {text}\n").SingleError(DiagnosticIds.BadDuration, 4, 14);

            Assert.Contains(text, error.Message);
        }

        [Fact]
        public void ZeroTimeout_IsReportedBecauseItWouldStopEveryAttemptAtOnce()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: 0s\n").SingleError(DiagnosticIds.BadDuration, 4, 14);
        }

        [Fact]
        public void NumberWithoutUnit_GetsAHintToAddOne()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: 30\n").SingleError(DiagnosticIds.BadDuration, 4, 14);

            Assert.Contains("unit", error.Message);
            Assert.Contains("30s", error.Message);
        }

        [Fact]
        public void Word_GetsNoUnitHint()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: soon\n").SingleError(DiagnosticIds.BadDuration, 4, 14);

            Assert.DoesNotContain("unit", error.Message);
        }

        [Fact]
        public void TopLevelAndDefaultsTimeouts_AreReadAndChecked()
        {
            var workflow = Load.Valid("timeout: 1h\ndefaults:\n  timeout: 10m\nnodes:\n  a: { run: x }\n");
            Assert.Equal(TimeSpan.FromHours(1), workflow.Timeout);
            Assert.Equal(TimeSpan.FromMinutes(10), workflow.Node("a").Timeout);

            Load.Yaml("timeout: 1hour\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadDuration, 1, 10);
            Load.Yaml("defaults:\n  timeout: 10\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadDuration, 2, 12);
        }
    }
}
