using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class YamlTreeReaderTests
    {
        [Fact]
        public void NodeLocation_IsItsIdKey()
        {
            var workflow = Load.Valid("""
                nodes:
                  restore:
                    run: dotnet restore
                  build:
                    run: dotnet build
                """);

            Assert.Equal((2, 3), (workflow.Node("restore").Location.Line, workflow.Node("restore").Location.Column));
            Assert.Equal((4, 3), (workflow.Node("build").Location.Line, workflow.Node("build").Location.Column));
            Assert.Equal(Load.SourcePath, workflow.Node("build").Location.File);
            Assert.Equal((1, 1), (workflow.NodesLocation.Line, workflow.NodesLocation.Column));
        }

        [Fact]
        public void NeedsEntries_KeepTheirOwnLineAndColumn()
        {
            var workflow = Load.Valid("""
                nodes:
                  a: { run: a }
                  b: { run: b }
                  c:
                    needs: [a,  "b"]
                    run: c
                  d:
                    needs:
                      - a
                      -   c
                    run: d
                """);

            var flow = workflow.Node("c").Needs;
            Assert.Equal((5, 13), (flow[0].Location.Line, flow[0].Location.Column));
            Assert.Equal((5, 17), (flow[1].Location.Line, flow[1].Location.Column)); // at the opening quote
            var block = workflow.Node("d").Needs;
            Assert.Equal((9, 9), (block[0].Location.Line, block[0].Location.Column));
            Assert.Equal((10, 11), (block[1].Location.Line, block[1].Location.Column));
        }

        [Fact]
        public void LiteralBlockScript_StartsOnTheLineAfterTheIndicatorAtTheBlockIndentation()
        {
            var run = Load.Valid("""
                nodes:
                  build:
                    run: |
                      dotnet build
                      dotnet test
                """).Node("build").Run!;

            Assert.Equal((4, 7), (run.Location.Line, run.Location.Column));
            Assert.True(run.IsBlock);
            Assert.Equal("dotnet build\ndotnet test", run.Text); // the raw string has no final line break to keep
        }

        [Fact]
        public void LiteralBlockWithALeadingBlankLine_StartsOnThatBlankLine()
        {
            var run = Load.Valid("nodes:\n  build:\n    run: |  # comment\n\n        first\n          second\n").Node("build").Run!;

            Assert.Equal((4, 9), (run.Location.Line, run.Location.Column));
            Assert.Equal("\nfirst\n  second\n", run.Text);
        }

        [Fact]
        public void LiteralBlockWithAnIndentationIndicator_UsesTheDeclaredIndentation()
        {
            // |2 under a node key at column 5: content indentation is 4 + 2, so the first line keeps two extra spaces.
            var run = Load.Valid("nodes:\n  build:\n    run: |2\n        extra\n      plain\n").Node("build").Run!;

            Assert.Equal("  extra\nplain\n", run.Text);
            Assert.Equal((4, 7), (run.Location.Line, run.Location.Column));
        }

        [Fact]
        public void FoldedBlockScript_StartsOnItsFirstContentLineButDoesNotMapLineByLine()
        {
            var run = Load.Valid("""
                nodes:
                  build:
                    run: >-
                        Write-Output
                        'folded'
                """).Node("build").Run!;

            Assert.Equal((4, 9), (run.Location.Line, run.Location.Column));
            Assert.False(run.IsBlock);
            Assert.Equal("Write-Output 'folded'", run.Text);
        }

        [Theory]
        [InlineData("'echo hi'")]
        [InlineData("\"echo hi\"")]
        public void QuotedScript_StartsOneColumnAfterTheQuote(string value)
        {
            var run = Load.Valid($"nodes:\n  a:\n    run:   {value}\n").Node("a").Run!;

            Assert.Equal((3, 13), (run.Location.Line, run.Location.Column));
            Assert.False(run.IsBlock);
            Assert.Equal("echo hi", run.Text);
        }

        [Fact]
        public void PlainScript_StartsAtItsFirstCharacter()
        {
            var run = Load.Valid("nodes:\n  a:\n    run: echo hi\n").Node("a").Run!;

            Assert.Equal((3, 10), (run.Location.Line, run.Location.Column));
        }

        [Fact]
        public void AnchorsAndAliases_ShareAValue()
        {
            var workflow = Load.Valid("""
                nodes:
                  a:
                    run: &script Write-Output 'same'
                    with: &params { Name: x }
                  b:
                    run: *script
                    with: *params
                """);

            Assert.Equal("Write-Output 'same'", workflow.Node("b").Run!.Text);
            Assert.Equal("x", workflow.Node("b").With["Name"]);
        }

        [Fact]
        public void UnknownAlias_IsASyntaxErrorAtTheAliasAndNothingIsGuessedFromIt()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: *missing\n  b:\n    needs: *other\n    run: x\n");

            Assert.Equal(new[] { (3, 10), (5, 12) }, result.Diagnostics.Select(d => (d.Location.Line, d.Location.Column)));
            Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticIds.YamlSyntax, d.Id));
            Assert.Null(result.Workflow);
        }

        [Fact]
        public void AliasInsideItsOwnAnchor_IsUnknownRatherThanEndless()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: x\n    with: &loop { self: *loop }\n");

            var error = result.SingleError(DiagnosticIds.YamlSyntax, 4, 25);
            Assert.Contains("itself", error.Message);
        }

        [Fact]
        public void SyntaxError_IsReportedAtItsLineAndColumnAndNoWorkflowIsBuilt()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: 'unterminated\n");

            Assert.Null(result.Workflow);
            Assert.Equal(DiagnosticIds.YamlSyntax, Assert.Single(result.Diagnostics).Id);
            Assert.Equal(3, result.Diagnostics[0].Location.Line);
        }

        [Fact]
        public void BadIndentation_IsReportedWhereItIsFound()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n   needs: y\n").SingleError(DiagnosticIds.YamlSyntax, 4, 4);
        }

        [Fact]
        public void UnclosedFlowList_IsASyntaxErrorNotACrash()
        {
            var result = Load.Yaml("nodes:\n  a:\n    needs: [b, c\n    run: x\n");

            Assert.Equal(DiagnosticIds.YamlSyntax, Assert.Single(result.Diagnostics).Id);
            Assert.Equal(3, result.Diagnostics[0].Location.Line);
            Assert.Null(result.Workflow);
        }

        [Theory]
        [InlineData("")]
        [InlineData("# only a comment\n")]
        [InlineData("---\n")]
        public void EmptyFile_IsAnError(string text)
        {
            var result = Load.Yaml(text);

            result.SingleError(DiagnosticIds.YamlSyntax, 1, 1);
            Assert.Null(result.Workflow);
        }

        [Fact]
        public void SecondDocument_IsAnErrorAtItsSeparator()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n---\nnodes:\n  b: { run: y }\n").SingleError(DiagnosticIds.YamlSyntax, 3, 1);
        }

        [Fact]
        public void RepeatedKey_IsKeptAndReportedAtItsSecondOccurrence()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    when: always\n    run: y\n").SingleError(DiagnosticIds.DuplicateKey, 5, 5);

            Assert.Contains("line 3", error.Message);
        }

        [Theory]
        [InlineData(0)] // a short mapping: repeats are found by scanning the keys before
        [InlineData(8)] // a long one: by a dictionary
        public void AKeyWrittenThreeTimes_IsReportedTwice_EachTimeAtTheFirst(int otherKeys)
        {
            var others = new[] { "priority: 1", "timeout: 5s", "continueOnError: true", "description: d", "inputs: a", "outputs: b", "parallelism: 2", "fallback: y" }.Take(otherKeys);
            var lines = new[] { "nodes:", "  a:", "    run: x", "    when: always" }.Concat(others.Select(o => "    " + o)).Concat(new[] { "    when: failure", "    when: success" }).ToList();

            var errors = Load.Yaml(string.Join("\n", lines) + "\n").Errors;

            Assert.Equal(new[] { DiagnosticIds.DuplicateKey, DiagnosticIds.DuplicateKey }, errors.Select(e => e.Id));
            Assert.Equal(new[] { lines.Count - 1, lines.Count }, errors.Select(e => e.Location.Line));
            Assert.All(errors, e => Assert.Contains("'when' is written twice in node 'a' (first at line 4", e.Message));
        }

        [Fact]
        public void MappingUsedAsAKey_IsAWrongType()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    ? { x: 1 }\n    : 2\n").SingleError(DiagnosticIds.WrongType, 4, 7);
        }

        [Fact]
        public void WindowsLineEndings_KeepPositions()
        {
            var run = Load.Valid("nodes:\r\n  a:\r\n    run: |\r\n      echo 1\r\n").Node("a").Run!;

            Assert.Equal((4, 7), (run.Location.Line, run.Location.Column));
            Assert.Equal("echo 1\n", run.Text.Replace("\r", string.Empty));
        }

        [Fact]
        public void ExplicitStringTag_KeepsAPlainValueAString()
        {
            var with = Load.Valid("nodes:\n  a:\n    run: x\n    with: { Count: !!str 5, Real: 5 }\n").Node("a").With;

            Assert.Equal("5", with["Count"]);
            Assert.Equal(5, with["Real"]);
            Assert.Equal(2, with.Keys.Count());
        }
    }
}
