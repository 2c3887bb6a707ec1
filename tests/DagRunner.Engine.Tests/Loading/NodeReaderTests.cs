using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class NodeReaderTests
    {
        [Fact]
        public void Needs_MayBeOneIdOrAList()
        {
            var workflow = Load.Valid("nodes:\n  a: { run: x }\n  b: { run: x }\n  c: { needs: a, run: x }\n  d: { needs: [a, b], run: x }\n  e: { needs: , run: x }\n");

            Assert.Equal(new[] { "a" }, workflow.Node("c").Needs.Select(n => n.Id));
            Assert.Equal(new[] { "a", "b" }, workflow.Node("d").Needs.Select(n => n.Id));
            Assert.Empty(workflow.Node("e").Needs);
        }

        [Fact]
        public void Nodes_KeepFileOrderInTheirIndex()
        {
            var workflow = Load.Valid("nodes:\n  z: { run: x }\n  a: { run: x }\n  m: { run: x }\n");

            Assert.Equal(new[] { "z", "a", "m" }, workflow.Nodes.Select(n => n.Id));
            Assert.Equal(new[] { 0, 1, 2 }, workflow.Nodes.Select(n => n.Index));
        }

        [Fact]
        public void EveryNodeSetting_IsRead()
        {
            var node = Load.Valid("""
                nodes:
                  up: { run: x }
                  a:
                    description: Builds it
                    needs: up
                    run: Write-Output 1
                    if: $Needs.up -ne $null
                    when: NOTFAILED
                    continueOnError: true
                    fallback: Write-Output 'fallback'
                    priority: -3
                    foreach: [1, two]
                """).Node("a");

            Assert.Equal("Builds it", node.Description);
            Assert.Equal("$Needs.up -ne $null", node.Condition!.Text);
            Assert.Equal(TriggerRule.NotFailed, node.When);
            Assert.True(node.ContinueOnError);
            Assert.Equal("Write-Output 'fallback'", node.Fallback!.Text);
            Assert.Equal(-3, node.Priority);
            Assert.Equal(new object?[] { 1, "two" }, node.ForEach!.Items);
            Assert.Null(node.ForEach.Expression);
        }

        [Theory]
        [InlineData("success", TriggerRule.Success)]
        [InlineData("notFailed", TriggerRule.NotFailed)]
        [InlineData("Failure", TriggerRule.Failure)]
        [InlineData("always", TriggerRule.Always)]
        public void When_IsReadIgnoringCase(string text, TriggerRule expected)
        {
            Assert.Equal(expected, Load.Valid($"nodes:\n  a:\n    run: x\n    when: {text}\n").Node("a").When);
        }

        [Fact]
        public void ForeachText_IsAnExpression()
        {
            var forEach = Load.Valid("nodes:\n  a:\n    run: x\n    foreach: $Needs.up.Items\n    needs: up\n  up: { run: y }\n").Node("a").ForEach!;

            Assert.Null(forEach.Items);
            Assert.Equal("$Needs.up.Items", forEach.Expression!.Text);
            Assert.Equal((4, 14), (forEach.Expression.Location.Line, forEach.Expression.Location.Column));
        }

        [Theory]
        [InlineData("false", "$false")]
        [InlineData("True", "$true")]
        [InlineData("'false'", "false")]
        public void UnquotedBoolCondition_BecomesAPowerShellBool(string text, string expected)
        {
            Assert.Equal(expected, Load.Valid($"nodes:\n  a:\n    run: x\n    if: {text}\n").Node("a").Condition!.Text);
        }

        [Fact]
        public void File_ResolvesAgainstTheWorkflowFolder()
        {
            var node = Load.Yaml("nodes:\n  a:\n    file: scripts/test.ps1\n").Workflow!.Node("a");

            Assert.Equal("scripts/test.ps1", node.File);
            Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Load.SourcePath)!, "scripts", "test.ps1")), node.ResolvedFile);
            Assert.Equal((3, 11), (node.FileLocation.Line, node.FileLocation.Column));
            Assert.Null(node.Run);
        }

        [Fact]
        public void RunAndFileTogether_AreReportedAtTheNodeId()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    file: x.ps1\n").Single(DiagnosticIds.RunOrFile, 2, 3);
        }

        [Fact]
        public void NeitherRunNorFile_IsReportedAtTheNodeId()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    needs: a\n").SingleError(DiagnosticIds.RunOrFile, 3, 3);
        }

        [Fact]
        public void NodeWithNoValue_HasNeitherRunNorFile()
        {
            Load.Yaml("nodes:\n  a:\n").SingleError(DiagnosticIds.RunOrFile, 2, 3);
        }

        [Fact]
        public void EmptyRun_IsReportedAtTheValueInsteadOfAsMissing()
        {
            Load.Yaml("nodes:\n  a:\n    run:\n    when: always\n").SingleError(DiagnosticIds.WrongType, 3, 5);
        }

        [Theory]
        [InlineData("file:")]
        [InlineData("file: ''")]
        public void EmptyFile_IsReportedAtItsKey(string file)
        {
            Load.Yaml($"nodes:\n  a:\n    {file}\n").SingleError(DiagnosticIds.WrongType, 3, 5);
        }

        [Fact]
        public void NodeWrittenAsText_IsAWrongType()
        {
            Load.Yaml("nodes:\n  a: dotnet build\n").SingleError(DiagnosticIds.WrongType, 2, 6);
        }

        [Theory]
        [InlineData("my node", 2, 3)]
        [InlineData("1st", 2, 3)]
        [InlineData("a.b", 2, 3)]
        public void IdThatCannotFollowNeedsDot_IsABadNodeId(string id, int line, int column)
        {
            var error = Load.Yaml($"nodes:\n  {id}: {{ run: x }}\n").SingleError(DiagnosticIds.BadNodeId, line, column);

            Assert.Contains("$Needs.", error.Message);
        }

        // Keys from GitHub Actions, Azure Pipelines, Argo and compose are no typos of ours: the message listed the valid
        // keys; it now names the one meant, and what differs.
        [Theory]
        [InlineData("dependsOn: [a]", "'dependsOn' is written 'needs' here.")]
        [InlineData("depends_on: a", "'depends_on' is written 'needs' here.")]
        [InlineData("retries: 2", "'retries' is written 'retry' here. It counts attempts, the first included: 2 retries is 'retry: 3'.")]
        [InlineData("timeout-minutes: 5", "'timeout-minutes' is written 'timeout' here. Give it a unit, such as 'timeout: 10m'.")]
        [InlineData("condition: $true", "'condition' is written 'if' here.")]
        [InlineData("env: { X: 1 }", "A node has no 'env': set $env:NAME = 'value' in its script")]
        [InlineData("matrix: [1, 2]", "'matrix' is written 'foreach' here. A node fans out with 'foreach: [a, b]'")]
        [InlineData("withItems: [1, 2]", "'withItems' is written 'foreach' here.")]
        public void AKeyOfAnotherTool_IsNamedAsItIsWrittenHere(string key, string hint)
        {
            var error = Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    run: y\n    " + key + "\n").SingleError(DiagnosticIds.UnknownKey, 5, 5);

            Assert.Contains(hint, error.Message);
        }

        [Theory]
        [InlineData("jobs:\n  a: { run: x }\n", "'jobs' is written 'nodes' here.")]
        [InlineData("env: { STAGE: prod }\nnodes:\n  a: { run: x }\n", "'env' is written 'variables' here. Each is a PowerShell variable in every node")]
        public void ATopLevelKeyOfAnotherTool_IsNamedAsItIsWrittenHere(string yaml, string hint)
        {
            var error = Assert.Single(Load.Yaml(yaml).Diagnostics, d => d.Id == DiagnosticIds.UnknownKey);

            Assert.Contains(hint, error.Message);
        }

        [Fact]
        public void StepsInsteadOfRun_SaysANodeRunsOneScript()
        {
            var result = Load.Yaml("nodes:\n  a:\n    steps:\n      - run: x\n");
            var error = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.UnknownKey);

            Assert.Contains("'steps' is written 'run' here. A node runs one script", error.Message);
        }

        // 'préparer' was refused as not "letters", though é is one: the rule is ASCII, and the message now says so and
        // offers an id that passes.
        [Theory]
        [InlineData("préparer", "for example to 'preparer'")]
        [InlineData("construire 🚀", "for example to 'construire'")]
        [InlineData("1st", "for example to '_1st'")]
        [InlineData("\"a/b:c\"", "for example to 'a-b-c'")]
        [InlineData("\"🚀\"", "Rename it.")]
        public void ABadNodeId_IsExplainedAsASCII_WithAnIdThatWouldPass(string id, string rename)
        {
            var error = Load.Yaml($"nodes:\n  {id}: {{ run: x }}\n").SingleError(DiagnosticIds.BadNodeId, 2, 3);

            Assert.Contains("ASCII letter", error.Message);
            Assert.EndsWith(rename.EndsWith(".") ? rename : rename + ".", error.Message);
        }

        [Theory]
        [InlineData("_private")]
        [InlineData("build-linux_x64")]
        public void LettersDigitsUnderscoreAndDash_MakeAGoodId(string id)
        {
            Load.Valid($"nodes:\n  {id}: {{ run: x }}\n");
        }

        [Fact]
        public void SecondNodeWithTheSameId_IsReportedAndDropped()
        {
            var result = Load.Yaml("nodes:\n  build: { run: x }\n  test: { run: y }\n  build: { run: z }\n");

            var error = result.SingleError(DiagnosticIds.DuplicateKey, 4, 3);
            Assert.Contains("line 2", error.Message);
            Assert.Equal("x", Assert.Single(result.Workflow!.Nodes, n => n.Id == "build").Run!.Text);
        }

        [Fact]
        public void IdsThatDifferOnlyInCase_AreDuplicates()
        {
            Load.Yaml("nodes:\n  build: { run: x }\n  Build: { run: y }\n").SingleError(DiagnosticIds.DuplicateKey, 3, 3);
        }

        [Fact]
        public void BadWhen_ListsTheValidValuesAndTheNearest()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    when: sucess\n").SingleError(DiagnosticIds.BadWhen, 4, 11);

            Assert.Contains("'success'", error.Message);
        }

        [Theory]
        [InlineData("continueOnError: yes", 4, 22)]
        [InlineData("continueOnError: 'true'", 4, 22)]
        [InlineData("priority: high", 4, 15)]
        [InlineData("priority: 1.5", 4, 15)]
        public void ValuesThatAreNotABoolOrAWholeNumber_AreBadValues(string setting, int line, int column)
        {
            Load.Yaml($"nodes:\n  a:\n    run: x\n    {setting}\n").SingleError(DiagnosticIds.BadValue, line, column);
        }

        [Theory]
        [InlineData("needs: { a: 1 }", 4, 12)]
        [InlineData("with: [a, b]", 4, 11)]
        [InlineData("description: [a]", 4, 18)]
        [InlineData("needs: [[a]]", 4, 13)]
        public void WrongShapes_AreWrongTypesAtTheValue(string setting, int line, int column)
        {
            Load.Yaml($"nodes:\n  a:\n    run: x\n    {setting}\n").SingleError(DiagnosticIds.WrongType, line, column);
        }

        [Fact]
        public void RunList_IsAWrongTypeAtTheValue()
        {
            Load.Yaml("nodes:\n  a:\n    run: [a, b]\n").SingleError(DiagnosticIds.WrongType, 3, 10);
        }

        [Fact]
        public void UnknownNodeKey_SuggestsTheKeyThatDiffersOnlyInCase()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    continueonerror: true\n").SingleError(DiagnosticIds.UnknownKey, 4, 5);

            Assert.Contains("'continueOnError'", error.Message);
        }

        [Fact]
        public void MisspeltNodeKey_SuggestsTheNearestKey()
        {
            var error = Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    neds: a\n    run: x\n").SingleError(DiagnosticIds.UnknownKey, 4, 5);

            Assert.Contains("'needs'", error.Message);
        }
    }
}
