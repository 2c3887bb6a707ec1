using System;
using System.Linq;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// How many runspaces to open while a new run is still being planned (<c>RunspaceNodeExecutor.Warm</c>):
    /// one for each node that can start first, at most the cap the run starts with and at most one per processor.
    /// Opening one takes tens of milliseconds of CPU (hundreds for a process's first), and the planning it overlaps
    /// needs the CPU too: runspaces beyond one per processor would only compete with it, and the later first-level
    /// nodes open theirs as before. It never counts a node that may not need one.
    /// </summary>
    internal static class WarmStart
    {
        /// <summary>
        /// The local nodes without needs that are not incremental (an up-to-date one runs nothing), at most the
        /// starting cap (1 when Sequential, else the parallelism) and at most <paramref name="processorCount"/>
        /// (where Adaptive mode's cap starts anyway). Explicit <paramref name="mode"/> and <paramref name="parallelism"/> (the cmdlet's) win over
        /// the workflow's, as in <see cref="WorkflowRunner"/>.
        /// </summary>
        public static int RunspacesFor(WorkflowDefinition workflow, ExecutionMode? mode, ParallelismSetting? parallelism, int processorCount)
        {
            var resolvedMode = mode ?? workflow.Mode ?? ExecutionMode.Adaptive;
            int cap = WorkflowRunner.ResolveParallelism(resolvedMode, parallelism ?? workflow.Parallelism, processorCount);
            cap = Math.Min(cap, Math.Max(1, processorCount));
            int first = workflow.Nodes.Count(n => n.Needs.Count == 0 && !n.IsRemote && !n.IsIncremental);
            return Math.Min(cap, first);
        }
    }
}
