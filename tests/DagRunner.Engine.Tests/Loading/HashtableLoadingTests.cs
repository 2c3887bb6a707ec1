using System;
using System.Collections;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class HashtableLoadingTests
    {
        private static readonly string BaseDirectory = Path.GetTempPath();

        private static OrderedDictionary Ordered(params (string Key, object? Value)[] entries)
        {
            var dictionary = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in entries)
            {
                dictionary.Add(key, value);
            }

            return dictionary;
        }

        private static LoadResult LoadNodes(params (string Key, object? Value)[] nodes)
            => WorkflowLoader.LoadObject(Ordered(("nodes", Ordered(nodes))), BaseDirectory);

        [Fact]
        public void OrderedDefinition_KeepsNodeOrderAndTurnsScriptBlocksIntoText()
        {
            var result = LoadNodes(
                ("restore", Ordered(("run", ScriptBlock.Create("'restored'")))),
                ("build", Ordered(("needs", new[] { "restore" }), ("run", ScriptBlock.Create("'built'")))));

            Assert.False(result.HasErrors, result.ToString());
            var workflow = result.Workflow!;
            Assert.Equal(new[] { "restore", "build" }, workflow.Nodes.Select(n => n.Id));
            Assert.Equal("'built'", workflow.Node("build").Run!.Text);
            Assert.Equal("restore", workflow.Node("build").Needs.Single().Id);
            Assert.Equal(WorkflowName.InlineDefault, workflow.Name);
            Assert.Equal(SourceLocation.InlineDefinitionOrigin, workflow.SourcePath);
            Assert.Equal(Path.GetFullPath(BaseDirectory), workflow.BaseDirectory);
        }

        [Fact]
        public void PlainHashtableWithKeysInAnyCase_Loads()
        {
            var definition = new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["Name"] = "inline",
                ["Nodes"] = new Hashtable(StringComparer.OrdinalIgnoreCase)
                {
                    ["a"] = new Hashtable { ["Run"] = ScriptBlock.Create("1"), ["ContinueOnError"] = true },
                    ["b"] = new Hashtable { ["Needs"] = "a", ["Run"] = "2", ["When"] = "always" },
                },
            };

            var result = WorkflowLoader.LoadObject(definition, BaseDirectory);

            Assert.False(result.HasErrors, result.ToString());
            Assert.Equal("inline", result.Workflow!.Name);
            Assert.True(result.Workflow.Node("a").ContinueOnError);
            Assert.Equal(TriggerRule.Always, result.Workflow.Node("b").When);
        }

        [Fact]
        public void TypedValues_AreKept()
        {
            var custom = new PSObject();
            custom.Properties.Add(new PSNoteProperty("Version", "1.2.3"));
            var result = LoadNodes(("a", Ordered(
                ("run", "x"),
                ("retry", 3),
                ("timeout", TimeSpan.FromMinutes(2)),
                ("priority", 5L),
                ("with", Ordered(("Count", 2), ("Ratio", 0.5), ("Text", "42"), ("Object", custom), ("Wrapped", new PSObject("inner")))))));

            Assert.False(result.HasErrors, result.ToString());
            var node = result.Workflow!.Node("a");
            Assert.Equal(3, node.Retry.Attempts);
            Assert.Equal(TimeSpan.FromMinutes(2), node.Timeout);
            Assert.Equal(5, node.Priority);
            Assert.Equal(2, node.With["Count"]);
            Assert.Equal(0.5, node.With["Ratio"]);
            Assert.Equal("42", node.With["Text"]);
            Assert.Same(custom, node.With["Object"]);
            Assert.Equal("inner", node.With["Wrapped"]);
        }

        [Fact]
        public void IntegerTimeout_IsABadDurationAtItsKeyPath()
        {
            var error = Assert.Single(LoadNodes(("a", Ordered(("run", "x"), ("timeout", 30)))).Errors);

            Assert.Equal(DiagnosticIds.BadDuration, error.Id);
            Assert.Equal("nodes.a.timeout", error.Location.KeyPath);
            Assert.Equal(SourceLocation.InlineDefinitionOrigin, error.Location.File);
            Assert.Equal(0, error.Location.Line);
        }

        [Fact]
        public void UnknownNeedsTarget_PointsAtTheNeedsEntry()
        {
            var error = Assert.Single(LoadNodes(
                ("build", Ordered(("run", "x"))),
                ("test", Ordered(("needs", new object[] { "build", "biuld" }), ("run", "y")))).Errors);

            Assert.Equal(DiagnosticIds.UnknownNeedsTarget, error.Id);
            Assert.Equal("nodes.test.needs[1]", error.Location.KeyPath);
            Assert.Contains("'build'", error.Message);
        }

        [Fact]
        public void UnknownKey_IsReportedWithItsPathAndNearestKey()
        {
            var error = Assert.Single(LoadNodes(("a", Ordered(("run", "x"), ("rety", 2)))).Errors);

            Assert.Equal(DiagnosticIds.UnknownKey, error.Id);
            Assert.Equal("nodes.a.rety", error.Location.KeyPath);
            Assert.Contains("'retry'", error.Message);
        }

        [Fact]
        public void SyntaxErrorInAStringScript_IsReportedAtItsKeyPath()
        {
            var error = Assert.Single(LoadNodes(("a", Ordered(("run", "Write-Output (1")))).Errors);

            Assert.Equal(DiagnosticIds.ScriptSyntax, error.Id);
            Assert.Equal("nodes.a.run", error.Location.KeyPath);
        }

        [Fact]
        public void HashtableThatContainsItself_IsReportedNotFollowedForever()
        {
            var with = new Hashtable();
            with["Self"] = with;

            var result = LoadNodes(("a", Ordered(("run", "x"), ("with", with))));

            Assert.Contains(result.Errors, e => e.Id == DiagnosticIds.NestingTooDeep);
        }

        [Fact]
        public void MissingNodesInADefinition_IsAMissingKey()
        {
            var error = Assert.Single(WorkflowLoader.LoadObject(new Hashtable { ["name"] = "x" }, BaseDirectory).Errors);

            Assert.Equal(DiagnosticIds.MissingKey, error.Id);
        }
    }
}
