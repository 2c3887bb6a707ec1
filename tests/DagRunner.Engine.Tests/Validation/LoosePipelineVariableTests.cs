using System.IO;
using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    /// <summary>
    /// '$_ * 2' in a foreach node (as with ForEach-Object -Parallel) ran every instance on $null and "succeeded": $_ is
    /// always $null where no pipeline, catch, trap or switch gives it a value, and the item is $Item.
    /// </summary>
    public class LoosePipelineVariableTests
    {
        [Fact]
        public void DollarUnderscoreInAForeachNode_IsAnError_ThatNamesItem()
        {
            var error = Load.Yaml("nodes:\n  double:\n    foreach: [1, 2, 3]\n    run: \"$_ * 2\"\n").SingleError(DiagnosticIds.LoosePipelineVariable, 4, 11);

            Assert.Contains("always $null", error.Message);
            Assert.Contains("A foreach instance's item is $Item.", error.Message);
        }

        [Theory]
        [InlineData("Write-Output $_", 4, 20)]
        [InlineData("$x = 1; $PSItem", 4, 15)]
        public void ALooseReadInAPlainNode_IsAnError(string script, int line, int column)
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: |\n      " + script + "\n").SingleError(DiagnosticIds.LoosePipelineVariable, line, column);

            Assert.DoesNotContain("$Item", error.Message);
        }

        [Theory]
        [InlineData("1..3 | ForEach-Object { $_ * 2 }")]
        [InlineData("(1..3).Where({ $_ -gt 1 })")]
        [InlineData("try { throw 'x' } catch { Write-Warning $_ }")]
        [InlineData("trap { Write-Warning $_; continue }; 1")]
        [InlineData("switch (1, 2) { 1 { $_ } default { $PSItem } }")]
        [InlineData("$f = { $_ }; 1 | ForEach-Object $f")]
        [InlineData("function Double { process { $_ * 2 } }; 1..3 | Double")]
        [InlineData("$Item * 2")]
        public void DollarUnderscoreWhereSomethingGivesItAValue_IsNotReported(string script)
        {
            var result = Load.Yaml("nodes:\n  a:\n    foreach: [1, 2]\n    run: |\n      " + script + "\n");

            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.LoosePipelineVariable);
        }

        [Fact]
        public void AScriptFile_IsCheckedAtItsOwnLine_UnlessItHasAProcessBlock()
        {
            var folder = Path.GetDirectoryName(Load.SourcePath)!;
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "loose.ps1"), "param()\n\"item: $_\"\n");
            File.WriteAllText(Path.Combine(folder, "process.ps1"), "process { $_ }\n");

            var loose = Load.Yaml("nodes:\n  a:\n    file: loose.ps1\n").Diagnostics.Single(d => d.Id == DiagnosticIds.LoosePipelineVariable);
            Assert.Equal((Path.Combine(folder, "loose.ps1"), 2, 8), (loose.Location.File, loose.Location.Line, loose.Location.Column));
            Assert.DoesNotContain(Load.Yaml("nodes:\n  a:\n    file: process.ps1\n").Diagnostics, d => d.Id == DiagnosticIds.LoosePipelineVariable);
        }
    }
}
