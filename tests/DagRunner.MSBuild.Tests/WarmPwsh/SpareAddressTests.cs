using System;
using System.Collections;
using System.IO;
using DagRunner.MSBuild.WarmPwsh;
using Xunit;

namespace DagRunner.MSBuild.Tests.WarmPwsh
{
    /// <summary>A build only ever takes a warm pwsh that is the one it would have started: the key covers command, files and environment.</summary>
    public sealed class SpareAddressTests : IDisposable
    {
        private readonly string root = Directory.CreateTempSubdirectory("dagmsb-addr-").FullName;
        private readonly string module;

        public SpareAddressTests()
        {
            module = Path.Combine(root, "DagRunner.PowerShell.dll");
            File.WriteAllText(module, "v1");
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        private SpareAddress Address(Hashtable environment, string folder = "/tmp/w")
            => SpareAddress.For(folder, new[] { "dotnet", "pwsh.dll" }, new[] { module }, environment, new[] { "DAGRUNNER_NOCHANGE_RECORD" }, out _)!;

        private static Hashtable Environment(params string[] pairs)
        {
            var table = new Hashtable { ["PATH"] = "/usr/bin", ["HOME"] = "/home/me" };
            for (var i = 0; i < pairs.Length; i += 2)
            {
                table[pairs[i]] = pairs[i + 1];
            }

            return table;
        }

        [Fact]
        public void TheSameInputs_GiveTheSameAddress()
        {
            var first = Address(Environment());
            Assert.Equal(first.Key, Address(Environment()).Key);
            Assert.Matches("^[0-9a-f]{16}$", first.Key);
            Assert.Equal("/tmp/w/" + first.Key + ".sock", first.SocketPath);
        }

        [Fact]
        public void AnyChangeOfTheEnvironment_GivesAnotherAddress()
        {
            Assert.NotEqual(Address(Environment()).Key, Address(Environment("FOO", "1")).Key);
            Assert.NotEqual(Address(Environment("FOO", "1")).Key, Address(Environment("FOO", "2")).Key);
        }

        [Fact]
        public void AVariableSetPerRun_IsNotPartOfTheAddress()
            => Assert.Equal(Address(Environment()).Key, Address(Environment("DAGRUNNER_NOCHANGE_RECORD", "/x/record.json")).Key);

        [Fact]
        public void AModuleFileRewritten_GivesAnotherAddress()
        {
            var before = Address(Environment()).Key;
            File.WriteAllText(module, "v2, longer");
            Assert.NotEqual(before, Address(Environment()).Key);
        }

        [Fact]
        public void ATooLongSocketPath_TurnsTheWarmPwshOff()
        {
            var folder = "/" + new string('d', 120);
            Assert.Null(SpareAddress.For(folder, new[] { "pwsh" }, Array.Empty<string>(), Environment(), Array.Empty<string>(), out var why));
            Assert.Contains("TMPDIR", why);
        }
    }
}
