using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class YamlTreeReaderTests
    {
        [Fact]
        public void Node_location_is_its_id_key()
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
        public void Needs_entries_keep_their_own_line_and_column()
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
        public void Literal_block_script_starts_on_the_line_after_the_indicator_at_the_block_indentation()
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
        public void Literal_block_with_a_leading_blank_line_starts_on_that_blank_line()
        {
            var run = Load.Valid("nodes:\n  build:\n    run: |  # comment\n\n        first\n          second\n").Node("build").Run!;

            Assert.Equal((4, 9), (run.Location.Line, run.Location.Column));
            Assert.Equal("\nfirst\n  second\n", run.Text);
        }

        [Fact]
        public void Literal_block_with_an_indentation_indicator_uses_the_declared_indentation()
        {
            // |2 under a node key at column 5: content indentation is 4 + 2, so the first line keeps two extra spaces.
            var run = Load.Valid("nodes:\n  build:\n    run: |2\n        extra\n      plain\n").Node("build").Run!;

            Assert.Equal("  extra\nplain\n", run.Text);
            Assert.Equal((4, 7), (run.Location.Line, run.Location.Column));
        }

        [Fact]
        public void Folded_block_script_starts_on_its_first_content_line_but_does_not_map_line_by_line()
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
        public void Quoted_script_starts_one_column_after_the_quote(string value)
        {
            var run = Load.Valid($"nodes:\n  a:\n    run:   {value}\n").Node("a").Run!;

            Assert.Equal((3, 13), (run.Location.Line, run.Location.Column));
            Assert.False(run.IsBlock);
            Assert.Equal("echo hi", run.Text);
        }

        [Fact]
        public void Plain_script_starts_at_its_first_character()
        {
            var run = Load.Valid("nodes:\n  a:\n    run: echo hi\n").Node("a").Run!;

            Assert.Equal((3, 10), (run.Location.Line, run.Location.Column));
        }

        [Fact]
        public void Anchors_and_aliases_share_a_value()
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
        public void Unknown_alias_is_a_syntax_error_at_the_alias_and_nothing_is_guessed_from_it()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: *missing\n  b:\n    needs: *other\n    run: x\n");

            Assert.Equal(new[] { (3, 10), (5, 12) }, result.Diagnostics.Select(d => (d.Location.Line, d.Location.Column)));
            Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticIds.YamlSyntax, d.Id));
            Assert.Null(result.Workflow);
        }

        [Fact]
        public void Alias_inside_its_own_anchor_is_unknown_rather_than_endless()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: x\n    with: &loop { self: *loop }\n");

            var error = result.SingleError(DiagnosticIds.YamlSyntax, 4, 25);
            Assert.Contains("itself", error.Message);
        }

        [Fact]
        public void Syntax_error_is_reported_at_its_line_and_column_and_no_workflow_is_built()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: 'unterminated\n");

            Assert.Null(result.Workflow);
            Assert.Equal(DiagnosticIds.YamlSyntax, Assert.Single(result.Diagnostics).Id);
            Assert.Equal(3, result.Diagnostics[0].Location.Line);
        }

        [Fact]
        public void Bad_indentation_is_reported_where_it_is_found()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n   needs: y\n").SingleError(DiagnosticIds.YamlSyntax, 4, 4);
        }

        [Fact]
        public void Unclosed_flow_list_is_a_syntax_error_not_a_crash()
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
        public void Empty_file_is_an_error(string text)
        {
            var result = Load.Yaml(text);

            result.SingleError(DiagnosticIds.YamlSyntax, 1, 1);
            Assert.Null(result.Workflow);
        }

        [Fact]
        public void Second_document_is_an_error_at_its_separator()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n---\nnodes:\n  b: { run: y }\n").SingleError(DiagnosticIds.YamlSyntax, 3, 1);
        }

        [Fact]
        public void Repeated_key_is_kept_and_reported_at_its_second_occurrence()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    when: always\n    run: y\n").SingleError(DiagnosticIds.DuplicateKey, 5, 5);

            Assert.Contains("line 3", error.Message);
        }

        [Fact]
        public void Mapping_used_as_a_key_is_a_wrong_type()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    ? { x: 1 }\n    : 2\n").SingleError(DiagnosticIds.WrongType, 4, 7);
        }

        [Fact]
        public void Windows_line_endings_keep_positions()
        {
            var run = Load.Valid("nodes:\r\n  a:\r\n    run: |\r\n      echo 1\r\n").Node("a").Run!;

            Assert.Equal((4, 7), (run.Location.Line, run.Location.Column));
            Assert.Equal("echo 1\n", run.Text.Replace("\r", string.Empty));
        }

        [Fact]
        public void Explicit_string_tag_keeps_a_plain_value_a_string()
        {
            var with = Load.Valid("nodes:\n  a:\n    run: x\n    with: { Count: !!str 5, Real: 5 }\n").Node("a").With;

            Assert.Equal("5", with["Count"]);
            Assert.Equal(5, with["Real"]);
            Assert.Equal(2, with.Keys.Count());
        }
    }
}
