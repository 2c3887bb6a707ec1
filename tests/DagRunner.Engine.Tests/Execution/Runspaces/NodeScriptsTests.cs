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
        public void ScriptsThatCanWriteGlobalState_AreFlagged(string run) => Assert.True(Info(run).TouchesGlobalState);

        [Theory]
        [InlineData("$x = 1 + 1")]
        [InlineData("function helper { 'local' }; helper")]
        [InlineData(". { $local = 1 }")]
        [InlineData("$Config.Region = 'eu'")]
        [InlineData("Set-Location /tmp")]
        [InlineData("Get-Variable x")]
        [InlineData("${env:PATH} + ':/opt'")]
        public void ScriptsThatOnlyTouchTheirOwnScope_AreNotFlagged(string run) => Assert.False(Info(run).TouchesGlobalState);

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
        public void ATextsFirstRunIsAScript_LaterRunsOfItAreTheFunction_WhicheverNodeRunsThem()
        {
            var scripts = new NodeScripts();
            var (a, b, c) = (For(scripts, "a", "'x'"), For(scripts, "b", "'x'"), For(scripts, "c", "'y'"));

            Assert.False(a.RanBefore()); // the first run of 'x' is a plain script
            Assert.True(b.RanBefore());  // another node with the same text: the function
            Assert.True(a.RanBefore());  // a retry of the first node: the function
            Assert.False(c.RanBefore()); // another text counts on its own
        }

        [Theory]
        [InlineData("using namespace System.IO\n[Path]::GetTempPath()")]
        [InlineData("#requires -Version 7\n'x'")]
        public void ScriptsThatOnlyWorkAtTheTopOfAScript_AreNotMadeFunctions(string run) => Assert.Null(Info(run).FunctionName);

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
    }
}
