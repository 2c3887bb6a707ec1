using System;
using System.Linq;
using System.Text;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class TextFitTests
    {
        [Fact]
        public void TextFit_Wrap_BreaksBetweenWordsOnly()
        {
            var lines = TextFit.Wrap("Workflow 'build' Failed in 1.000s (run r1, Adaptive, parallelism 4)", 30, 28).ToArray();

            Assert.Equal(new[] { "Workflow 'build' Failed in", "1.000s (run r1, Adaptive,", "parallelism 4)" }, lines);
        }

        [Fact]
        public void TextFit_Wrap_CutsOnlyAWordWiderThanALine()
        {
            Assert.Equal(new[] { "see", "/a/very/lon", "g/path" }, TextFit.Wrap("see /a/very/long/path", 11, 11).ToArray());
        }

        [Fact]
        public void TextFit_AppendColumn_ContinuesTheCellUnderItself()
        {
            var sb = new StringBuilder();

            TextFit.AppendColumn(sb, "build  Failed  ", "the error message is long but it goes on", 15, 45);

            Assert.Equal("build  Failed  the error message is long but\n               it goes on\n", sb.ToString().Replace(Environment.NewLine, "\n"));
        }

        [Fact]
        public void TextFit_AppendColumn_TooNarrowAColumn_PutsTheCellOnItsOwnLines()
        {
            var sb = new StringBuilder();

            TextFit.AppendColumn(sb, new string('x', 60) + "  ", "Erroneous input at line 3", 62, 70);

            Assert.Equal(new string('x', 60) + "\n    Erroneous input at line 3\n", sb.ToString().Replace(Environment.NewLine, "\n"));
        }

        [Fact]
        public void RunSummaryText_FormatWithAWidth_FitsEveryLineAndKeepsEveryWord()
        {
            // 79: what the console host gives the formatter with stdout redirected (80, one column kept free).
            var result = ScriptedRun.Of(SampleWorkflows.Build, script => script.Fails("lint", "Erroneous configuration in lint rules: the analyzer stopped at rule CA2000 after 42 findings")).Result;

            var text = RunSummaryText.Format(result, 79).Replace(Environment.NewLine, "\n");

            Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 79, $"{line.Length} columns: '{line}'"));
            var words = text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("Erroneous", words);
            Assert.Contains("CA2000", words);
            Assert.Contains("Sequential,", words);
        }

        [Fact]
        public void RunSummaryText_FormatWithAWidth_SizesTheColumnsToTheirContent()
        {
            var result = SampleRuns.Build().Result;

            var lines = RunSummaryText.Format(result, 100).Replace(Environment.NewLine, "\n").Split('\n');

            // Reason is as wide as AllowedFailure, not the 17 columns summary.txt keeps for every reason.
            Assert.Equal("Node     Status     Reason          Tries    Start  Duration  Error", lines[2]);
            Assert.Equal("lint     Failed     AllowedFailure      1  +3.750s    0.000s  lint broke", lines[7]);
        }

        [Fact]
        public void RunSummaryText_FormatWithoutAWidth_IsTheUnfittedSummary()
        {
            var result = SampleRuns.Build().Result;

            Assert.Equal(RunSummaryText.Format(result), RunSummaryText.Format(result, 0));
        }
    }
}
