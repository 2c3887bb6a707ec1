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
        public void JsonWithTabIndentation_LoadsAsYaml()
        {
            var workflow = WorkflowLoader.LoadText(Json, Path.Combine(Path.GetTempPath(), "flow.json")).Workflow!;

            Assert.Equal("from-json", workflow.Name);
            Assert.Equal(new[] { "a", "b" }, workflow.Nodes.Select(n => n.Id));
            Assert.Equal("a", workflow.Node("b").Needs.Single().Id);
        }

        [Fact]
        public void JsonNumbersAndLiterals_AreTypedAndStringsStayStrings()
        {
            var variables = WorkflowLoader.LoadText(Json, Path.Combine(Path.GetTempPath(), "flow.json")).Workflow!.Variables;

            Assert.Equal(3, variables["Count"]);
            Assert.Equal("3", variables["Label"]);
            Assert.Equal(true, variables["On"]);
            Assert.Null(variables["None"]);
        }

        [Fact]
        public void JsonPositions_PointIntoTheJsonText()
        {
            var workflow = WorkflowLoader.LoadText(Json, Path.Combine(Path.GetTempPath(), "flow.json")).Workflow!;

            var b = workflow.Node("b");
            Assert.Equal((6, 3), (b.Location.Line, b.Location.Column));
            Assert.Equal((6, 20), (b.Needs[0].Location.Line, b.Needs[0].Location.Column));
            Assert.Equal((6, 34), (b.Run!.Location.Line, b.Run.Location.Column));
        }

        [Fact]
        public void JsonFile_GetsItsNameFromTheFile()
        {
            using var directory = new TempDirectory();
            var path = directory.Write("deploy.dag.json", "{ \"nodes\": { \"a\": { \"run\": \"x\" } } }");

            var result = WorkflowLoader.LoadFile(path);

            Assert.False(result.HasErrors, result.ToString());
            Assert.Equal("deploy", result.Workflow!.Name);
        }

        [Fact]
        public void JsonSyntaxError_IsAYamlSyntaxErrorWithItsPosition()
        {
            var result = WorkflowLoader.LoadText("{\n  \"nodes\": {\n    \"a\": { \"run\": \"x\" }\n  ]\n}\n", Path.Combine(Path.GetTempPath(), "flow.json"));

            Assert.Equal(DiagnosticIds.YamlSyntax, Assert.Single(result.Diagnostics).Id);
            Assert.Equal(4, result.Diagnostics[0].Location.Line);
        }
    }
}
