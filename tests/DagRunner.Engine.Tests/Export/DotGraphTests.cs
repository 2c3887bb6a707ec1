using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Export;
using DagRunner.Engine.Planning;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class DotGraphTests
    {
        private const string Header =
            "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontname=\"Helvetica\", fontsize=11];\n" +
            "    edge [color=\"#555555\", arrowsize=0.7];\n";

        [Fact]
        public void Diamond_PlanOnly_HasOneRankPerLevelAndTheCriticalPathThick()
        {
            var text = DotGraph.Build(Diamond());

            Assert.Equal(
                "digraph \"diamond\" {\n" +
                "    graph [rankdir=TB, label=\"diamond\", labelloc=t, fontname=\"Helvetica\", fontsize=16];\n" +
                Header +
                "\n" +
                "    // level 0\n" +
                "    { rank=same;\n" +
                "        \"a\" [label=\"a\"];\n" +
                "    }\n" +
                "\n" +
                "    // level 1\n" +
                "    { rank=same;\n" +
                "        \"b\" [label=\"b\"];\n" +
                "        \"c\" [label=\"c\"];\n" +
                "    }\n" +
                "\n" +
                "    // level 2\n" +
                "    { rank=same;\n" +
                "        \"d\" [label=\"d\"];\n" +
                "    }\n" +
                "\n" +
                "    \"a\" -> \"b\" [penwidth=2.5];\n" +
                "    \"a\" -> \"c\";\n" +
                "    \"b\" -> \"d\" [penwidth=2.5];\n" +
                "    \"c\" -> \"d\";\n" +
                "}\n",
                text);
        }

        [Fact]
        public void Diamond_WithARun_FillsEachNodeByStatus()
        {
            var text = DotGraph.Build(Diamond(), RunStatuses.FromResult(DiamondRun()), GraphDirection.Right);

            Assert.Contains("    graph [rankdir=LR, label=\"diamond · Failed · 300 ms\",", text);
            Assert.Contains("        \"a\" [label=\"a\\nSucceeded · 100 ms\", fillcolor=\"#c8e6c9\", color=\"#2e7d32\", fontcolor=\"#000000\"];\n", text);
            Assert.Contains("        \"b\" [label=\"b\\nFailed · 3 attempts · 200 ms\", fillcolor=\"#ffcdd2\", color=\"#c62828\", fontcolor=\"#000000\"];\n", text);
            Assert.Contains("        \"d\" [label=\"d\\nSkipped (UpstreamFailed)\", fillcolor=\"#eeeeee\", color=\"#9e9e9e\", fontcolor=\"#616161\", style=\"rounded,filled,dashed\"];\n", text);
            Assert.Contains("    \"a\" -> \"b\" [penwidth=2.5];\n", text);
            Assert.Contains("    \"b\" -> \"d\";\n", text); // the run's critical path ended at b
        }

        [Fact]
        public void QuotesBackslashesAndConditions_AreEscaped()
        {
            var workflow = WithCondition("deploy-web1", "start", "$x -match \"\\d\"", TriggerRule.Failure);

            var text = DotGraph.Build(Planner.CreatePlan(workflow));

            Assert.Contains("        \"deploy-web1\" [label=\"deploy-web1\\nwhen: failure · if: $x -match \\\"\\\\d\\\"\"];\n", text);
            Assert.Contains("    \"start\" -> \"deploy-web1\" [style=dashed, penwidth=2.5];\n", text);
        }

        [Fact]
        public async Task AResumedRun_MarksRestoredNodesAsRestored_AndTimesOnlyThisSession()
        {
            var run = await ResumedForEachRun.RunAsync();

            var text = DotGraph.Build(run.Plan, RunStatuses.FromResult(run.Resumed));

            Assert.Contains("        \"deploy\" [label=\"deploy\\nforeach × 3\\nSucceeded (PreviouslyFailed) · 2.00 s\"", text);
            Assert.Contains("        \"prep\" [label=\"prep\\nSucceeded · restored\", fillcolor=\"#b2dfdb\"", text);
        }
    }
}
