using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// Sends SIGINT (what Ctrl+C sends) to a process, so pwsh stops the run the way it stops on Ctrl+C: running nodes
    /// are stopped and recorded as Cancelled in the checkpoint.
    /// </summary>
    internal static class Interrupt
    {
        private const int SigInt = 2;

        /// <summary>True when the signal was sent; always false on Windows, where there is no signal to send.</summary>
        public static bool Send(int processId)
        {
            if (processId <= 0 || RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return false;
            }

            try
            {
                return kill(processId, SigInt) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return SendWithKillCommand(processId);
            }
        }

        /// <summary>The same through /bin/kill, for a runtime that cannot bind libc's kill.</summary>
        private static bool SendWithKillCommand(int processId)
        {
            try
            {
                var start = new ProcessStartInfo("kill", $"-INT {processId}") { UseShellExecute = false, CreateNoWindow = true };
                using var process = Process.Start(start);
                return process != null && process.WaitForExit(5000) && process.ExitCode == 0;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
            {
                return false;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
