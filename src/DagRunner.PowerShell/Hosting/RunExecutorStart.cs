using System;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Routing;
using DagRunner.Engine.Utils;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// The executor and the clock of the run at hand. Invoke-Dag begins them before it reads the workflow, so the warm
    /// start's first runspace opens meanwhile (in a process's first run, opening it takes longer than loading and
    /// planning a small workflow: docs/benchmarks.md, "The first run's first node"); the run takes them, or new ones
    /// when nothing began them (Resume-Dag, -WhatIf). The executor, the engine and the live view share the one clock
    /// (<see cref="RunClock"/>), so the nodes' times and the live view's "now" are on one scale in every time zone.
    /// </summary>
    internal sealed class RunExecutorStart
    {
        private RoutingNodeExecutor? early;

        /// <summary>The clock of the run begun or taken last; the system's before any.</summary>
        public TimeProvider Clock { get; private set; } = TimeProvider.System;

        /// <summary>A new run's clock starts, and its first runspace begins to open. Pair with <see cref="Take"/> or <see cref="Abandon"/>.</summary>
        public void Begin(RunspaceExecutorOptions options)
        {
            early = Open(options);
            early.Warm(1);
        }

        /// <summary>No run took what <see cref="Begin"/> began (the workflow was invalid): its runspace is kept for the session's next run, or closed.</summary>
        public void Abandon()
        {
            early?.Dispose();
            early = null;
        }

        /// <summary>
        /// The executor <see cref="Begin"/> made, else a new one on a new clock; the caller disposes it.
        /// <paramref name="opening"/> is how many runspaces it has begun to open already.
        /// </summary>
        public RoutingNodeExecutor Take(Func<RunspaceExecutorOptions> options, out int opening)
        {
            var executor = early;
            early = null;
            opening = executor != null ? 1 : 0;
            return executor ?? Open(options());
        }

        /// <summary>An executor on a clock that starts now.</summary>
        private RoutingNodeExecutor Open(RunspaceExecutorOptions options)
        {
            Clock = RunClock.Start(TimeProvider.System);
            return new RoutingNodeExecutor(options, Clock);
        }
    }
}
