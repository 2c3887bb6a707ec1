using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class ScriptSyntaxTests
    {
        // In an expression, $Needs.build-linux is a syntax error at '-linux': the message now says how to write the need.
        [Fact]
        public void ANeedWithADashInAnExpression_IsASyntaxErrorThatSaysHowToWriteIt()
        {
            var error = Load.Yaml("nodes:\n  build-linux: { run: x }\n  test:\n    needs: build-linux\n    run: $a = $Needs.build-linux\n")
                .SingleError(DiagnosticIds.ScriptSyntax, 5, 27);

            Assert.Contains("write $Needs.'build-linux' (or $Needs['build-linux'])", error.Message);
        }

        // GitHub Actions users write its status functions and ${{ }} templates; PowerShell's message alone ("An expression
        // was expected after '('") did not say what to write instead.
        [Theory]
        [InlineData("if: always()", "'always()' is GitHub Actions' status function: here, a node that runs by how its needs ended says 'when: always'")]
        [InlineData("if: ${{ failure() }}", "says 'when: failure'")]
        [InlineData("if: cancelled()", "says 'when: always'")]
        [InlineData("if: ${{ needs.build.result == 'success' }}", "'${{ ... }}' is GitHub Actions' expression syntax, which PowerShell does not read")]
        public void GitHubActionsExpressions_AreNamed_WithWhatToWriteInstead(string condition, string hint)
        {
            var result = Load.Yaml("nodes:\n  build: { run: x }\n  after:\n    needs: build\n    " + condition + "\n    run: y\n");
            var error = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.ScriptSyntax);

            Assert.Contains(hint, error.Message);
        }

        [Fact]
        public void ADashAfterAReadThatIsNoNeed_GetsNoHint()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test:\n    needs: build\n    run: $a = $Needs.build-other\n")
                .SingleError(DiagnosticIds.ScriptSyntax, 5, 27);

            Assert.DoesNotContain("$Needs['", error.Message);
        }

        [Fact]
        public void ErrorInALiteralBlock_IsMappedToItsYamlLineAndColumn()
        {
            Load.Yaml("""
                nodes:
                  build:
                    run: |
                      Write-Output 'one'
                      Write-Output 'two' )
                """).SingleError(DiagnosticIds.ScriptSyntax, 5, 26);
        }

        [Fact]
        public void ErrorInABlockAfterBlankAndIndentedLines_KeepsTheMapping()
        {
            Load.Yaml("nodes:\n  build:\n    run: |\n\n      Write-Output 1\n        Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 6, 22);
        }

        [Fact]
        public void TheSameBrokenTextInTwoNodes_IsReportedAtEachNodesOwnLine()
        {
            var errors = Load.Yaml("nodes:\n  a:\n    run: Write-Output )\n  b:\n    run: Write-Output )\n").Diagnostics
                .Where(d => d.Id == DiagnosticIds.ScriptSyntax).Select(d => (d.Location.Line, d.Location.Column));
            Assert.Equal(new[] { (3, 23), (5, 23) }, errors);
        }

        [Fact]
        public void ErrorInAPlainOneLineScript_IsMappedToItsColumn()
        {
            Load.Yaml("nodes:\n  a:\n    run: Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 3, 23);
        }

        [Fact]
        public void ErrorInAQuotedFallback_CountsColumnsAfterTheQuote()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    fallback: \"Write-Output }\"\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 29);
        }

        [Fact]
        public void ErrorInIf_IsReported()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    if: $x -eq 1 )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 18);

            Assert.Contains("'if'", error.Message);
        }

        [Fact]
        public void ErrorInAForeachExpression_IsReported()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    foreach: $Needs.up.Items )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 30);
        }

        [Fact]
        public void ErrorPastTheFirstLineOfAMultiLineQuotedScript_PointsAtTheScriptStart()
        {
            Load.Yaml("nodes:\n  a:\n    run: \"Write-Output 1\n      Write-Output )\"\n").SingleError(DiagnosticIds.ScriptSyntax, 3, 11);
        }

        [Fact]
        public void ErrorOnTheFirstLineOfAMultiLinePlainScript_KeepsItsColumn()
        {
            Load.Yaml("nodes:\n  a:\n    run: Write-Output )\n      Write-Output 2\n").SingleError(DiagnosticIds.ScriptSyntax, 3, 23);
        }

        [Fact]
        public void ErrorOnTheFirstLineOfAFoldedScript_KeepsItsColumn()
        {
            Load.Yaml("nodes:\n  a:\n    run: >\n      Write-Output )\n      Write-Output 2\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 20);
        }

        [Fact]
        public void ErrorInAFoldedLineJoinedToTheFirst_PointsAtTheScriptStart()
        {
            Load.Yaml("nodes:\n  a:\n    run: >\n      Write-Output 1\n      Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 7);
        }

        [Fact]
        public void OnlyTheFirstErrorOfAScript_IsReportedAndTheRestCounted()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: |\n      Write-Output )\n      Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 20);

            Assert.Contains("1 more", error.Message);
        }

        [Fact]
        public void ValidScripts_GiveNoDiagnostics()
        {
            Assert.Empty(Load.Yaml("""
                nodes:
                  a:
                    run: |
                      param($Name = 'x')
                      [pscustomobject]@{ Name = $Name }
                    if: $Needs.Count -ge 0
                    foreach: $Needs.b
                    needs: b
                  b:
                    run: 1
                """).Errors);
        }
    }
}
