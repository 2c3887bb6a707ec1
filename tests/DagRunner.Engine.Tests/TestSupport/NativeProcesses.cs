using System.IO;
using System.Threading.Tasks;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>Whether a Linux process (by pid) still runs, read from <c>/proc</c> the way a user would check with ps.</summary>
    internal static class NativeProcesses
    {
        /// <summary>The state letter of the process (R, S, T, Z...), or null when there is no such process.</summary>
        public static char? State(int pid)
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/stat");
                return text[text.LastIndexOf(')') + 2];
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>Alive: neither gone nor a zombie waiting to be reaped (a killed orphan may stay one in a container).</summary>
        public static bool IsRunning(int pid) => State(pid) is char state && state != 'Z' && state != 'X';

        /// <summary>
        /// Completes when the process no longer runs. SIGKILL is delivered asynchronously, so right after kill()
        /// returns the process may still show its old state; this looks again until the kernel has ended it.
        /// </summary>
        public static Task<bool> EndedAsync(int pid)
        {
            return Task.Run(async () =>
            {
                while (IsRunning(pid))
                {
                    await Task.Delay(10);
                }

                return true;
            }).Within();
        }
    }
}
