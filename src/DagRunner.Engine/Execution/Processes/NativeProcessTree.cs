using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using System.Threading;

namespace DagRunner.Engine.Execution.Processes
{
    /// <summary>
    /// Finds the native processes a node started, to kill them when its attempt is stopped (timeout, Ctrl+C).
    /// PowerShell's own Stop kills only the direct child, and then waits for the output pipe that orphaned
    /// grandchildren keep open. Several nodes share this process, so a node's processes are found through the
    /// Linux thread that started them: each runspace runs its pipelines on one thread (ReuseThread), and
    /// <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c> lists exactly the children that thread forked.
    /// Elsewhere (Windows, macOS) this does nothing and PowerShell's Stop is all there is.
    /// </summary>
    internal static class NativeProcessTree
    {
        private static readonly bool Supported = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Directory.Exists("/proc/self/task");

        /// <summary>
        /// The <c>pid/task/tid</c> of the thread that runs <paramref name="runspace"/>'s pipelines; null where
        /// the kernel does not tell. Runs one tiny pipeline, once per runspace.
        /// </summary>
        public static string? PipelineThreadOf(Runspace runspace)
        {
            if (!Supported)
            {
                return null;
            }

            try
            {
                using var powerShell = PowerShell.Create();
                powerShell.Runspace = runspace;
                powerShell.AddScript("([System.IO.FileInfo]'/proc/thread-self').LinkTarget");
                var target = powerShell.Invoke().FirstOrDefault()?.BaseObject as string;
                return !string.IsNullOrEmpty(target) && File.Exists($"/proc/{target}/children") ? target : null;
            }
            catch (Exception)
            {
                return null; // a kernel without thread-self or children files: no tree kill, nothing worse
            }
        }

        /// <summary>
        /// Stops (SIGSTOP) every process below the thread <paramref name="taskPath"/>, the whole tree, grandchildren
        /// included, and returns them to be killed once the pipeline knows it is stopping. A stopped process can neither
        /// fork nor exit, so nothing escapes between the walk and the kill: the walk is repeated after each process has
        /// really stopped, until it finds no new one.
        /// </summary>
        public static FrozenProcessTree Freeze(string? taskPath)
        {
            if (taskPath == null)
            {
                return FrozenProcessTree.Empty;
            }

            var direct = new List<int>(ReadChildren($"/proc/{taskPath}/children"));
            var frozen = new List<int>();
            var seen = new HashSet<int>();
            for (int round = 0; round < MaxFreezeRounds; round++)
            {
                var fresh = Descendants(taskPath).Where(seen.Add).ToList();
                if (fresh.Count == 0)
                {
                    break;
                }

                foreach (var pid in fresh)
                {
                    if (FrozenProcessTree.Signal(pid, FrozenProcessTree.SigStop))
                    {
                        frozen.Add(pid);
                    }
                }

                // A process in the middle of fork() stops when the call returns, with its child in place for the next walk.
                foreach (var pid in fresh)
                {
                    WaitUntilStopped(pid);
                }
            }

            return new FrozenProcessTree(direct.Where(frozen.Contains).ToList(), frozen);
        }

        private const int MaxFreezeRounds = 16;

        private static void WaitUntilStopped(int pid)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(50);
            while (DateTime.UtcNow < deadline)
            {
                var state = Utils.LinuxProcStat.State(pid);
                if (state == null || state == 'T' || state == 't' || state == 'Z' || state == 'X')
                {
                    return;
                }

                Thread.Sleep(1);
            }
        }

        /// <summary>All processes below the thread, collected before any is killed so no orphan escapes the walk.</summary>
        private static List<int> Descendants(string taskPath)
        {
            var found = new List<int>();
            var pending = new Queue<int>(ReadChildren($"/proc/{taskPath}/children"));
            var seen = new HashSet<int>();
            while (pending.Count > 0)
            {
                int pid = pending.Dequeue();
                if (!seen.Add(pid))
                {
                    continue;
                }

                found.Add(pid);
                foreach (var child in ChildrenOfProcess(pid))
                {
                    pending.Enqueue(child);
                }
            }

            return found;
        }

        private static IEnumerable<int> ChildrenOfProcess(int pid)
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{pid}/task");
            }
            catch (Exception)
            {
                return Array.Empty<int>(); // the process is already gone
            }

            return tasks.SelectMany(task => ReadChildren(Path.Combine(task, "children")));
        }

        private static IEnumerable<int> ReadChildren(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception)
            {
                return Array.Empty<int>();
            }

            return text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, out var pid) ? pid : -1).Where(pid => pid > 0);
        }
    }
}
