using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution.Processes
{
    /// <summary>
    /// The native processes of a node that is being stopped, held stopped (SIGSTOP) by <see cref="NativeProcessTree.Freeze"/>
    /// until they are killed. The order matters: PowerShell's Stop marks the pipeline as stopping and then kills the
    /// direct child it waits on; only after that may the rest die. Killing first would let the script run its next
    /// statement (past its timeout) before it knows it is stopped; stopping first would let the direct child's death
    /// orphan the grandchildren out of reach of the walk. Frozen, neither can happen.
    /// </summary>
    internal sealed class FrozenProcessTree
    {
        /// <summary>Signal numbers, the same on every Linux architecture .NET runs on.</summary>
        internal const int SigKill = 9;
        internal const int SigStop = 19;

        /// <summary>No processes: nothing to wait for or kill.</summary>
        public static readonly FrozenProcessTree Empty = new FrozenProcessTree(Array.Empty<int>(), Array.Empty<int>());

        /// <summary>How often <see cref="KillAfterStopAsync"/> looks whether PowerShell has ended the direct children. <value>5 ms.</value></summary>
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

        public FrozenProcessTree(IReadOnlyList<int> directChildren, IReadOnlyList<int> processes)
        {
            DirectChildren = directChildren;
            Processes = processes;
        }

        /// <summary>The frozen children of the pipeline thread itself: what PowerShell's Stop kills.</summary>
        public IReadOnlyList<int> DirectChildren { get; }

        /// <summary>Every frozen process, the direct children included.</summary>
        public IReadOnlyList<int> Processes { get; }

        /// <summary>
        /// Waits until PowerShell's Stop has ended the direct children (so the pipeline knows it is stopping), the
        /// pipeline has ended, or <paramref name="patience"/> has passed (a child PowerShell does not wait on, such as
        /// one from <c>Start-Process</c>), then kills every frozen process. Returns how many it killed.
        /// </summary>
        public async Task<int> KillAfterStopAsync(Task pipelineEnded, TimeSpan patience)
        {
            if (Processes.Count == 0)
            {
                return 0;
            }

            var deadline = DateTime.UtcNow + patience;
            while (!pipelineEnded.IsCompleted && DateTime.UtcNow < deadline && DirectChildren.Any(IsAlive))
            {
                await Task.Delay(PollInterval).ConfigureAwait(false);
            }

            return Kill();
        }

        /// <summary>Kills every frozen process now (SIGKILL works on a stopped process).</summary>
        public int Kill()
        {
            int killed = 0;
            foreach (var pid in Processes)
            {
                killed += Signal(pid, SigKill) ? 1 : 0;
            }

            return killed;
        }

        /// <summary>Sends <paramref name="signal"/>; false when the process is gone (or not ours to signal).</summary>
        internal static bool Signal(int pid, int signal)
        {
            try
            {
                return kill(pid, signal) == 0;
            }
            catch (Exception)
            {
                return false; // no libc to call: not Linux after all
            }
        }

        private static bool IsAlive(int pid) => Utils.LinuxProcStat.State(pid) is char state && state != 'Z' && state != 'X';

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
