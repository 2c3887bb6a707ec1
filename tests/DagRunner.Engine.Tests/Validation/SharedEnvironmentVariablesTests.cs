using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    /// <summary>
    /// Two deploy nodes that each set $env:REGION and ran at the same time both deployed to the region set last: the
    /// environment is one per process. Test-Dag said True without a word. Now DAG0046 warns where a node sets it.
    /// </summary>
    public class SharedEnvironmentVariablesTests
    {
        private const string TwoRegions = "nodes:\n  deploy-eu:\n    run: $env:REGION = 'eu-west-1'; ./deploy\n  deploy-us:\n    run: $env:REGION = 'us-east-1'; ./deploy\n";

        [Fact]
        public void TwoNodesThatMayRunTogether_SettingOneVariable_AreEachWarnedAtTheirAssignment()
        {
            var result = Load.Yaml(TwoRegions);

            Assert.False(result.HasErrors, result.ToString());
            var warnings = result.Diagnostics.Where(d => d.Id == DiagnosticIds.SharedEnvironmentVariable).ToList();
            Assert.Equal(new[] { (3, 10), (5, 10) }, warnings.Select(d => (d.Location.Line, d.Location.Column)));
            var (eu, us) = (warnings[0], warnings[1]);
            Assert.False(eu.IsError);
            Assert.Contains("Node 'deploy-eu' sets $env:REGION, and 'deploy-us' (sets it) may run at the same time", eu.Message);
            Assert.Contains("'deploy-eu' (sets it)", us.Message);
            Assert.Contains("order the nodes with needs:", eu.Message);
        }

        [Theory]
        [InlineData("needs: [deploy-eu]\n    ")] // the one after the other
        [InlineData("pool: one\n    ")] // both in a pool of one
        public void NodesThatNeverRunTogether_AreNotWarned(string usSetting)
        {
            var pool = usSetting.StartsWith("pool") ? "pools: { one: 1 }\n" : string.Empty;
            var euPool = usSetting.StartsWith("pool") ? "    pool: one\n" : string.Empty;
            var yaml = pool + "nodes:\n  deploy-eu:\n" + euPool + "    run: $env:REGION = 'eu-west-1'\n  deploy-us:\n    " + usSetting + "run: $env:REGION = 'us-east-1'\n";

            var result = Load.Yaml(yaml);

            Assert.False(result.HasErrors, result.ToString());
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.SharedEnvironmentVariable);
        }

        [Fact]
        public void NodesOrderedThroughAChain_AreNotWarned_ButASideBranchIs()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: $env:X = 1\n  b:\n    needs: [a]\n    run: '2'\n  c:\n    needs: [b]\n    run: $env:X = 3\n  side:\n    needs: [a]\n    run: $env:X = 4\n");

            var warned = result.Diagnostics.Where(d => d.Id == DiagnosticIds.SharedEnvironmentVariable).Select(d => d.Message.Split('\'')[1]).OrderBy(n => n).ToList();
            Assert.Equal(new[] { "c", "side" }, warned);
        }

        [Fact]
        public void ANodeThatOnlyReadsIt_IsNamedBesideTheOneThatSetsIt()
        {
            var result = Load.Yaml("nodes:\n  set:\n    run: $env:TARGET = 'prod'\n  use:\n    run: ./deploy --target $env:TARGET\n");

            var warning = result.Single(DiagnosticIds.SharedEnvironmentVariable, 3, 10);
            Assert.Contains("'use' (reads it) may run at the same time", warning.Message);
        }

        [Fact]
        public void AForeachNodeSettingIt_RacesWithItsOwnInstances_UnlessItsParallelismIsOne()
        {
            var racing = Load.Yaml("nodes:\n  deploy:\n    foreach: [eu, us]\n    run: $env:REGION = $Item; ./deploy\n");
            var one = Load.Yaml("nodes:\n  deploy:\n    foreach: [eu, us]\n    parallelism: 1\n    run: $env:REGION = $Item; ./deploy\n");
            Assert.False(one.HasErrors, one.ToString());

            var warning = racing.Single(DiagnosticIds.SharedEnvironmentVariable, 4, 10);
            Assert.Contains("its own foreach instances run at the same time", warning.Message);
            Assert.Contains("parallelism: 1", warning.Message);
            Assert.DoesNotContain(one.Diagnostics, d => d.Id == DiagnosticIds.SharedEnvironmentVariable);
        }

        [Theory]
        [InlineData("$env:REGION += '-1'")]
        [InlineData("${env:REGION} = 'x'")]
        [InlineData("if ($true) { & { $env:REGION = 'x' } }")]
        [InlineData("[Environment]::SetEnvironmentVariable('REGION', 'x')")]
        [InlineData("[System.Environment]::SetEnvironmentVariable('REGION', 'x', 'Process')")]
        [InlineData("Set-Item env:REGION x")]
        [InlineData("Set-Item -Path env:REGION -Value x")]
        [InlineData("Remove-Item env:REGION")]
        public void EveryFormOfAssignment_IsSeen(string assignment)
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: \"" + assignment.Replace("\"", "\\\"") + "\"\n  b:\n    run: $env:REGION = 'y'\n");

            Assert.Equal(2, result.Diagnostics.Count(d => d.Id == DiagnosticIds.SharedEnvironmentVariable));
        }

        [Fact]
        public void OnlyReadingOrSettingDifferentVariables_IsNotWarned()
        {
            var reads = Load.Yaml("nodes:\n  a:\n    run: $env:HOME\n  b:\n    run: $env:HOME\n");
            var different = Load.Yaml("nodes:\n  a:\n    run: $env:A = 1\n  b:\n    run: $env:B = 2\n");
            Assert.False(reads.HasErrors || different.HasErrors);

            Assert.DoesNotContain(reads.Diagnostics, d => d.Id == DiagnosticIds.SharedEnvironmentVariable);
            Assert.DoesNotContain(different.Diagnostics, d => d.Id == DiagnosticIds.SharedEnvironmentVariable);
        }

        [Fact]
        public void RemoteNodes_RunInProcessesOfTheirOwn_AndAreLeftOut()
        {
            var result = Load.Yaml("hosts:\n  web1: { hostName: web1 }\nnodes:\n  a:\n    on: web1\n    run: $env:X = 1\n  b:\n    run: $env:X = 2\n");

            Assert.False(result.HasErrors, result.ToString());
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.SharedEnvironmentVariable);
        }
    }
}
