using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class NodeTransferTests
    {
        private const string Hosts = "hosts:\n  w1: { hostName: w1.example.com }\n  w2: { hostName: w2.example.com }\n  W3: { hostName: w3.example.com }\n";

        [Fact]
        public void Transfer_IsKeptOnARemoteNodeWithFiles_AndIsPartOfTheDefinitionHash()
        {
            var yaml = Hosts + "groups:\n  workers: [w1]\nnodes:\n  n: { run: x, on: { any: workers }, inputs: [src/**], transfer: true }\n";
            var with = Load.Valid(yaml);
            var without = Load.Valid(yaml.Replace(", transfer: true", string.Empty));

            Assert.True(with.Node("n").Transfer);
            Assert.False(without.Node("n").Transfer);
            Assert.NotEqual(DefinitionHash.ForNode(with.Node("n"), with.Variables), DefinitionHash.ForNode(without.Node("n"), without.Variables));
        }

        [Theory]
        [InlineData("{ run: x, inputs: [a], transfer: true }", "runs here")]
        [InlineData("{ run: x, on: w1, transfer: true }", "neither 'inputs:' nor 'outputs:'")]
        public void Transfer_WithoutAHostOrFiles_IsReportedAtItsValue(string node, string problem)
        {
            var result = Load.Yaml(Hosts + "nodes:\n  n: " + node + "\n");

            var error = Assert.Single(result.Errors);
            Assert.Equal(DiagnosticIds.BadTransfer, error.Id);
            Assert.Contains(problem, error.Message);
            Assert.Equal(6, error.Location.Line);
        }
    }
}
