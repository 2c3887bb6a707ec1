using System.Diagnostics;
using DagRunner.MSBuild.Launching;
using Xunit;

namespace DagRunner.MSBuild.Tests.Launching
{
    public class CommandLineTests
    {
        public static readonly TheoryData<string> Awkward = new TheoryData<string>
        {
            "plain",
            "two words",
            "",
            "it's \"quoted\"",
            "a;b;c",
            "$(Get-Date) $env:HOME ${x}",
            "back`tick `\"",
            "@{ a = 1 }; Remove-Item -Recurse /",
            "C:\\path with space\\",
            "trailing\\\\",
            "\\\"escaped\\\"",
            "-NotAParameter",
            "tab\there",
            "{\"json\":\"va\\\"lue\"}",
            "ünïcødé 😀",
        };

        // printf is the witness here; the quoting rules are the ones .NET uses on Windows too.
        [TheoryOnUnix]
        [MemberData(nameof(Awkward))]
        public void EveryArgument_ArrivesInTheChildProcessExactlyAsGiven(string argument)
        {
            var line = new CommandLine().Add("[%s]\n").Add(argument).Add("after");
            var start = new ProcessStartInfo("printf", line.ToString())
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();

            Assert.Equal($"[{argument}]\n[after]\n", output);
        }

        [Fact]
        public void SimpleArguments_AreNotQuotedAndBlanksAre()
        {
            var line = new CommandLine().Add("-File").Add("/a b/RunDag.ps1").Add("-Path", "/src/x.yaml").Add("-Mode", null);

            Assert.Equal("-File \"/a b/RunDag.ps1\" -Path /src/x.yaml", line.ToString());
        }
    }
}
