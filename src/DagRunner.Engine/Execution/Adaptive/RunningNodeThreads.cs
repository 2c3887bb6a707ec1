using System;
using System.Collections.Concurrent;
using System.Threading;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Execution.Adaptive
{
    /// <summary>
    /// The threads running a node's script in this process right now, so that <c>-Mode Adaptive</c> can tell the nodes
    /// that compute from the nodes that wait. A node's runspace runs its pipelines on one thread (ReuseThread); on
    /// Linux the thread's state (<c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/stat</c>) says whether it wants a processor
    /// (<c>R</c>) or waits (sleep, disk, network, a child process). A node counts only after it has run for
    /// <see cref="SettleTime"/>: its first moments are the runspace warming up (loading the modules its first commands
    /// need; measured in docs/benchmarks.md, "Adaptive: the run's own start-up is not load"), which every node does, waiting ones too.
    /// </summary>
    internal sealed class RunningNodeThreads
    {
        /// <summary>How long a node runs before its thread's state counts. <value>The value is 100 ms.</value></summary>
        public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(100);

        /// <summary>The most threads one <see cref="Classify"/> reads; beyond that it reads these and scales. <value>The value is 128.</value></summary>
        public const int MaxThreadsRead = 128;

        private readonly ConcurrentDictionary<long, (string TaskPath, long Started)> running = new ConcurrentDictionary<long, (string TaskPath, long Started)>();
        private readonly TimeProvider clock;
        private readonly Func<string, char?> readState;
        private long nextKey;

        public RunningNodeThreads(TimeProvider? clock = null, Func<string, char?>? readState = null)
        {
            this.clock = clock ?? TimeProvider.System;
            this.readState = readState ?? LinuxProcStat.State;
        }

        /// <summary>The process's nodes, whichever run they belong to: they share the processors.</summary>
        public static RunningNodeThreads Shared { get; } = new RunningNodeThreads();

        /// <summary>
        /// Counts a node as running on the thread <paramref name="taskPath"/> (<c>pid/task/tid</c>) until the result is
        /// disposed; nothing is counted where the thread is not known (not Linux).
        /// </summary>
        public IDisposable Enter(string? taskPath)
        {
            long key = Interlocked.Increment(ref nextKey);
            if (taskPath != null)
            {
                running[key] = (taskPath, clock.GetTimestamp());
            }

            return new Leave(this, key);
        }

        /// <summary>
        /// How many running nodes have run for <see cref="SettleTime"/> (<c>Settled</c>), and how many of all running
        /// nodes want a processor (<c>Computing</c>): the share of the settled ones that do right now (at most
        /// <see cref="MaxThreadsRead"/> read) times all, since a node that has just started is likely to do what the
        /// others do. Zero and zero when none has settled.
        /// </summary>
        public (int Settled, double Computing) Classify()
        {
            long now = clock.GetTimestamp();
            int all = 0, settled = 0, read = 0, computing = 0;
            foreach (var entry in running.Values)
            {
                all++;
                if (clock.GetElapsedTime(entry.Started, now) < SettleTime)
                {
                    continue;
                }

                settled++;
                if (read < MaxThreadsRead && readState(entry.TaskPath) is char state)
                {
                    read++;
                    computing += state == 'R' ? 1 : 0;
                }
            }

            return read == 0 ? (0, 0) : (settled, (double)computing * all / read);
        }

        private sealed class Leave : IDisposable
        {
            private readonly RunningNodeThreads owner;
            private readonly long key;

            public Leave(RunningNodeThreads owner, long key)
            {
                this.owner = owner;
                this.key = key;
            }

            public void Dispose() => owner.running.TryRemove(key, out _);
        }
    }
}
