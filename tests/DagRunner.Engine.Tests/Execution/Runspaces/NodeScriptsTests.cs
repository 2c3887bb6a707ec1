using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    public class NodeScriptsTests
    {
        private static NodeScriptInfo Info(string run) => new NodeScripts().For(new NodeDefinition
        {
            Id = "n",
            Run = new ScriptSource(run, new SourceLocation("/w.yaml", 3, 10), isBlock: false),
        });

        /// <summary>The same script loaded from a workflow file: the validator has parsed it and left its shape.</summary>
        private static NodeScriptInfo Loaded(string run)
        {
            var workflow = Load.Valid("nodes:\n  n:\n    run: |\n" + string.Concat(run.Split('\n').Select(line => "      " + line + "\n")));
            Assert.NotNull(workflow.Nodes[0].Run!.Shape);
            return new NodeScripts().For(workflow.Nodes[0]);
        }

        private static NodeScriptInfo For(NodeScripts scripts, string id, string run)
            => scripts.For(new NodeDefinition { Id = id, Run = new ScriptSource(run, default, false) });

        [Theory]
        [InlineData("$global:x = 1")]
        [InlineData("$script:count++")]
        [InlineData("Set-Variable -Name x -Value 1 -Scope Global")]
        [InlineData("sv x 1")]
        [InlineData("Invoke-Expression '$y = 2'")]
        [InlineData(". ./helpers.ps1")]
        [InlineData("& { $global:deep = 1 }")]
        [InlineData("function global:helper { 1 }")]
        [InlineData("filter script:keep { $_ }")]
        [InlineData("${function:global:helper} = { 1 }")]
        public void ScriptsThatCanWriteGlobalState_AreFlagged(string run)
        {
            Assert.True(Info(run).TouchesGlobalState);
            Assert.True(Loaded(run).TouchesGlobalState);
        }

        [Theory]
        [InlineData("$x = 1 + 1")]
        [InlineData("function helper { 'local' }; helper")]
        [InlineData(". { $local = 1 }")]
        [InlineData("$Config.Region = 'eu'")]
        [InlineData("Set-Location /tmp")]
        [InlineData("Get-Variable x")]
        [InlineData("${env:PATH} + ':/opt'")]
        public void ScriptsThatOnlyTouchTheirOwnScope_AreNotFlagged(string run)
        {
            Assert.False(Info(run).TouchesGlobalState);
            Assert.False(Loaded(run).TouchesGlobalState);
        }

        [Fact]
        public void TheSameText_GetsTheSameFunction_AndADifferentTextAnother()
        {
            var scripts = new NodeScripts();
            var (a, b, c) = (For(scripts, "a", "'x'"), For(scripts, "b", "'x'"), For(scripts, "c", "'y'"));
            Assert.StartsWith("__dag_", a.FunctionName);
            Assert.Equal(a.FunctionName, b.FunctionName);
            Assert.NotEqual(a.FunctionName, c.FunctionName);
        }

        [Fact]
        public void ATextsFirstTwoRunsAreScripts_LaterRunsOfItAreTheFunction_WhicheverNodeRunsThem()
        {
            var scripts = new NodeScripts();
            var (a, b, c) = (For(scripts, "a", "'x'"), For(scripts, "b", "'x'"), For(scripts, "c", "'y'"));

            Assert.False(a.RanTwiceBefore()); // the first run of 'x' is a plain script
            Assert.False(b.RanTwiceBefore()); // another node with the same text: still a plain script
            Assert.True(a.RanTwiceBefore());  // a retry of the first node, the text's third run: the function
            Assert.True(b.RanTwiceBefore());  // and from then on
            Assert.False(c.RanTwiceBefore()); // another text counts on its own
        }

        [Theory]
        [InlineData("using namespace System.IO\n[Path]::GetTempPath()")]
        [InlineData("#requires -Version 7\n'x'")]
        public void ScriptsThatOnlyWorkAtTheTopOfAScript_AreNotMadeFunctions(string run)
        {
            Assert.Null(Info(run).FunctionName);
            Assert.Null(Loaded(run).FunctionName);
        }

        [Fact]
        public void NodesSharingARunText_EachGetTheirOwnAnswer_ForWhatTheyDoNotShare()
        {
            var scripts = new NodeScripts();
            var run = new ScriptSource("$x = 1", new SourceLocation("/w.yaml", 3, 10), isBlock: false);
            var plain = new NodeDefinition { Id = "a", Run = run };
            var withGlobalCondition = new NodeDefinition
            {
                Id = "b",
                Run = run,
                Condition = new ScriptSource("$global:seen = $true", new SourceLocation("/w.yaml", 5, 10), isBlock: false),
            };

            var first = scripts.For(plain);
            var second = scripts.For(withGlobalCondition);

            Assert.False(first.TouchesGlobalState);
            Assert.True(second.TouchesGlobalState);
            Assert.Equal(first.FunctionName, second.FunctionName);
            Assert.False(scripts.For(plain).TouchesGlobalState);
        }

        [Fact]
        public void AValidatedScript_IsNotParsedAgain_TheValidatorsShapeIsWhatCounts()
        {
            // The text alone looks harmless; the shape the validator left says otherwise, and is what the run reads.
            var run = new ScriptSource("$x = 1", default, false) { Shape = ScriptShape.Parse("$global:x = 1") };
            var condition = new ScriptSource("$true", default, false) { Shape = ScriptShape.Parse("$global:seen") };

            Assert.True(new NodeScripts().For(new NodeDefinition { Id = "a", Run = run }).TouchesGlobalState);
            Assert.True(new NodeScripts().For(new NodeDefinition { Id = "b", Run = new ScriptSource("1", default, false), Condition = condition }).TouchesGlobalState);
        }

        [Fact]
        public void EveryInlineScriptOfALoadedWorkflow_CarriesItsShape()
        {
            var node = Load.Valid("""
                nodes:
                  a:
                    run: $global:x = 1
                    if: $true
                    fallback: "'fell back'"
                  items:
                    foreach: { items: 1..3, key: $Item }
                    run: $Item
                """).Nodes;

            Assert.All(new[] { node[0].Run, node[0].Condition, node[0].Fallback, node[1].ForEach!.Expression, node[1].ForEach!.Key, node[1].Run },
                script => Assert.NotNull(script!.Shape));
            Assert.True(node[0].Run!.Shape!.TouchesGlobalState);
            Assert.False(node[0].Condition!.Shape!.TouchesGlobalState);
        }
    }
}
