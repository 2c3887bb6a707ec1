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
        public void Node_timeout_reads_every_documented_form(string text, TimeSpan expected)
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
        public void Bad_node_timeout_is_reported_at_the_value(string text)
        {
            var error = Load.Yaml($"nodes:\n  a:\n    run: x\n    timeout: {text}\n").SingleError(DiagnosticIds.BadDuration, 4, 14);

            Assert.Contains(text, error.Message);
        }

        [Fact]
        public void Zero_timeout_is_reported_because_it_would_stop_every_attempt_at_once()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: 0s\n").SingleError(DiagnosticIds.BadDuration, 4, 14);
        }

        [Fact]
        public void Number_without_unit_gets_a_hint_to_add_one()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: 30\n").SingleError(DiagnosticIds.BadDuration, 4, 14);

            Assert.Contains("unit", error.Message);
            Assert.Contains("30s", error.Message);
        }

        [Fact]
        public void Word_gets_no_unit_hint()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: soon\n").SingleError(DiagnosticIds.BadDuration, 4, 14);

            Assert.DoesNotContain("unit", error.Message);
        }

        [Fact]
        public void Top_level_and_defaults_timeouts_are_read_and_checked()
        {
            var workflow = Load.Valid("timeout: 1h\ndefaults:\n  timeout: 10m\nnodes:\n  a: { run: x }\n");
            Assert.Equal(TimeSpan.FromHours(1), workflow.Timeout);
            Assert.Equal(TimeSpan.FromMinutes(10), workflow.Node("a").Timeout);

            Load.Yaml("timeout: 1hour\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadDuration, 1, 10);
            Load.Yaml("defaults:\n  timeout: 10\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadDuration, 2, 12);
        }
    }
}
