using System.IO;
using System.Linq;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class JsonLoadingTests
    {
        private const string Json = "{\n\t\"name\": \"from-json\",\n\t\"variables\": { \"Count\": 3, \"Label\": \"3\", \"On\": true, \"None\": null },\n\t\"nodes\": {\n\t\t\"a\": { \"run\": \"Write-Output 1\" },\n\t\t\"b\": { \"needs\": [\"a\"], \"run\": \"Write-Output 2\", \"retry\": 1 }\n\t}\n}\n";

        [Fact]
        public void Json_with_tab_indentation_loads_as_yaml()
        {
            var workflow = WorkflowLoader.LoadText(Json, Path.Combine(Path.GetTempPath(), "flow.json")).Workflow!;

            Assert.Equal("from-json", workflow.Name);
            Assert.Equal(new[] { "a", "b" }, workflow.Nodes.Select(n => n.Id));
            Assert.Equal("a", workflow.Node("b").Needs.Single().Id);
        }

        [Fact]
        public void Json_numbers_and_literals_are_typed_and_strings_stay_strings()
        {
            var variables = WorkflowLoader.LoadText(Json, Path.Combine(Path.GetTempPath(), "flow.json")).Workflow!.Variables;

            Assert.Equal(3, variables["Count"]);
            Assert.Equal("3", variables["Label"]);
            Assert.Equal(true, variables["On"]);
            Assert.Null(variables["None"]);
        }

        [Fact]
        public void Json_positions_point_into_the_json_text()
        {
            var workflow = WorkflowLoader.LoadText(Json, Path.Combine(Path.GetTempPath(), "flow.json")).Workflow!;

            var b = workflow.Node("b");
            Assert.Equal((6, 3), (b.Location.Line, b.Location.Column));
            Assert.Equal((6, 20), (b.Needs[0].Location.Line, b.Needs[0].Location.Column));
            Assert.Equal((6, 34), (b.Run!.Location.Line, b.Run.Location.Column));
        }

        [Fact]
        public void Json_file_gets_its_name_from_the_file()
        {
            using var directory = new TempDirectory();
            var path = directory.Write("deploy.dag.json", "{ \"nodes\": { \"a\": { \"run\": \"x\" } } }");

            var result = WorkflowLoader.LoadFile(path);

            Assert.False(result.HasErrors, result.ToString());
            Assert.Equal("deploy", result.Workflow!.Name);
        }

        [Fact]
        public void Json_syntax_error_is_a_yaml_syntax_error_with_its_position()
        {
            var result = WorkflowLoader.LoadText("{\n  \"nodes\": {\n    \"a\": { \"run\": \"x\" }\n  ]\n}\n", Path.Combine(Path.GetTempPath(), "flow.json"));

            Assert.Equal(DiagnosticIds.YamlSyntax, Assert.Single(result.Diagnostics).Id);
            Assert.Equal(4, result.Diagnostics[0].Location.Line);
        }
    }
}
