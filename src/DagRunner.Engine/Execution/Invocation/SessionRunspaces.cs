using System;
using System.Collections.Generic;
using System.Threading;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// Runspaces kept open between runs in one PowerShell session, so the next <c>Invoke-Dag</c> starts its first
    /// nodes at once instead of opening runspaces (tens of milliseconds of CPU each, hundreds for a process's first).
    /// A run parks its idle runspaces here when it ends, reset as between nodes (variables back to a new runspace's,
    /// the functions nodes defined removed); the next run takes them before opening new ones. Only plain runspaces
    /// are kept: never one that imported a workflow's <c>modules:</c> or ran its <c>setup:</c>, nor a broken one.
    /// A runspace idle for <see cref="IdleLifetime"/> is closed, and at most <see cref="Capacity"/> are kept.
    /// </summary>
    internal sealed class SessionRunspaces : IDisposable
    {
        /// <summary>The default idle lifetime: 5 minutes, the pause between two runs of an edit-and-rerun loop.</summary>
        public static readonly TimeSpan DefaultIdleLifetime = TimeSpan.FromMinutes(5);

        private readonly object gate = new object();
        private readonly LinkedList<Parked> parked = new LinkedList<Parked>();
        private readonly TimeProvider clock;
        private ITimer? sweeper;
        private bool disposed;

        public SessionRunspaces(TimeProvider? clock = null, int? capacity = null, TimeSpan? idleLifetime = null)
        {
            this.clock = clock ?? TimeProvider.System;
            Capacity = capacity ?? Math.Max(4, Environment.ProcessorCount);
            IdleLifetime = idleLifetime ?? DefaultIdleLifetime;
        }

        /// <summary>What <c>Get-Runspace</c> shows as the name of a kept runspace.</summary>
        public const string KeptName = "DagRunnerKept";

        /// <summary>The process's pool, which the cmdlets' runs share: at most max(4, processors) runspaces, each closed after 5 idle minutes.</summary>
        public static SessionRunspaces Shared { get; } = new SessionRunspaces();

        /// <summary>At most this many runspaces are kept; a run ending with more closes the rest. <value>The default value is max(4, processors).</value></summary>
        public int Capacity { get; }

        /// <summary>How long a kept runspace may wait for a run. <value>The default value is <see cref="DefaultIdleLifetime"/>.</value></summary>
        public TimeSpan IdleLifetime { get; }

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return parked.Count;
                }
            }
        }

        /// <summary>The runspace parked last (the most recently used, so the oldest expire first), or null.</summary>
        public RunspaceStock.Worker? TryTake()
        {
            lock (gate)
            {
                if (parked.Count == 0)
                {
                    return null;
                }

                var last = parked.Last!.Value;
                parked.RemoveLast();
                last.Worker.Runspace.Name = last.Name;
                return last.Worker;
            }
        }

        /// <summary>Keeps a reset, plain runspace for the next run; closes it instead when the pool is full or closed.</summary>
        public void Park(RunspaceStock.Worker worker)
        {
            lock (gate)
            {
                if (!disposed && parked.Count < Capacity)
                {
                    parked.AddLast(new Parked(worker, clock.GetUtcNow(), worker.Runspace.Name));
                    worker.Runspace.Name = KeptName;
                    sweeper ??= clock.CreateTimer(_ => Sweep(), null, IdleLifetime, Timeout.InfiniteTimeSpan);
                    return;
                }
            }

            RunspaceStock.Close(worker.Runspace);
        }

        /// <summary>Closes every kept runspace (<c>Remove-Module DagRunner</c>); later runs keep theirs again.</summary>
        public void Clear() => CloseAll(stayOpen: true);

        /// <summary>Closes every kept runspace and keeps none from now on.</summary>
        public void Dispose() => CloseAll(stayOpen: false);

        private void CloseAll(bool stayOpen)
        {
            List<Parked> closing;
            lock (gate)
            {
                disposed = !stayOpen;
                closing = new List<Parked>(parked);
                parked.Clear();
                sweeper?.Dispose();
                sweeper = null;
            }

            foreach (var item in closing)
            {
                RunspaceStock.Close(item.Worker.Runspace);
            }
        }

        /// <summary>Closes the runspaces idle for <see cref="IdleLifetime"/>; runs again when the next one expires.</summary>
        private void Sweep()
        {
            var expired = new List<Parked>();
            lock (gate)
            {
                var now = clock.GetUtcNow();
                while (parked.First != null && now - parked.First.Value.Since >= IdleLifetime)
                {
                    expired.Add(parked.First.Value);
                    parked.RemoveFirst();
                }

                sweeper?.Dispose();
                sweeper = parked.First == null || disposed
                    ? null
                    : clock.CreateTimer(_ => Sweep(), null, parked.First.Value.Since + IdleLifetime - now, Timeout.InfiniteTimeSpan);
            }

            // Closing takes a few milliseconds each: not under the lock.
            foreach (var item in expired)
            {
                RunspaceStock.Close(item.Worker.Runspace);
            }
        }

        private sealed class Parked
        {
            public Parked(RunspaceStock.Worker worker, DateTimeOffset since, string name)
            {
                Worker = worker;
                Since = since;
                Name = name;
            }

            /// <summary>The runspace's own name (<c>RunspaceN</c>), given back when a run takes it.</summary>
            public string Name { get; }

            public RunspaceStock.Worker Worker { get; }

            public DateTimeOffset Since { get; }
        }
    }
}
