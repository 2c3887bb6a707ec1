using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class ScriptSyntaxTests
    {
        [Fact]
        public void Error_in_a_literal_block_is_mapped_to_its_yaml_line_and_column()
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
        public void Error_in_a_block_after_blank_and_indented_lines_keeps_the_mapping()
        {
            Load.Yaml("nodes:\n  build:\n    run: |\n\n      Write-Output 1\n        Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 6, 22);
        }

        [Fact]
        public void Error_in_a_plain_one_line_script_is_mapped_to_its_column()
        {
            Load.Yaml("nodes:\n  a:\n    run: Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 3, 23);
        }

        [Fact]
        public void Error_in_a_quoted_fallback_counts_columns_after_the_quote()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    fallback: \"Write-Output }\"\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 29);
        }

        [Fact]
        public void Error_in_if_is_reported()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    if: $x -eq 1 )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 18);

            Assert.Contains("'if'", error.Message);
        }

        [Fact]
        public void Error_in_a_foreach_expression_is_reported()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    foreach: $Needs.up.Items )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 30);
        }

        [Fact]
        public void Error_past_the_first_line_of_a_multi_line_quoted_script_points_at_the_script_start()
        {
            Load.Yaml("nodes:\n  a:\n    run: \"Write-Output 1\n      Write-Output )\"\n").SingleError(DiagnosticIds.ScriptSyntax, 3, 11);
        }

        [Fact]
        public void Error_on_the_first_line_of_a_multi_line_plain_script_keeps_its_column()
        {
            Load.Yaml("nodes:\n  a:\n    run: Write-Output )\n      Write-Output 2\n").SingleError(DiagnosticIds.ScriptSyntax, 3, 23);
        }

        [Fact]
        public void Error_on_the_first_line_of_a_folded_script_keeps_its_column()
        {
            Load.Yaml("nodes:\n  a:\n    run: >\n      Write-Output )\n      Write-Output 2\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 20);
        }

        [Fact]
        public void Error_in_a_folded_line_joined_to_the_first_points_at_the_script_start()
        {
            Load.Yaml("nodes:\n  a:\n    run: >\n      Write-Output 1\n      Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 7);
        }

        [Fact]
        public void Only_the_first_error_of_a_script_is_reported_and_the_rest_counted()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: |\n      Write-Output )\n      Write-Output )\n").SingleError(DiagnosticIds.ScriptSyntax, 4, 20);

            Assert.Contains("1 more", error.Message);
        }

        [Fact]
        public void Valid_scripts_give_no_diagnostics()
        {
            Assert.Empty(Load.Yaml("""
                nodes:
                  a:
                    run: |
                      param($Name = 'x')
                      [pscustomobject]@{ Name = $Name }
                    if: $Needs.Count -ge 0
                    foreach: $Needs.a
                """).Errors);
        }
    }
}
