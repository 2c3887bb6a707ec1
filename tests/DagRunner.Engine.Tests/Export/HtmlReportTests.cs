using System;
using System.Collections;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DagRunner.Engine.Export;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;
using static DagRunner.Engine.Tests.TestSupport.ResultSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class HtmlReportTests
    {
        private const string DataStart = "<script type=\"application/json\" id=\"dag-data\">";

        private static string Page(DagRunResult result, Func<string, string?>? logOf = null, ExecutionPlan? plan = null)
            => HtmlReport.Build(ResultReport.FromResult(result, workflow: null, logOf), RunFacts.FromResult(result, "build01"), plan);

        /// <summary>The page's data element, parsed as the page's script parses it.</summary>
        private static JsonElement Data(string page)
        {
            int start = page.IndexOf(DataStart, StringComparison.Ordinal) + DataStart.Length;
            int end = page.IndexOf("</script>", start, StringComparison.Ordinal);
            using var document = JsonDocument.Parse(page.Substring(start, end - start));
            return document.RootElement.Clone();
        }

        private static JsonElement Node(JsonElement data, string name)
            => data.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("n").GetString() == name);

        [Fact]
        public void EveryNode_InTheData_WithItsStatusReasonAndColourClass()
        {
            var result = EveryStatus();

            var data = Data(Page(result));

            Assert.Equal(result.Nodes.Select(n => n.Name), data.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("n").GetString()));
            Assert.All(result.Nodes, r => Assert.Equal(r.Status.ToString(), Node(data, r.Name).GetProperty("s").GetString()));
            Assert.Equal("TimedOut", Node(data, "slow").GetProperty("r").GetString());
            Assert.Equal("allowedFailure", Node(data, "lint").GetProperty("c").GetString());
            Assert.Equal("degraded", Node(data, "flaky").GetProperty("c").GetString());
            Assert.Equal(JsonValueKind.Null, Node(data, "package").GetProperty("t0").ValueKind);
        }

        [Fact]
        public void Facts_OfAResult_ParallelismEfficiencyBottleneckCriticalPathHost()
        {
            var result = DiamondRun();
            result.Efficiency = 0.625;
            result.Bottleneck = "b";

            var data = Data(Page(result));

            Assert.Equal("diamond", data.GetProperty("workflow").GetString());
            Assert.Equal("20261125T100000Z-abcd", data.GetProperty("runId").GetString());
            Assert.Equal("Failed", data.GetProperty("status").GetString());
            Assert.True(data.GetProperty("unlimited").GetBoolean());
            Assert.Equal(2, data.GetProperty("peak").GetInt32());
            Assert.Equal(0.625, data.GetProperty("efficiency").GetDouble());
            Assert.Equal("b", data.GetProperty("bottleneck").GetString());
            Assert.Equal(new[] { "a", "b" }, data.GetProperty("criticalPath").EnumerateArray().Select(e => e.GetString()));
            Assert.False(data.GetProperty("criticalPathEstimated").GetBoolean());
            Assert.Equal("build01", data.GetProperty("host").GetString());
            Assert.Equal(0.3, data.GetProperty("duration").GetDouble());
        }

        [Fact]
        public void Page_SelfContained_LayoutLibraryInlined_NothingFetched()
        {
            var page = Page(DiamondRun(), plan: Diamond());

            Assert.Contains("default-src 'none'", page); // the page's own policy: no request even if something tried
            Assert.Contains("var dagre=", page);
            Assert.DoesNotContain("/*{{", page);
            Assert.DoesNotMatch(new Regex(@"<(script|img|link|iframe)[^>]*\s(src|href)\s*=", RegexOptions.IgnoreCase), page);
            Assert.DoesNotContain("sourceMappingURL", page);
        }

        [Fact]
        public void Edges_FromThePlan_NeedToDependent()
        {
            var data = Data(Page(DiamondRun(), plan: Diamond()));

            var edges = data.GetProperty("edges").EnumerateArray().Select(e => e[0].GetString() + ">" + e[1].GetString()).ToList();
            Assert.Equal(new[] { "a>b", "a>c", "b>d", "c>d" }, edges.OrderBy(e => e, StringComparer.Ordinal));
            Assert.True(data.GetProperty("hasGraph").GetBoolean());
            Assert.Equal(2, Node(data, "d").GetProperty("lv").GetInt32());
        }

        [Fact]
        public void WithoutAPlan_NoEdges_ForEachInstancesStillGrouped()
        {
            var data = Data(Page(EveryStatus()));

            Assert.Equal(0, data.GetProperty("edges").GetArrayLength());
            Assert.False(data.GetProperty("hasGraph").GetBoolean());
            Assert.True(Node(data, "deploy").GetProperty("isGroup").GetBoolean());
            Assert.Equal("deploy", Node(data, "deploy[web02]").GetProperty("g").GetString());
        }

        [Fact]
        public void NameAndLogWithScriptEndTagAndMarkup_StayDataThatCannotEndItsElement()
        {
            const string name = "x</script><img src=x onerror=alert(1)>";
            const string log = "2026-11-25 10:00:00.000 [output] </SCRIPT><b>bold</b> & \"quoted\" 'single'\n";
            var page = Page(Run("esc", DagRunStatus.Failed, 100, new[] { name }, Ran(name, NodeStatus.Failed, 0, 100, worker: 1, error: "<!-- </script> -->")), n => log);
            var template = Page(Run("esc", DagRunStatus.Succeeded, 100, Array.Empty<string>(), Ran("plain", NodeStatus.Succeeded, 0, 100, worker: 1)));

            Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<!--", page, StringComparison.Ordinal);
            Assert.Equal(Regex.Matches(template, "</script", RegexOptions.IgnoreCase).Count, Regex.Matches(page, "</script", RegexOptions.IgnoreCase).Count);
            var node = Data(page).GetProperty("nodes")[0];
            Assert.Equal(name, node.GetProperty("n").GetString()); // read back exactly, as the page shows it (textContent)
            Assert.Equal(log, node.GetProperty("log").GetString());
            Assert.Equal("<!-- </script> -->", node.GetProperty("err").GetProperty("m").GetString());
        }

        [Fact]
        public void SecretInErrorOutputAndLog_MaskedAsTheEngineMasksResults_NeverReachesThePage()
        {
            const string secret = "hunter2-Pa55word";
            var masker = new SecretMasker(new[] { secret });
            var node = WithOutput(Ran("login", NodeStatus.Failed, 0, 100, worker: 1, error: $"bad password {secret}"), new Hashtable { ["token"] = secret });
            MaskedResults.Mask(node, masker);

            var page = Page(Run("ci", DagRunStatus.Failed, 100, Array.Empty<string>(), node), n => masker.Apply($"using {secret}\n"));

            Assert.DoesNotContain(secret, page);
            var data = Node(Data(page), "login");
            Assert.Equal("bad password ***", data.GetProperty("err").GetProperty("m").GetString());
            Assert.Contains("***", data.GetProperty("out").GetString());
            Assert.Equal("using ***\n", data.GetProperty("log").GetString());
        }

        [Fact]
        public void RetriedNode_EachAttemptItsOwnBar_FromTheRunsStart()
        {
            var data = Node(Data(Page(EveryStatus())), "test");

            var tries = data.GetProperty("tries").EnumerateArray().ToList();
            Assert.Equal(2, tries.Count);
            Assert.Equal(new long[] { 0, 100 }, new[] { tries[0][0].GetInt64(), tries[0][1].GetInt64() });
            Assert.Equal(new long[] { 150, 250 }, new[] { tries[1][0].GetInt64(), tries[1][1].GetInt64() });
            Assert.Equal("2", tries[1][2].GetString());
            Assert.Equal("Failed", tries[1][3].GetString());
            Assert.Equal("Expected 3 but got 4", tries[1][4].GetString());
            Assert.Equal("/work/flows/ci.dag.yaml", data.GetProperty("err").GetProperty("file").GetString());
            Assert.Equal(12, data.GetProperty("err").GetProperty("line").GetInt32());
        }

        [Fact]
        public void RestoredNode_MarkedRestored_NoAttemptsDrawn()
        {
            var restored = Ran("build", NodeStatus.Succeeded, -60_000, -50_000, worker: 0, reason: NodeReason.Resumed);
            var data = Data(Page(Run("ci", DagRunStatus.Succeeded, 100, new[] { "test" }, restored, Ran("test", NodeStatus.Succeeded, 0, 100, worker: 1))));

            Assert.True(Node(data, "build").GetProperty("restored").GetBoolean());
            Assert.False(Node(data, "build").TryGetProperty("tries", out _));
            Assert.Equal("resumed", Node(data, "build").GetProperty("c").GetString());
            Assert.False(Node(data, "test").TryGetProperty("restored", out _));
        }

        [Fact]
        public void Checkpoint_NoRunWideFigures_CriticalPathIsThePlansEstimate()
        {
            var checkpoint = Checkpoint(DagRunStatus.Interrupted, CheckpointNode("a", NodeStatus.Succeeded, endMs: 100), CheckpointNode("b", NodeStatus.Interrupted, startMs: 100));
            var plan = Diamond();

            var data = Data(HtmlReport.Build(ResultReport.FromCheckpoint(checkpoint, null), RunFacts.FromCheckpoint(plan, "build01"), plan));

            Assert.Equal("checkpoint", data.GetProperty("source").GetString());
            Assert.Equal(JsonValueKind.Null, data.GetProperty("parallelism").ValueKind);
            Assert.Equal(JsonValueKind.Null, data.GetProperty("efficiency").ValueKind);
            Assert.True(data.GetProperty("criticalPathEstimated").GetBoolean());
            Assert.Equal(plan.CriticalPath, data.GetProperty("criticalPath").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(JsonValueKind.Null, Node(data, "b").GetProperty("t1").ValueKind);
        }
    }
}
