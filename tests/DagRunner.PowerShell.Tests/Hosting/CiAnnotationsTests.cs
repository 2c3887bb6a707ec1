using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.PowerShell.Hosting;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class CiAnnotationsTests
    {
        private static readonly SourceLocation Position = new SourceLocation("/repo/ci/release.dag.yaml", 12, 7);

        [Fact]
        public void CiAnnotations_GitHubError_IsAWorkflowCommandAtThePositionRelativeToTheWorkspace()
        {
            var annotations = new CiAnnotations(GitHub());

            Assert.Equal("::error file=ci/release.dag.yaml,line=12,col=7,title=test failed::3 tests failed", annotations.Error("test failed", "3 tests failed", Position));
        }

        [Fact]
        public void CiAnnotations_GitHub_EscapesDataAndProperties()
        {
            var annotations = new CiAnnotations(GitHub());

            // Data: % CR LF; properties also : and , (which would end the property).
            Assert.Equal(
                "::warning file=ci/release.dag.yaml,line=12,col=7,title=a%3Ab%2Cc 100%25::50%25 done%0D%0Anext: a, b",
                annotations.Warning("a:b,c 100%", "50% done\r\nnext: a, b", Position));
        }

        [Fact]
        public void CiAnnotations_GitHub_WithoutAPosition_HasOnlyTheTitle()
        {
            var annotations = new CiAnnotations(GitHub());

            Assert.Equal("::error title=deploy failed::boom", annotations.Error("deploy failed", "boom", null));
            Assert.Equal("::error title=deploy failed::boom", annotations.Error("deploy failed", "boom", new SourceLocation(SourceLocation.InlineDefinitionOrigin, 3, 1)));
        }

        [Fact]
        public void CiAnnotations_GitHub_GroupsFoldANodesLines()
        {
            var annotations = new CiAnnotations(GitHub());

            Assert.Equal("::group::deploy[web01]", annotations.GroupStart("deploy[web01]"));
            Assert.Equal("::endgroup::", annotations.GroupEnd());
        }

        [Fact]
        public void CiAnnotations_AzureError_IsALogIssueWithTheSamePosition()
        {
            var annotations = new CiAnnotations(Azure());

            Assert.Equal(
                "##vso[task.logissue type=error;sourcepath=ci/release.dag.yaml;linenumber=12;columnnumber=7;]test failed: 3 tests failed",
                annotations.Error("test failed", "3 tests failed", Position));
            Assert.Equal("##[group]test", annotations.GroupStart("test"));
            Assert.Equal("##[endgroup]", annotations.GroupEnd());
        }

        [Fact]
        public void CiAnnotations_Azure_EscapesDataAndProperties()
        {
            var annotations = new CiAnnotations(Azure());
            var odd = new SourceLocation("/elsewhere/a;b].yaml", 1, 2);

            Assert.Equal(
                "##vso[task.logissue type=warning;sourcepath=/elsewhere/a%3Bb%5D.yaml;linenumber=1;columnnumber=2;]n: 50%AZP25%0D%0Ax;y]",
                annotations.Warning("n", "50%\r\nx;y]", odd));
        }

        [Fact]
        public void CiAnnotations_OutsideAKnownCiSystem_WritesNothing()
        {
            var annotations = new CiAnnotations(CiSystem.Detect(_ => null));

            Assert.Null(annotations.Error("x", "y", Position));
            Assert.Null(annotations.GroupStart("x"));
        }

        [Theory]
        [InlineData("GITHUB_ACTIONS", "true", "GitHubActions")]
        [InlineData("TF_BUILD", "True", "AzurePipelines")]
        [InlineData("GITHUB_ACTIONS", "false", "None")]
        [InlineData("CI", "true", "None")]
        public void CiSystem_Detect_ReadsTheSystemsOwnVariable(string name, string value, string expected)
        {
            var system = CiSystem.Detect(n => n == name ? value : null);

            Assert.Equal(expected, system.Kind.ToString());
        }

        [Fact]
        public void CiSystem_Detect_GitHub_ReadsTheStepSummaryFile()
        {
            var system = CiSystem.Detect(Env(("GITHUB_ACTIONS", "true"), ("GITHUB_STEP_SUMMARY", "/tmp/summary.md")));

            Assert.Equal("/tmp/summary.md", system.StepSummaryPath);
        }

        private static CiSystem GitHub() => CiSystem.Detect(Env(("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", "/repo")));

        private static CiSystem Azure() => CiSystem.Detect(Env(("TF_BUILD", "True"), ("BUILD_SOURCESDIRECTORY", "/repo/")));

        private static System.Func<string, string?> Env(params (string Name, string Value)[] variables)
        {
            var values = new Dictionary<string, string>();
            foreach (var (name, value) in variables)
            {
                values[name] = value;
            }

            return name => values.TryGetValue(name, out var v) ? v : null;
        }
    }
}
