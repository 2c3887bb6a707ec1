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
        public void Needs_may_be_one_id_or_a_list()
        {
            var workflow = Load.Valid("nodes:\n  a: { run: x }\n  b: { run: x }\n  c: { needs: a, run: x }\n  d: { needs: [a, b], run: x }\n  e: { needs: , run: x }\n");

            Assert.Equal(new[] { "a" }, workflow.Node("c").Needs.Select(n => n.Id));
            Assert.Equal(new[] { "a", "b" }, workflow.Node("d").Needs.Select(n => n.Id));
            Assert.Empty(workflow.Node("e").Needs);
        }

        [Fact]
        public void Nodes_keep_file_order_in_their_index()
        {
            var workflow = Load.Valid("nodes:\n  z: { run: x }\n  a: { run: x }\n  m: { run: x }\n");

            Assert.Equal(new[] { "z", "a", "m" }, workflow.Nodes.Select(n => n.Id));
            Assert.Equal(new[] { 0, 1, 2 }, workflow.Nodes.Select(n => n.Index));
        }

        [Fact]
        public void Every_node_setting_is_read()
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
        public void When_is_read_ignoring_case(string text, TriggerRule expected)
        {
            Assert.Equal(expected, Load.Valid($"nodes:\n  a:\n    run: x\n    when: {text}\n").Node("a").When);
        }

        [Fact]
        public void Foreach_text_is_an_expression()
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
        public void Unquoted_bool_condition_becomes_a_PowerShell_bool(string text, string expected)
        {
            Assert.Equal(expected, Load.Valid($"nodes:\n  a:\n    run: x\n    if: {text}\n").Node("a").Condition!.Text);
        }

        [Fact]
        public void File_resolves_against_the_workflow_folder()
        {
            var node = Load.Yaml("nodes:\n  a:\n    file: scripts/test.ps1\n").Workflow!.Node("a");

            Assert.Equal("scripts/test.ps1", node.File);
            Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Load.SourcePath)!, "scripts", "test.ps1")), node.ResolvedFile);
            Assert.Equal((3, 11), (node.FileLocation.Line, node.FileLocation.Column));
            Assert.Null(node.Run);
        }

        [Fact]
        public void Run_and_file_together_are_reported_at_the_node_id()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    file: x.ps1\n").Single(DiagnosticIds.RunOrFile, 2, 3);
        }

        [Fact]
        public void Neither_run_nor_file_is_reported_at_the_node_id()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    needs: a\n").SingleError(DiagnosticIds.RunOrFile, 3, 3);
        }

        [Fact]
        public void Node_with_no_value_has_neither_run_nor_file()
        {
            Load.Yaml("nodes:\n  a:\n").SingleError(DiagnosticIds.RunOrFile, 2, 3);
        }

        [Fact]
        public void Empty_run_is_reported_at_the_value_instead_of_as_missing()
        {
            Load.Yaml("nodes:\n  a:\n    run:\n    when: always\n").SingleError(DiagnosticIds.WrongType, 3, 5);
        }

        [Theory]
        [InlineData("file:")]
        [InlineData("file: ''")]
        public void Empty_file_is_reported_at_its_key(string file)
        {
            Load.Yaml($"nodes:\n  a:\n    {file}\n").SingleError(DiagnosticIds.WrongType, 3, 5);
        }

        [Fact]
        public void Node_written_as_text_is_a_wrong_type()
        {
            Load.Yaml("nodes:\n  a: dotnet build\n").SingleError(DiagnosticIds.WrongType, 2, 6);
        }

        [Theory]
        [InlineData("my node", 2, 3)]
        [InlineData("1st", 2, 3)]
        [InlineData("a.b", 2, 3)]
        public void Id_that_cannot_follow_Needs_dot_is_a_bad_node_id(string id, int line, int column)
        {
            var error = Load.Yaml($"nodes:\n  {id}: {{ run: x }}\n").SingleError(DiagnosticIds.BadNodeId, line, column);

            Assert.Contains("$Needs.", error.Message);
        }

        [Theory]
        [InlineData("_private")]
        [InlineData("build-linux_x64")]
        public void Letters_digits_underscore_and_dash_make_a_good_id(string id)
        {
            Load.Valid($"nodes:\n  {id}: {{ run: x }}\n");
        }

        [Fact]
        public void Second_node_with_the_same_id_is_reported_and_dropped()
        {
            var result = Load.Yaml("nodes:\n  build: { run: x }\n  test: { run: y }\n  build: { run: z }\n");

            var error = result.SingleError(DiagnosticIds.DuplicateKey, 4, 3);
            Assert.Contains("line 2", error.Message);
            Assert.Equal("x", Assert.Single(result.Workflow!.Nodes, n => n.Id == "build").Run!.Text);
        }

        [Fact]
        public void Ids_that_differ_only_in_case_are_duplicates()
        {
            Load.Yaml("nodes:\n  build: { run: x }\n  Build: { run: y }\n").SingleError(DiagnosticIds.DuplicateKey, 3, 3);
        }

        [Fact]
        public void Bad_when_lists_the_valid_values_and_the_nearest()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    when: sucess\n").SingleError(DiagnosticIds.BadWhen, 4, 11);

            Assert.Contains("'success'", error.Message);
        }

        [Theory]
        [InlineData("continueOnError: yes", 4, 22)]
        [InlineData("continueOnError: 'true'", 4, 22)]
        [InlineData("priority: high", 4, 15)]
        [InlineData("priority: 1.5", 4, 15)]
        public void Values_that_are_not_a_bool_or_a_whole_number_are_bad_values(string setting, int line, int column)
        {
            Load.Yaml($"nodes:\n  a:\n    run: x\n    {setting}\n").SingleError(DiagnosticIds.BadValue, line, column);
        }

        [Theory]
        [InlineData("needs: { a: 1 }", 4, 12)]
        [InlineData("with: [a, b]", 4, 11)]
        [InlineData("description: [a]", 4, 18)]
        [InlineData("needs: [[a]]", 4, 13)]
        public void Wrong_shapes_are_wrong_types_at_the_value(string setting, int line, int column)
        {
            Load.Yaml($"nodes:\n  a:\n    run: x\n    {setting}\n").SingleError(DiagnosticIds.WrongType, line, column);
        }

        [Fact]
        public void Run_list_is_a_wrong_type_at_the_value()
        {
            Load.Yaml("nodes:\n  a:\n    run: [a, b]\n").SingleError(DiagnosticIds.WrongType, 3, 10);
        }

        [Fact]
        public void Unknown_node_key_suggests_the_key_that_differs_only_in_case()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    continueonerror: true\n").SingleError(DiagnosticIds.UnknownKey, 4, 5);

            Assert.Contains("'continueOnError'", error.Message);
        }

        [Fact]
        public void Misspelt_node_key_suggests_the_nearest_key()
        {
            var error = Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    neds: a\n    run: x\n").SingleError(DiagnosticIds.UnknownKey, 4, 5);

            Assert.Contains("'needs'", error.Message);
        }
    }
}
