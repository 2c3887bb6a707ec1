using System;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class PlanTextTests
    {
        // What -WhatIf shows for SampleWorkflows.Build with fractional estimates (as history gives them).
        private const string Expected =
            "Plan for workflow 'build': 5 nodes in 3 levels, width 2, parallelism 4, mode Parallel.\n" +
            "  level 0:\n" +
            "    * restore\n" +
            "      docs\n" +
            "  level 1:\n" +
            "    * compile  needs restore  priority 2\n" +
            "      lint     needs restore  continueOnError\n" +
            "  level 2:\n" +
            "    * package  needs compile, lint  if $true\n" +
            "Critical path (*): restore -> compile -> package (2.25 of 3.25 seconds, estimates: History).";

        [Fact]
        public void PlanText_ListsLevelsNodesAndCriticalPath()
        {
            Assert.Equal(Expected, Normalized(Format()));
        }

        [Fact]
        public void PlanText_HasNoTrailingSpaces()
        {
            foreach (var line in Normalized(Format()).Split('\n'))
            {
                Assert.Equal(line.TrimEnd(), line);
            }
        }

        [Fact]
        public void PlanText_UsesInvariantNumbers_UnderGermanCulture()
        {
            string text;
            using (CultureScope.German())
            {
                text = Format();
            }

            Assert.EndsWith("(2.25 of 3.25 seconds, estimates: History).", text);
        }

        [Fact]
        public void PlanText_UnlimitedParallelism_IsSaidInWords()
        {
            var text = PlanText.Format(Plan(), int.MaxValue, ExecutionMode.Adaptive);

            Assert.StartsWith("Plan for workflow 'build': 5 nodes in 3 levels, width 2, parallelism unlimited, mode Adaptive.", text);
        }

        private static string Format() => PlanText.Format(Plan(), 4, ExecutionMode.Parallel);

        private static ExecutionPlan Plan()
            => Planner.CreatePlan(Workflows.Load(SampleWorkflows.Build), estimate: n => n.Id == "compile" ? 1.25 : 0.5, estimateSource: "History");

        [Fact]
        public void PlanText_CountsUnits_WithoutHistory()
        {
            var plan = Planner.CreatePlan(Workflows.Load(SampleWorkflows.Build));

            Assert.EndsWith("units, estimates: Default).", PlanText.Format(plan, int.MaxValue, ExecutionMode.Adaptive).TrimEnd());
        }

        private static string Normalized(string text) => text.Replace(Environment.NewLine, "\n");
    }
}
