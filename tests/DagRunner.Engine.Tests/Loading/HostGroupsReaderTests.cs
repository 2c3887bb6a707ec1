using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class HostGroupsReaderTests
    {
        private const string Hosts = "hosts:\n  w1: { hostName: w1.example.com }\n  w2: { hostName: w2.example.com }\n  W3: { hostName: w3.example.com }\n";

        [Fact]
        public void AGroup_ListsItsHostsInFileOrder_AndANodeOnAnyOfIt_KeepsTheGroupNotAHost()
        {
            var workflow = Load.Valid(Hosts + "groups:\n  workers: [w2, w1, w3]\nnodes:\n  build: { run: x, on: { any: WORKERS } }\n  each: { run: x, foreach: [1, 2], on: { any: workers } }\n");

            Assert.Equal(new[] { "w2", "w1", "W3" }, workflow.HostGroups["Workers"]);
            var build = workflow.Node("build");
            Assert.Equal("workers", build.OnAny);
            Assert.Empty(build.On);
            Assert.Null(build.Host);
            Assert.True(build.IsRemote);
            Assert.Equal("workers", workflow.Node("each").OnAny);
        }

        [Fact]
        public void TheGroup_IsPartOfTheDefinitionHash_SoMovingANodeToAnotherGroupRunsItAgain()
        {
            var yaml = Hosts + "groups:\n  a: [w1]\n  b: [w2]\nnodes:\n  n: { run: x, on: { any: a } }\n  m: { run: x }\n";
            var before = Load.Valid(yaml);
            var after = Load.Valid(yaml.Replace("any: a", "any: b"));

            Assert.NotEqual(DefinitionHash.ForNode(before.Node("n"), before.Variables), DefinitionHash.ForNode(after.Node("n"), after.Variables));
            Assert.Equal(DefinitionHash.ForNode(before.Node("m"), before.Variables), DefinitionHash.ForNode(after.Node("m"), after.Variables));
        }

        [Fact]
        public void AnUnknownGroup_IsReportedWhereItIsWritten_WithTheNearestName()
        {
            var result = Load.Yaml(Hosts + "groups:\n  workers: [w1]\nnodes:\n  a: { run: x, on: { any: wrokers } }\n");

            var error = result.SingleError(DiagnosticIds.UnknownHostGroup, 8, 27);
            Assert.Contains("workers", error.Message);
        }

        [Fact]
        public void AnyWithoutGroups_SaysToAddThem()
        {
            var result = Load.Yaml(Hosts + "nodes:\n  a: { run: x, on: { any: workers } }\n");

            Assert.Contains("no top-level 'groups:'", result.SingleError(DiagnosticIds.UnknownHostGroup, 6, 27).Message);
        }

        [Fact]
        public void AGroupNamingAnUnknownHost_IsReportedAtThatName()
        {
            var result = Load.Yaml(Hosts + "groups:\n  workers: [w1, w9]\nnodes:\n  a: { run: x }\n");

            Assert.Contains("'w9'", result.SingleError(DiagnosticIds.BadHostGroup, 6, 17).Message);
        }

        [Theory]
        [InlineData("[]", 12)]
        [InlineData("", 11)]
        [InlineData("w1", 12)]
        [InlineData("[w1, W1]", 17)]
        public void AnEmptyGroup_OrOneThatIsNotAListOfDistinctHosts_IsABadGroup(string value, int column)
        {
            var result = Load.Yaml(Hosts + "groups:\n  workers: " + value + "\nnodes:\n  a: { run: x }\n");

            Assert.Equal(column, result.Diagnostics.Single(d => d.Id == DiagnosticIds.BadHostGroup).Location.Column);
        }

        [Theory]
        [InlineData("{ any: [workers] }", 27)]
        [InlineData("{ any: }", 27)]
        [InlineData("{ all: workers }", 20)]
        [InlineData("{ any: workers, also: w1 }", 20)]
        public void AnOnMapping_ThatIsNotAnyWithOneGroupName_IsReported(string on, int column)
        {
            var result = Load.Yaml(Hosts + "groups:\n  workers: [w1]\nnodes:\n  a: { run: x, on: " + on + " }\n");

            Assert.Equal(column, result.Diagnostics.Single(d => d.Id == DiagnosticIds.BadOnAny).Location.Column);
        }
    }
}
