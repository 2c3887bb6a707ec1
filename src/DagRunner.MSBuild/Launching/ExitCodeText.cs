using System.Runtime.InteropServices;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// A pwsh exit code as a build log should say it: on Linux and macOS a code over 128 is a signal that ended the
    /// process (137 = 128 + 9, SIGKILL), which is what a user needs to know to act (memory, a watchdog, a crash).
    /// </summary>
    internal static class ExitCodeText
    {
        /// <summary>"exit code 1", or "exit code 137: killed by signal 9 (SIGKILL, ...)".</summary>
        public static string Of(int exitCode) => Of(exitCode, !RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

        internal static string Of(int exitCode, bool unix)
        {
            var text = $"exit code {exitCode}";
            if (!unix || exitCode <= 128 || exitCode >= 128 + 65)
            {
                return text;
            }

            var signal = exitCode - 128;
            return $"{text}: killed by signal {signal}{Meaning(signal)}";
        }

        private static string Meaning(int signal) => signal switch
        {
            1 => " (SIGHUP: its terminal or SSH session closed)",
            2 => " (SIGINT)",
            6 => " (SIGABRT: pwsh crashed)",
            9 => " (SIGKILL: the system ran out of memory, or something killed it)",
            11 => " (SIGSEGV: pwsh crashed)",
            15 => " (SIGTERM: something asked it to stop)",
            _ => string.Empty,
        };
    }
}
