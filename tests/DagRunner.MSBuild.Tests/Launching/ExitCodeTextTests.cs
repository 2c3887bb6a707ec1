using DagRunner.MSBuild.Launching;
using Xunit;

namespace DagRunner.MSBuild.Tests.Launching
{
    public class ExitCodeTextTests
    {
        [Theory]
        [InlineData(1, true, "exit code 1")]
        [InlineData(128, true, "exit code 128")]
        [InlineData(137, true, "exit code 137: killed by signal 9 (SIGKILL: the system ran out of memory, or something killed it)")]
        [InlineData(129, true, "exit code 129: killed by signal 1 (SIGHUP: its terminal or SSH session closed)")]
        [InlineData(143, true, "exit code 143: killed by signal 15 (SIGTERM: something asked it to stop)")]
        [InlineData(134, true, "exit code 134: killed by signal 6 (SIGABRT: pwsh crashed)")]
        [InlineData(159, true, "exit code 159: killed by signal 31")]
        [InlineData(255, true, "exit code 255")]
        [InlineData(137, false, "exit code 137")] // Windows: no signals in exit codes
        public void AnExitCode_SaysTheSignalThatEndedPwsh_OnUnix(int exitCode, bool unix, string expected)
            => Assert.Equal(expected, ExitCodeText.Of(exitCode, unix));
    }
}
