using System;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class GitHubSummaryTests
    {
        [Fact]
        public void GitHubSummary_Build_HasARowPerNodeThePathAndTheColouredGraph()
        {
            var run = SampleRuns.Build();

            var text = GitHubSummary.Build(run.Result, run.Plan).Replace(Environment.NewLine, "\n");

            Assert.StartsWith("### ✅ Workflow 'build' Succeeded in 3.750s\n\n| Node | Status | Reason | Attempts | Duration |\n", text);
            Assert.Contains("| restore | ✅ Succeeded |  | 1 | 1.500s |\n", text);
            Assert.Contains("| lint | ❌ Failed | AllowedFailure | 1 | 0.000s |\n", text);
            Assert.Contains("**Critical path:** restore → lint → package\n", text);
            Assert.Contains("**Efficiency:** 100 % · **Bottleneck:** restore (1.500s)\n", text);
            Assert.Contains("```mermaid\n---\ntitle:", text);
            Assert.Contains("classDef allowedFailure", text);
            Assert.EndsWith("```\n\n", text);
        }

        [Theory]
        [InlineData("a|b", "a\\|b")]
        [InlineData("line\nnext", "line next")]
        [InlineData("back\\slash", "back\\\\slash")]
        public void GitHubSummary_Cell_KeepsTheTextInItsCell(string text, string expected)
        {
            Assert.Equal(expected, GitHubSummary.Cell(text));
        }
    }
}
