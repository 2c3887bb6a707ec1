using System.Diagnostics;
using System.Linq;
using DagRunner.Engine.Execution.Processes;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Processes
{
    /// <summary>Finding and freezing the native processes one thread (a runspace's pipeline thread) started, and only those.</summary>
    public class NativeProcessTreeTests
    {
        [FactOnLinux]
        public void Freeze_StopsTheThreadsChild_AndItsGrandchild()
        {
            using var thread = new ForkingThread("sleep 1000 & echo $!; wait");
            int grandchild = thread.ReadPid();

            var tree = NativeProcessTree.Freeze(thread.TaskPath);

            Assert.Equal(new[] { thread.Shell!.Id }, tree.DirectChildren);
            Assert.Equal(new[] { thread.Shell.Id, grandchild }.OrderBy(p => p), tree.Processes.OrderBy(p => p));
            Assert.Equal('T', NativeProcesses.State(thread.Shell.Id));
            Assert.Equal('T', NativeProcesses.State(grandchild));
        }

        [FactOnLinux]
        public void Freeze_LeavesProcessesOfOtherThreadsAlone()
        {
            using var node = new ForkingThread("echo $$; exec sleep 1000");
            using var other = new ForkingThread("echo $$; exec sleep 1000");
            int otherPid = other.ReadPid();
            node.ReadPid();

            var tree = NativeProcessTree.Freeze(node.TaskPath);

            Assert.DoesNotContain(otherPid, tree.Processes);
            Assert.NotEqual('T', NativeProcesses.State(otherPid));
        }

        [FactOnLinux]
        public void Freeze_OfAThreadWithoutChildren_FindsNothing()
        {
            using var thread = new ForkingThread(null);

            Assert.Empty(NativeProcessTree.Freeze(thread.TaskPath).Processes);
        }

        [Fact]
        public void Freeze_WithoutAThread_FindsNothing()
        {
            // Windows and macOS have no pipeline thread path: PowerShell's own Stop is all there is.
            Assert.Same(FrozenProcessTree.Empty, NativeProcessTree.Freeze(null));
        }

        [FactOnLinux]
        public void PipelineThreadOf_NamesTheThreadThatRunsTheRunspacesPipelines()
        {
            using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace();
            runspace.ThreadOptions = System.Management.Automation.Runspaces.PSThreadOptions.ReuseThread;
            runspace.Open();

            var path = NativeProcessTree.PipelineThreadOf(runspace);

            Assert.Matches($"^{Process.GetCurrentProcess().Id}/task/\\d+$", path);
            Assert.NotEqual(new System.IO.FileInfo("/proc/thread-self").LinkTarget, path);
        }
    }
}
