using System.Linq;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    /// <summary>A read of <c>$Needs.x</c> where x is not a need is an error at the reference, before anything runs.</summary>
    public class NeedsReferenceTests
    {
        private const string TwoNodes = "nodes:\n  build: { run: x }\n  lint: { run: y }\n";

        [Fact]
        public void ANodeThatIsNotANeed_IsReportedAtTheReference_WithAddItToNeeds()
        {
            var error = Load.Yaml(TwoNodes + "  pack:\n    needs: build\n    run: |\n      $x = 1\n      Write-Output $Needs.lint\n")
                .SingleError(DiagnosticIds.UnknownNeedsReference, 8, 27);

            Assert.Contains("$Needs.lint", error.Message);
            Assert.Contains("add lint to the needs of 'pack'", error.Message);
            Assert.Equal("DAG0024", DiagnosticIds.UnknownNeedsReference);
        }

        // PowerShell ends a property name at '-': "Write-Output $Needs.build-linux" passes $Needs.build and then
        // '-linux'. The message said only that 'build' was not a need; it now says how to write the id meant.
        [Fact]
        public void AReadCutAtADash_SaysHowToWriteTheNeedWithTheDash()
        {
            var error = Load.Yaml("nodes:\n  build-linux: { run: x }\n  test:\n    needs: build-linux\n    run: Write-Output $Needs.build-linux\n")
                .SingleError(DiagnosticIds.UnknownNeedsReference, 5, 30);

            Assert.Contains("write $Needs.'build-linux' (or $Needs['build-linux'])", error.Message);
        }

        [Theory]
        [InlineData("$Needs['biuld']", 27)]
        [InlineData("$Needs.'biuld'", 27)]
        [InlineData("$Needs.biuld", 27)]
        [InlineData("\"got $($Needs.biuld)\"", 34)]
        [InlineData("1..2 | ForEach-Object { $Needs.biuld }", 51)]
        public void AMistypedKey_IsReportedInEveryForm_WithTheNearestNeed(string read, int column)
        {
            var error = Load.Yaml(TwoNodes + "  pack:\n    needs: [build, lint]\n    run: |\n      Write-Output " + read + "\n")
                .SingleError(DiagnosticIds.UnknownNeedsReference, 7, column);

            Assert.Contains("Did you mean 'build'?", error.Message);
            Assert.Contains("(build, lint)", error.Message);
        }

        [Theory]
        [InlineData("$Needs.build")]
        [InlineData("$Needs.BUILD")]
        [InlineData("$Needs['Build']")]
        [InlineData("$Needs.Keys")]
        [InlineData("$Needs.Count")]
        [InlineData("$Needs.ContainsKey('other')")]
        [InlineData("$Needs.$name")]
        [InlineData("$Needs[$name]")]
        [InlineData("$Other.lint")]
        public void NeedsReadsAsDeclared_AndDynamicOrOwnMembers_AreNotReported(string read)
        {
            Load.Valid(TwoNodes + "  pack:\n    needs: build\n    run: |\n      $name = 'build'; Write-Output " + read + "\n");
        }

        [Fact]
        public void EveryBadReference_IsReported_InIfAndFallbackToo()
        {
            var result = Load.Yaml(TwoNodes + "  pack:\n    needs: build\n    if: $Needs.lint\n    fallback: $Needs.nope\n    run: |\n      $Needs.lint; $Needs.build\n");

            var errors = result.Errors.Where(e => e.Id == DiagnosticIds.UnknownNeedsReference).ToList();
            Assert.Equal(3, errors.Count);
            Assert.Equal(new[] { 6, 7, 9 }, errors.Select(e => e.Location.Line).OrderBy(l => l));
        }

        [Fact]
        public void NodesSharingAText_AreEachCheckedAgainstTheirOwnNeeds_AndReportedAtTheirOwnLine()
        {
            // The reads are found once per text; which of them is wrong, and where, is each node's own.
            var result = Load.Yaml(TwoNodes + "  a:\n    needs: build\n    run: Write-Output $Needs.build\n  b:\n    needs: lint\n    run: Write-Output $Needs.build\n  c:\n    run: Write-Output $Needs.build\n");

            var errors = result.Errors.Where(e => e.Id == DiagnosticIds.UnknownNeedsReference).OrderBy(e => e.Location.Line).ToList();
            Assert.Equal(new[] { (9, 30), (11, 30) }, errors.Select(e => (e.Location.Line, e.Location.Column)));
            Assert.Contains("add build to the needs of 'b'", errors[0].Message);
            Assert.Contains("(it has none)", errors[1].Message);
        }

        [Fact]
        public void ANodeWithoutNeeds_SaysItHasNone()
        {
            var error = Load.Yaml(TwoNodes + "  pack:\n    run: $Needs.build\n").SingleError(DiagnosticIds.UnknownNeedsReference, 5, 17);

            Assert.Contains("(it has none)", error.Message);
        }

        [Fact]
        public void AScriptFile_IsReportedInTheFile_AtItsLineAndColumn()
        {
            using var folder = new TempDirectory();
            var script = folder.Write("pack.ps1", "param()\n\n  $v = $Needs.lnit\n");
            var workflow = folder.Write("w.dag.yaml", TwoNodes + "  pack:\n    needs: lint\n    file: pack.ps1\n");

            var error = WorkflowLoader.LoadFile(workflow).SingleError(DiagnosticIds.UnknownNeedsReference, 3, 15);

            Assert.Equal(script, error.Location.File);
            Assert.Contains("Did you mean 'lint'?", error.Message);
        }
    }
}
