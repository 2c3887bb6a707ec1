using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Export;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Export
{
    public class MermaidGraphTests
    {
        [Fact]
        public void Diamond_PlanOnly_IsLevelsThenEdgesWithTheCriticalPathThick()
        {
            var text = MermaidGraph.Build(Diamond());

            Assert.Equal(
                "---\n" +
                "title: \"diamond\"\n" +
                "---\n" +
                "flowchart TD\n" +
                "    %% level 0\n" +
                "    n_a[\"a\"]\n" +
                "    %% level 1\n" +
                "    n_b[\"b\"]\n" +
                "    n_c[\"c\"]\n" +
                "    %% level 2\n" +
                "    n_d[\"d\"]\n" +
                "    n_a --> n_b\n" +
                "    n_a --> n_c\n" +
                "    n_b --> n_d\n" +
                "    n_c --> n_d\n" +
                "    linkStyle 0,2 stroke-width:3px\n",
                text);
        }

        [Fact]
        public void Diamond_WithARun_ColoursEachNodeByStatusAndDrawsTheRunsCriticalPath()
        {
            var text = MermaidGraph.Build(Diamond(), RunStatuses.FromResult(DiamondRun()), GraphDirection.Right);

            Assert.Equal(
                "---\n" +
                "title: \"diamond · Failed · 300 ms\"\n" +
                "---\n" +
                "flowchart LR\n" +
                "    %% level 0\n" +
                "    n_a[\"a<br/>Succeeded · 100 ms\"]\n" +
                "    %% level 1\n" +
                "    n_b[\"b<br/>Failed · 3 attempts · 200 ms\"]\n" +
                "    n_c[\"c<br/>Succeeded · 30 ms\"]\n" +
                "    %% level 2\n" +
                "    n_d[\"d<br/>Skipped (UpstreamFailed)\"]\n" +
                "    n_a --> n_b\n" +
                "    n_a --> n_c\n" +
                "    n_b --> n_d\n" +
                "    n_c --> n_d\n" +
                "    classDef succeeded fill:#c8e6c9,stroke:#2e7d32,color:#000000\n" +
                "    class n_a,n_c succeeded\n" +
                "    classDef failed fill:#ffcdd2,stroke:#c62828,color:#000000\n" +
                "    class n_b failed\n" +
                "    classDef skipped fill:#eeeeee,stroke:#9e9e9e,color:#616161,stroke-dasharray:4 3\n" +
                "    class n_d skipped\n" +
                "    linkStyle 0 stroke-width:3px\n",
                text);
        }

        [Fact]
        public void EveryStatusClass_HasItsOwnClassDef_AndAllowedFailureAndDegradedAreNotPlainFailedOrSucceeded()
        {
            var plan = Planner.CreatePlan(Dag("all", new[] { "ok", "degraded", "resumed", "failed", "allowed", "skipped", "cancelled", "notrun", "unknown" }));
            var run = Run(
                "all", DagRunStatus.Cancelled, 10, new string[0],
                Ran("ok", NodeStatus.Succeeded, 0, 1, 1),
                Ran("degraded", NodeStatus.Succeeded, 0, 1, 1, reason: NodeReason.Degraded),
                Ran("resumed", NodeStatus.Succeeded, 0, 1, 0, reason: NodeReason.Resumed),
                Ran("failed", NodeStatus.Failed, 0, 1, 1),
                Ran("allowed", NodeStatus.Failed, 0, 1, 1, reason: NodeReason.AllowedFailure),
                NotStarted("skipped", NodeStatus.Skipped, NodeReason.UpstreamSkipped),
                Ran("cancelled", NodeStatus.Cancelled, 0, 1, 1, reason: NodeReason.RunCancelled),
                NotStarted("notrun", NodeStatus.NotRun, NodeReason.RunCancelled));

            var lines = MermaidGraph.Build(plan, RunStatuses.FromResult(run)).Split('\n');

            Assert.Contains("    class n_ok succeeded", lines);
            Assert.Contains("    class n_degraded degraded", lines);
            Assert.Contains("    class n_resumed resumed", lines);
            Assert.Contains("    class n_failed failed", lines);
            Assert.Contains("    class n_allowed allowedFailure", lines);
            Assert.Contains("    class n_skipped skipped", lines);
            Assert.Contains("    class n_cancelled cancelled", lines);
            Assert.Contains("    class n_notrun notRun", lines);
            Assert.Contains("    n_unknown[\"unknown<br/>not in this run\"]", lines);
            Assert.DoesNotContain(lines, l => l.StartsWith("    class n_unknown", System.StringComparison.Ordinal));

            var fills = lines.Where(l => l.StartsWith("    classDef ", System.StringComparison.Ordinal)).Select(l => l.Split(' ')[6]).ToList();
            Assert.Equal(8, fills.Count);
            Assert.Equal(8, fills.Distinct().Count());
            Assert.Contains("    classDef failed fill:#ffcdd2,stroke:#c62828,color:#000000", lines);
            Assert.Contains("    classDef succeeded fill:#c8e6c9,stroke:#2e7d32,color:#000000", lines);
        }

        [Fact]
        public void IdsAreSafe_LabelsEscapeQuotesAndMarkup_AndConditionsAreMarked()
        {
            var workflow = WithCondition("deploy-web1", "deploy_web1", "$Needs.deploy_web1 -eq \"<b>\" # note", TriggerRule.Always);

            var text = MermaidGraph.Build(Planner.CreatePlan(workflow));

            // deploy-web1 and deploy_web1 would both be n_deploy_web1: the second gets a suffix.
            Assert.Contains("    n_deploy_web1[\"deploy_web1\"]\n", text);
            Assert.Contains("    n_deploy_web1_2[\"deploy-web1<br/>when: always · if: $Needs.deploy_web1 -eq #quot;#lt;b#gt;#quot; #35; note\"]\n", text);
            Assert.Contains("    n_deploy_web1 -.-> n_deploy_web1_2\n", text);
        }

        [Fact]
        public void ALongOrMultiLineCondition_IsOneLineCutToFortyCharacters()
        {
            var workflow = WithCondition("gate", "start", "$Needs.start.Count -gt 0 -and\n    $Needs.start.Items -contains 'something long'", TriggerRule.Success);

            var text = MermaidGraph.Build(Planner.CreatePlan(workflow));

            Assert.Contains("    n_gate[\"gate<br/>if: $Needs.start.Count -gt 0 -and $Needs.st…\"]\n", text);
            Assert.Contains("    n_start --> n_gate\n", text); // when: success keeps a plain arrow
        }

        [Fact]
        public void ReservedWordsAndArrowLetters_NeverBecomeIds()
        {
            var ids = MermaidText.Ids(new[] { "end", "o", "x-ray", "graph" });

            Assert.Equal(new[] { "n_end", "n_o", "n_x_ray", "n_graph" }, new[] { ids["end"], ids["o"], ids["x-ray"], ids["graph"] });
        }

        [Fact]
        public void TheTitle_IsQuotedForTheFrontMatter()
        {
            Assert.Equal("\"a: \\\"b\\\" \\\\ c\"", MermaidText.FrontMatterTitle("a: \"b\" \\ c"));
        }

        [Fact]
        public async Task AResumedRun_MarksRestoredNodesAsRestored_AndTimesOnlyThisSession()
        {
            var run = await ResumedForEachRun.RunAsync();

            var lines = MermaidGraph.Build(run.Plan, RunStatuses.FromResult(run.Resumed)).Split('\n');

            Assert.Contains("    n_deploy[\"deploy<br/>foreach × 3<br/>Succeeded (PreviouslyFailed) · 2.00 s\"]", lines);
            Assert.Contains("    n_prep[\"prep<br/>Succeeded · restored\"]", lines);
            Assert.Contains("    class n_prep resumed", lines);
        }
    }
}
