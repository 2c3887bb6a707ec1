using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

using DagRunner.Engine.Execution.Processes;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// The runspaces of one run: created lazily (or taken from the session's kept runspaces), handed to one node at a
    /// time, taken back and reused. There are never more than the nodes running at once, because a runspace is only
    /// created when none is idle.
    /// </summary>
    internal sealed class RunspaceStock : IDisposable
    {
        private readonly object gate = new object();
        private readonly Stack<Worker> idle = new Stack<Worker>();
        private readonly List<Worker> all = new List<Worker>();
        private readonly Func<InitialSessionState> sessionState;
        private readonly SessionRunspaces? session;
        private InitialSessionState? template;
        private int created;
        private bool disposed;

        public RunspaceStock(Func<InitialSessionState> sessionState, SessionRunspaces? session = null)
        {
            this.sessionState = sessionState;
            this.session = session;
        }

        /// <summary>How many runspaces exist (idle or busy).</summary>
        public int Created => Volatile.Read(ref created);

        /// <summary>An idle runspace, or null when none is idle (then <see cref="Rent"/> opens one).</summary>
        public Worker? TryRentIdle()
        {
            lock (gate)
            {
                if (disposed)
                {
                    throw new ObjectDisposedException(nameof(RunspaceStock));
                }

                return idle.Count > 0 ? idle.Pop() : null;
            }
        }

        /// <summary>An idle runspace, or a new one when none is idle.</summary>
        public Worker Rent() => TryRentIdle() ?? OpenNew();

        /// <summary>
        /// A runspace no node of this run holds, even when one is idle (a warm start opens the run's first runspaces
        /// ahead of its nodes): one the session kept from an earlier run, else a new one.
        /// </summary>
        public Worker OpenNew()
        {
            InitialSessionState? iss = null;
            int id;
            var kept = session?.TryTake();
            lock (gate)
            {
                if (disposed)
                {
                    if (kept != null)
                    {
                        session!.Park(kept);
                    }

                    throw new ObjectDisposedException(nameof(RunspaceStock));
                }

                if (kept == null)
                {
                    template ??= sessionState();
                    iss = template;
                }

                id = ++created;
            }

            Worker worker;
            if (kept != null)
            {
                worker = kept.Renumbered(id);
            }
            else
            {
                // Opening takes 10–20 ms; do it outside the lock so other nodes are not held up.
                var runspace = RunspaceFactory.CreateRunspace(iss);
                runspace.ThreadOptions = PSThreadOptions.ReuseThread;
                runspace.Open();
                worker = new Worker(id, runspace) { PipelineThread = NativeProcessTree.PipelineThreadOf(runspace) };
            }

            lock (gate)
            {
                all.Add(worker);
                if (disposed)
                {
                    worker.Runspace.Dispose();
                    throw new ObjectDisposedException(nameof(RunspaceStock));
                }
            }

            return worker;
        }

        /// <summary>Takes a runspace back; a broken one is closed instead of reused.</summary>
        public void Return(Worker worker)
        {
            bool reusable = !worker.Broken && worker.Runspace.RunspaceStateInfo.State == RunspaceState.Opened;
            lock (gate)
            {
                if (reusable && !disposed)
                {
                    idle.Push(worker);
                    return;
                }

                all.Remove(worker);
            }

            // A broken runspace may still be running a script that ignores Stop; closing it may block.
            Task.Run(() => Close(worker.Runspace));
        }

        /// <summary>Closes a runspace that may already be broken.</summary>
        public static void Close(Runspace runspace)
        {
            try
            {
                runspace.Dispose();
            }
            catch (Exception)
            {
                // Closing a runspace that is already broken can fail; it is gone either way.
            }
        }

        public void Dispose() => Dispose(keep: null);

        /// <summary>
        /// Closes the runspaces; <paramref name="keep"/> is offered each idle one first and returns true when it took
        /// it (to keep it for the session's next run).
        /// </summary>
        public void Dispose(Func<Worker, bool>? keep)
        {
            List<Worker> toClose;
            List<Worker> idleOnes;
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                idleOnes = new List<Worker>(idle);
                toClose = new List<Worker>(all);
                all.Clear();
                idle.Clear();
            }

            foreach (var worker in toClose)
            {
                if (!(keep != null && idleOnes.Contains(worker) && keep(worker)))
                {
                    Close(worker.Runspace);
                }
            }
        }

        /// <summary>A runspace and the number the results and timeline show for it.</summary>
        internal sealed class Worker
        {
            public Worker(int id, Runspace runspace)
            {
                Id = id;
                Runspace = runspace;
            }

            public int Id { get; }

            public Runspace Runspace { get; }

            /// <summary>A node here may have written global state: reset the runspace before the next node.</summary>
            public bool Dirty { get; set; }

            /// <summary>The run whose variables and preferences the global scope holds; null after a reset.</summary>
            public RunContext? PreparedFor { get; set; }

            /// <summary>The global functions the runspace had before any node ran; null until the first node.</summary>
            public HashSet<string>? InitialFunctions { get; set; }

            /// <summary>Node functions already defined in this runspace (they survive resets).</summary>
            public HashSet<string> DefinedFunctions { get; } = new HashSet<string>(StringComparer.Ordinal);

            /// <summary><see cref="DefinedFunctions"/> in the order they were defined, oldest first.</summary>
            public Queue<string> FunctionsByAge { get; } = new Queue<string>();

            /// <summary>The run whose <c>modules:</c> and <c>setup:</c> this runspace has prepared; null before (or after a failed setup).</summary>
            public RunContext? SharedCodeFor { get; set; }

            /// <summary>The global variables <c>setup:</c> defined, set again after a reset (which clears variables).</summary>
            public IReadOnlyList<PSVariable> SharedVariables { get; set; } = Array.Empty<PSVariable>();

            /// <summary>True once a run's <c>modules:</c> or <c>setup:</c> began here: never kept for another run.</summary>
            public bool HasSharedCode { get; set; }

            /// <summary>True when a script here ignored Stop; the runspace is closed instead of reused.</summary>
            public bool Broken { get; set; }

            /// <summary>The OS thread (<c>pid/task/tid</c>) that runs this runspace's pipelines, on Linux; null elsewhere.</summary>
            public string? PipelineThread { get; set; }

            /// <summary>This kept runspace under the number of the run that takes it; dirty when an earlier run's nodes ran there.</summary>
            public Worker Renumbered(int id)
            {
                var worker = new Worker(id, Runspace) { PipelineThread = PipelineThread, InitialFunctions = InitialFunctions, Dirty = Dirty };
                worker.DefinedFunctions.UnionWith(DefinedFunctions);
                foreach (var name in FunctionsByAge)
                {
                    worker.FunctionsByAge.Enqueue(name);
                }

                return worker;
            }
        }
    }
}
