using System;
using System.Runtime.CompilerServices;

namespace DagRunner.Engine.Execution.Adaptive
{
    /// <summary>How busy the processors are, as a fraction of all of them, since the last reading.</summary>
    internal interface ICpuMonitor
    {
        /// <summary>0 (idle) to 1 (every processor busy) since the previous call; the first call covers nothing and returns 0.</summary>
        double Utilization();

        /// <summary>How loaded the machine has been lately, per processor; NaN when unknown.</summary>
        double RecentLoad();

        /// <summary>
        /// False when the last <see cref="Utilization"/> read the whole machine only because none of the run's nodes had
        /// settled yet, so it could not tell the run's own start-up from its nodes' work (a better reading comes soon).
        /// </summary>
        bool CouldTell { get; }
    }

    /// <summary>
    /// Reads the whole machine's CPU time on Linux (<c>/proc/stat</c>), so native tools a node starts and other
    /// processes count too; elsewhere falls back to this process's own CPU time (children not included). On Linux,
    /// this process's own work that is not a node computing (runspaces opening and warming up, the scheduler) does
    /// not count as load: where its nodes have settled (<see cref="RunningNodeThreads"/>), the reading is the other
    /// processes' use plus one processor per node that wants one, when that is less than the machine's.
    /// </summary>
    internal sealed class SystemCpuMonitor : ICpuMonitor
    {
        /// <summary>
        /// A run's start looks back at most this far, to the previous run's start in this process.
        /// <value>The value is 60 s, the span of the load average it replaces.</value>
        /// </summary>
        public static readonly TimeSpan LookBackAtMost = TimeSpan.FromSeconds(60);

        /// <summary>The shortest look back that is read: the counters tick every 10 ms per processor. <value>The value is 200 ms.</value></summary>
        public static readonly TimeSpan LookBackAtLeast = TimeSpan.FromMilliseconds(200);

        private static readonly StrongBox<CpuCounterReading?> ProcessLastStart = new StrongBox<CpuCounterReading?>(null);

        private readonly ICpuCounters counters;
        private readonly RunningNodeThreads nodes;
        private readonly TimeProvider clock;
        private readonly StrongBox<CpuCounterReading?> lastStart;
        private readonly int processors;
        private CpuCounterReading last;
        private bool primed;

        public SystemCpuMonitor(ICpuCounters? counters = null, RunningNodeThreads? nodes = null, TimeProvider? clock = null, int? processorCount = null, StrongBox<CpuCounterReading?>? lastStart = null)
        {
            this.counters = counters ?? OperatingSystemCpuCounters.Instance;
            this.nodes = nodes ?? RunningNodeThreads.Shared;
            this.clock = clock ?? TimeProvider.System;
            this.lastStart = lastStart ?? ProcessLastStart;
            processors = Math.Max(1, processorCount ?? Environment.ProcessorCount);
        }

        public bool CouldTell { get; private set; } = true;

        public double Utilization()
        {
            var now = counters.Read();
            var previous = last;
            last = now;
            CouldTell = true;
            if (!primed)
            {
                primed = true;
                return 0;
            }

            double total = now.Total - previous.Total;
            if (total <= 0)
            {
                return 0;
            }

            double machine = Fraction(now.Busy - previous.Busy, total);
            if (double.IsNaN(now.Own) || double.IsNaN(previous.Own))
            {
                return machine; // no thread states here: no better reading will come
            }

            var (settled, computing) = nodes.Classify();
            CouldTell = settled > 0;
            return Effective(machine, Fraction(now.Busy - previous.Busy - (now.Own - previous.Own), total), settled, computing, processors);
        }

        /// <summary>
        /// The machine's use, or less: the other processes' use (<paramref name="others"/>, this process's children
        /// included) plus one processor per computing node (estimated from the settled ones), once some nodes have
        /// settled (before that nothing tells this run's own start-up from its nodes' work).
        /// </summary>
        internal static double Effective(double machine, double others, int settled, double computing, int processors)
            => settled == 0 ? machine : Math.Min(machine, Math.Min(1, others + (computing / Math.Max(1, processors))));

        /// <summary>
        /// The other processes' CPU use since the previous run in this process started, when that was between
        /// <see cref="LookBackAtLeast"/> and <see cref="LookBackAtMost"/> ago: this process's own earlier runs are
        /// not load for this one, which the load average cannot tell. Else the load average per processor.
        /// </summary>
        public double RecentLoad()
        {
            var now = counters.Read();
            CpuCounterReading? start;
            lock (lastStart)
            {
                start = lastStart.Value;
                var age = start is { } s ? clock.GetElapsedTime(s.Timestamp, now.Timestamp) : TimeSpan.MaxValue;
                if (age < LookBackAtLeast)
                {
                    return counters.LoadAverage(); // too short to read; the next run looks back further
                }

                lastStart.Value = now;
                if (age > LookBackAtMost)
                {
                    start = null;
                }
            }

            if (start is { } from && !double.IsNaN(now.Own) && !double.IsNaN(from.Own) && now.Total > from.Total)
            {
                return Fraction(now.Busy - from.Busy - (now.Own - from.Own), now.Total - from.Total);
            }

            return counters.LoadAverage();
        }

        private static double Fraction(double part, double total) => Math.Max(0, Math.Min(1, part / total));
    }
}
