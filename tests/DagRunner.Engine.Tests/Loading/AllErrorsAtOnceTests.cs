using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    /// <summary>One load reports every problem of a file, each at its own position, not the first one only.</summary>
    public class AllErrorsAtOnceTests
    {
        [Fact]
        public void ARetryMapping_ReportsEveryBadKey()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: 1\n    retry: { attempts: 0, backoff: quadratic, delay: soon }\n");

            var errors = result.Errors.Select(e => (e.Id, e.Location.Line, e.Location.Column)).OrderBy(e => e.Column).ToList();
            Assert.Equal(
                new[] { (DiagnosticIds.BadRetry, 4, 24), (DiagnosticIds.BadRetry, 4, 36), (DiagnosticIds.BadDuration, 4, 54) },
                errors);
        }

        [Fact]
        public void ARetryWithoutAttempts_StillChecksItsOtherKeys()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: 1\n    retry: { backoff: quadratic }\n");

            Assert.Equal(new[] { DiagnosticIds.BadRetry, DiagnosticIds.MissingKey }, result.Errors.Select(e => e.Id).OrderBy(i => i));
        }

        [Theory]
        [InlineData("retry: \"3\"", "'retry'")]
        [InlineData("retry: { attempts: '3' }", "'attempts'")]
        public void AQuotedNumber_SaysItIsQuoted(string setting, string key)
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: 1\n    " + setting + "\n").Errors.Single();

            Assert.Equal(DiagnosticIds.BadRetry, error.Id);
            Assert.Contains(key, error.Message);
            Assert.Contains("(quoted, so it is text: remove the quotes)", error.Message);
        }

        [Fact]
        public void AWord_IsNotCalledQuoted()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: 1\n    retry: 'thrice'\n").Errors.Single();

            Assert.DoesNotContain("quoted", error.Message);
        }

        [Theory]
        [InlineData("nodes:\n  a:\n    run: 1\n  b:\n\trun: 2\n", 5, 1)]
        [InlineData("nodes:\n  a:\n    run: 1\n    needs:\n    \t- b\n  b: { run: 2 }\n", 5, 5)]
        [InlineData("nodes:\r\n  a:\r\n    run: 1\r\n  b:\r\n  \trun: 2\r\n", 5, 3)]
        public void ATabUsedForIndentation_IsReportedAtTheTab(string yaml, int line, int column)
        {
            var error = Load.Yaml(yaml).SingleError(DiagnosticIds.YamlSyntax, line, column);

            Assert.Contains("tab", error.Message);
            Assert.Contains("spaces only", error.Message);
        }
    }
}
