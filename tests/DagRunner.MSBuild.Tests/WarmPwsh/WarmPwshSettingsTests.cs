using System.Collections.Generic;
using DagRunner.MSBuild.WarmPwsh;
using Xunit;

namespace DagRunner.MSBuild.Tests.WarmPwsh
{
    /// <summary>When a build may use (and leave) a warm pwsh: the task parameter, then DAGRUNNER_WARM_PWSH, then the default.</summary>
    public sealed class WarmPwshSettingsTests
    {
        private static bool Enabled(string? parameter, bool windows, out string why, params string[] variables)
        {
            var environment = new Dictionary<string, string>();
            for (var i = 0; i < variables.Length; i += 2)
            {
                environment[variables[i]] = variables[i + 1];
            }

            return WarmPwshSettings.IsEnabled(parameter, name => environment.TryGetValue(name, out var value) ? value : null, windows, out why);
        }

        [Fact]
        public void OnByDefault_OnADevelopersMachine() => Assert.True(Enabled(null, false, out _));

        [Theory]
        [InlineData("MSBUILDDISABLENODEREUSE", "1", "MSBUILDDISABLENODEREUSE")]
        [InlineData("CI", "true", "CI")]
        [InlineData("TF_BUILD", "True", "TF_BUILD")]
        [InlineData("GITHUB_ACTIONS", "true", "GITHUB_ACTIONS")]
        [InlineData("DAGRUNNER_WARM_PWSH", "0", "DAGRUNNER_WARM_PWSH=0")]
        public void OffByDefault_WhereNoProcessShouldBeLeftBehind(string name, string value, string named)
        {
            Assert.False(Enabled(null, false, out var why, name, value));
            Assert.Contains(named, why);
        }

        [Fact]
        public void CiSetToFalse_DoesNotCountAsCi() => Assert.True(Enabled(null, false, out _, "CI", "false"));

        [Fact]
        public void TheVariable_OverridesTheDefaults() => Assert.True(Enabled(null, false, out _, "DAGRUNNER_WARM_PWSH", "1", "CI", "true", "MSBUILDDISABLENODEREUSE", "1"));

        [Fact]
        public void TheParameter_OverridesTheVariable()
        {
            Assert.True(Enabled("true", false, out _, "DAGRUNNER_WARM_PWSH", "0", "CI", "true"));
            Assert.False(Enabled("false", false, out var why, "DAGRUNNER_WARM_PWSH", "1"));
            Assert.Contains("WarmPwsh=\"false\"", why);
        }

        [Fact]
        public void NeverOnWindows_EvenWhenAskedFor()
        {
            Assert.False(Enabled("true", true, out var why));
            Assert.Contains("Windows", why);
        }

        [Theory]
        [InlineData("maybe")]
        [InlineData("2")]
        public void AnythingButTrueOrFalse_IsNotAValue(string value) => Assert.Null(WarmPwshSettings.Parse(value));
    }

    /// <summary>A warm pwsh keeps the SIGINT disposition of the build that started it, so the key carries the build's.</summary>
    public sealed class InterruptDispositionTests
    {
        [Theory]
        [InlineData("SigIgn:\t0000000000000002", "ignored")]
        [InlineData("SigIgn:\t0000000001001002", "ignored")]
        [InlineData("SigIgn:\t0000000000001000", "default")]
        [InlineData("SigIgn:\t0000000000000000", "default")]
        [InlineData("Name:\tpwsh", "unknown")]
        public void ReadsTheSigintBitOfSigIgn(string line, string expected)
            => Assert.Equal(expected, InterruptDisposition.Describe(new[] { "Name:\tdotnet", line }));
    }
}
