using System;
using System.Collections.Generic;
using System.IO;
using DagRunner.MSBuild.Launching;
using Xunit;

namespace DagRunner.MSBuild.Tests.Launching
{
    public sealed class PwshLocatorTests : IDisposable
    {
        private const string PowerShellManifest = "{ \"version\": 1, \"isRoot\": true, \"tools\": { \"powershell\": { \"version\": \"7.6.9\", \"commands\": [ \"pwsh\" ] } } }";

        private readonly string root = Directory.CreateTempSubdirectory("dagmsb-locator-").FullName;
        private readonly Dictionary<string, string?> variables = new Dictionary<string, string?>();

        public PwshLocatorTests()
        {
            Directory.CreateDirectory(Path.Combine(root, "repo", "src", "app"));
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            Directory.CreateDirectory(Path.Combine(root, "sdk"));
            File.WriteAllText(Path.Combine(root, "sdk", Exe("dotnet")), string.Empty);
            variables["DOTNET_HOST_PATH"] = Path.Combine(root, "sdk", Exe("dotnet"));
        }

        private string Project => Path.Combine(root, "repo", "src", "app");

        public void Dispose() => Directory.Delete(root, recursive: true);

        private static string Exe(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;

        private PwshCommand? Locate(string? pwshPath, out string? problem)
            => new PwshLocator(name => variables.TryGetValue(name, out var value) ? value : null, OperatingSystem.IsWindows()).Locate(pwshPath, Project, out problem);

        private string PwshOnPath()
        {
            var pwsh = Path.Combine(root, "bin", Exe("pwsh"));
            File.WriteAllText(pwsh, string.Empty);
            variables["PATH"] = Path.Combine(root, "nowhere") + Path.PathSeparator + Path.Combine(root, "bin");
            return pwsh;
        }

        private void Manifest(string relativePath, string text)
        {
            var path = Path.Combine(root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        [Fact]
        public void PwshPath_ComesFirstEvenWhenAManifestAndPATHHavePwsh()
        {
            PwshOnPath();
            Manifest("repo/.config/dotnet-tools.json", PowerShellManifest);
            var mine = Path.Combine(root, "mine", Exe("pwsh"));
            Directory.CreateDirectory(Path.GetDirectoryName(mine)!);
            File.WriteAllText(mine, string.Empty);

            var command = Locate(mine, out _);

            Assert.Equal(mine, command!.FileName);
            Assert.Empty(command.Prefix);
        }

        [Fact]
        public void ARelativePwshPath_IsRelativeToTheProject()
        {
            File.WriteAllText(Path.Combine(Project, Exe("pwsh")), string.Empty);

            Assert.Equal(Path.Combine(Project, Exe("pwsh")), Locate("./" + Exe("pwsh"), out _)!.FileName);
        }

        [Fact]
        public void APwshPathThatDoesNotExist_IsAnErrorThatNamesIt()
        {
            PwshOnPath();

            Assert.Null(Locate("/no/such/pwsh", out var problem));
            Assert.Contains("/no/such/pwsh", problem);
        }

        [Theory]
        [InlineData("repo/.config/dotnet-tools.json")]
        [InlineData("repo/dotnet-tools.json")]
        [InlineData("repo/src/app/.config/dotnet-tools.json")]
        public void DotnetPwsh_ComesNextWhenAManifestAtOrAboveTheProjectListsPowershell(string manifest)
        {
            PwshOnPath();
            Manifest(manifest, PowerShellManifest);

            var command = Locate(null, out _);

            Assert.Equal(variables["DOTNET_HOST_PATH"], command!.FileName);
            Assert.Equal(new[] { "pwsh" }, command.Prefix);
            Assert.Contains(Path.Combine(root, manifest.Replace('/', Path.DirectorySeparatorChar)), command.Source);
        }

        [Theory]
        [InlineData("NUGET_PACKAGES", "packages")]
        [InlineData("HOME", ".nuget/packages")]
        public void ARestoredManifestTool_StartsAsDotnetWithItsPwshDllNotThroughTheShim(string variable, string packagesUnder)
        {
            Manifest("repo/.config/dotnet-tools.json", PowerShellManifest);
            variables[variable] = Path.Combine(root, "cache");
            var dll = Path.Combine(root, "cache", packagesUnder, "powershell", "7.6.9", "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
            File.WriteAllText(dll, string.Empty);
            if (variable == "NUGET_PACKAGES")
            {
                variables[variable] = Path.Combine(root, "cache", packagesUnder);
            }

            var command = Locate(null, out _);

            Assert.Equal(variables["DOTNET_HOST_PATH"], command!.FileName);
            Assert.Equal(new[] { dll }, command.Prefix);
        }

        [Fact]
        public void AManifestToolOfAnotherVersionThanRestored_StaysDotnetPwsh()
        {
            Manifest("repo/.config/dotnet-tools.json", PowerShellManifest);
            variables["NUGET_PACKAGES"] = Path.Combine(root, "cache");
            var other = Path.Combine(root, "cache", "powershell", "7.4.0", "tools", "net8.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(other)!);
            File.WriteAllText(other, string.Empty);

            Assert.Equal(new[] { "pwsh" }, Locate(null, out _)!.Prefix);
        }

        [Fact]
        public void ARootManifestWithoutPowershell_StopsTheSearch()
        {
            Manifest("repo/.config/dotnet-tools.json", PowerShellManifest);
            Manifest("repo/src/.config/dotnet-tools.json", "{ \"version\": 1, \"isRoot\": true, \"tools\": { \"dotnet-ef\": { \"version\": \"8.0.0\", \"commands\": [ \"dotnet-ef\" ] } } }");

            Assert.Null(PwshLocator.FindToolManifest(Project));
        }

        [Fact]
        public void AManifestThatIsNotRootAndLacksPowershell_LetsTheSearchGoUp()
        {
            Manifest("repo/.config/dotnet-tools.json", PowerShellManifest);
            Manifest("repo/src/dotnet-tools.json", "{ \"version\": 1, \"isRoot\": false, \"tools\": {} }");

            Assert.Equal(Path.Combine(root, "repo", ".config", "dotnet-tools.json"), PwshLocator.FindToolManifest(Project));
        }

        [Fact]
        public void PwshOnPATH_ComesLast()
        {
            var pwsh = PwshOnPath();

            var command = Locate(null, out _);

            Assert.Equal(pwsh, command!.FileName);
            Assert.Equal("PATH", command.Source);
        }

        [Fact]
        public void WithNoneOfTheThreeTheError_NamesEveryOption()
        {
            variables["PATH"] = Path.Combine(root, "bin");

            Assert.Null(Locate(null, out var problem));
            Assert.Contains("PwshPath", problem);
            Assert.Contains("dotnet tool install powershell", problem);
            Assert.Contains("PATH", problem);
        }
    }
}
