using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using DagRunner.Engine.Execution.Processes;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// A thread that starts a shell command and then stays alive, as a runspace's pipeline thread does while a node
    /// runs: the kernel lists the shell as that thread's child (<c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c>). Linux only.
    /// </summary>
    internal sealed class ForkingThread : IDisposable
    {
        private readonly ManualResetEventSlim started = new ManualResetEventSlim();
        private readonly ManualResetEventSlim release = new ManualResetEventSlim();
        private readonly List<int> pids = new List<int>();
        private readonly Thread thread;
        private Exception? failure;

        /// <param name="command">What <c>sh -c</c> runs; null to start nothing.</param>
        public ForkingThread(string? command)
        {
            thread = new Thread(() => Run(command)) { IsBackground = true };
            thread.Start();
            started.Wait();
            if (failure != null)
            {
                throw new InvalidOperationException("The forking thread failed.", failure);
            }
        }

        /// <summary>The thread's <c>pid/task/tid</c>, as <see cref="NativeProcessTree.PipelineThreadOf"/> gives it.</summary>
        public string TaskPath { get; private set; } = string.Empty;

        /// <summary>The shell, the thread's direct child; null when there is no command.</summary>
        public Process? Shell { get; private set; }

        /// <summary>The next line the shell writes, as a pid (the command echoes the pids the test needs); remembered for cleanup.</summary>
        public int ReadPid()
        {
            int pid = int.Parse(Shell!.StandardOutput.ReadLine()!);
            pids.Add(pid);
            return pid;
        }

        public void Dispose()
        {
            foreach (var pid in pids)
            {
                FrozenProcessTree.Signal(pid, FrozenProcessTree.SigKill);
            }

            if (Shell != null)
            {
                FrozenProcessTree.Signal(Shell.Id, FrozenProcessTree.SigKill);
                Shell.WaitForExit();
                Shell.Dispose();
            }

            release.Set();
            thread.Join();
        }

        private void Run(string? command)
        {
            try
            {
                TaskPath = new FileInfo("/proc/thread-self").LinkTarget!;
                if (command != null)
                {
                    var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
                    info.ArgumentList.Add("-c");
                    info.ArgumentList.Add(command);
                    Shell = Process.Start(info);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            started.Set();
            release.Wait();
        }
    }
}
