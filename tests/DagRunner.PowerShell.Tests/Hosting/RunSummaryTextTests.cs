using System;
using System.Linq;
using System.Text;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class RunSummaryTextTests
    {
        // The default view of a DagRunResult and summary.txt, for SampleRuns.Build.
        private const string ExpectedSummary =
            "Workflow 'build' Succeeded in 3.750s (run run1, Sequential, parallelism 1, peak 1)\n" +
            "\n" +
            "Node     Status     Reason             Tries      Start   Duration  Error\n" +
            "-------  ---------  -----------------  -----  ---------  ---------  -----\n" +
            "restore  Succeeded                         1    +0.000s     1.500s\n" +
            "docs     Succeeded                         1    +3.750s     0.000s\n" +
            "compile  Succeeded                         1    +1.500s     2.250s\n" +
            "lint     Failed     AllowedFailure         1    +3.750s     0.000s  lint broke\n" +
            "package  Succeeded                         1    +3.750s     0.000s\n" +
            "\n" +
            "Critical path: restore -> lint -> package\n" +
            "Efficiency:    100 %; bottleneck: restore (1.500s)\n";

        // Written to the host after Ctrl+C or SIGTERM.
        private const string ExpectedStopped =
            "Workflow 'build' Succeeded after 3.8s: 4 Succeeded, 1 Failed.\n" +
            "  restore  Succeeded\n" +
            "  docs     Succeeded\n" +
            "  compile  Succeeded\n" +
            "  lint     Failed     AllowedFailure\n" +
            "  package  Succeeded";

        [Fact]
        public void RunSummaryText_Format_ShowsARowPerNodeThenThePathAndEfficiency()
        {
            Assert.Equal(ExpectedSummary, Normalized(RunSummaryText.Format(SampleRuns.Build().Result)));
        }

        [Fact]
        public void RunSummaryText_Format_CountsTheNodesEachHostRan_LastAndOnlyWhenSomeRanOnAHost()
        {
            var result = SampleRuns.Build().Result;
            result["compile"]!.Host = "w2";
            result["restore"]!.Host = "w2";
            result["docs"]!.Host = "W1";

            var text = Normalized(RunSummaryText.Format(result));

            Assert.EndsWith("Efficiency:    100 %; bottleneck: restore (1.500s)\nHosts:         W1 1, w2 2 (nodes run on each)\n", text);
            Assert.Equal(ExpectedSummary, Normalized(RunSummaryText.Format(SampleRuns.Build().Result)));
        }

        [Fact]
        public void RunSummaryText_Format_UsesInvariantNumbers_UnderGermanCulture()
        {
            var result = SampleRuns.Build().Result;
            string text;
            using (CultureScope.German())
            {
                text = RunSummaryText.Format(result);
            }

            Assert.Equal(ExpectedSummary, Normalized(text));
        }

        [Fact]
        public void RunSummaryText_Stopped_NamesEachNodeWithItsStatusAndReason()
        {
            Assert.Equal(ExpectedStopped, Normalized(RunSummaryText.Stopped(SampleRuns.Build().Result)));
        }

        [Fact]
        public void RunSummaryText_Stopped_UsesInvariantNumbers_UnderGermanCulture()
        {
            var result = SampleRuns.Build().Result;
            string text;
            using (CultureScope.German())
            {
                text = RunSummaryText.Stopped(result);
            }

            Assert.Equal(ExpectedStopped, Normalized(text));
        }

        [Fact]
        public void RunSummaryText_Stopped_PastTheLimit_NamesTheFailedNodeFirstAndCountsTheRest()
        {
            int count = RunSummaryText.StoppedNodeLines + 5;
            var yaml = new StringBuilder("name: wide\nnodes:\n");
            for (int i = 0; i < count; i++)
            {
                yaml.Append("  n").Append(i).Append(":\n    run: 'x'\n");
            }

            var last = "n" + (count - 1);
            var result = ScriptedRun.Of(yaml.ToString(), script => script.Fails(last, "broke")).Result;

            var lines = Normalized(RunSummaryText.Stopped(result)).Split('\n');

            Assert.Equal($"Workflow 'wide' Failed after 0.0s: {count - 1} Succeeded, 1 Failed.", lines[0]);
            Assert.Equal($"  {last}  Failed", lines[1]);
            Assert.Equal(RunSummaryText.StoppedNodeLines, lines.Count(l => l.StartsWith("  n", StringComparison.Ordinal)));
            Assert.Equal("  ... and 5 more.", lines[^1]);
        }

        private static string Normalized(string text) => text.Replace(Environment.NewLine, "\n");
    }
}
