using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace DagRunner.Engine.Execution.Adaptive
{
    /// <summary>How busy the processors are, as a fraction of all of them, since the last reading.</summary>
    internal interface ICpuMonitor
    {
        /// <summary>0 (idle) to 1 (every processor busy) since the previous call; the first call covers nothing and returns 0.</summary>
        double Utilization();

        /// <summary>How loaded the machine has been lately, per processor (the 1-minute load average over the processor count); NaN when unknown.</summary>
        double RecentLoad();
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
        private const string ProcStat = "/proc/stat";
        private const string OwnStat = "/proc/self/stat";
        private const string LoadAverage = "/proc/loadavg";
        private readonly bool useProcStat = File.Exists(ProcStat);
        private readonly RunningNodeThreads nodes;
        private readonly int processors;
        private Reading last;
        private bool primed;

        public SystemCpuMonitor(RunningNodeThreads? nodes = null, int? processorCount = null)
        {
            this.nodes = nodes ?? RunningNodeThreads.Shared;
            processors = Math.Max(1, processorCount ?? Environment.ProcessorCount);
        }

        public double Utilization()
        {
            var now = useProcStat ? ReadProcStat() : ReadProcess();
            var previous = last;
            last = now;
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
                return machine;
            }

            var (settled, computing) = nodes.Classify();
            return Effective(machine, Fraction(now.Busy - previous.Busy - (now.Own - previous.Own), total), settled, computing, processors);
        }

        /// <summary>
        /// The machine's use, or less: the other processes' use (<paramref name="others"/>, this process's children
        /// included) plus one processor per computing node (estimated from the settled ones), once some nodes have settled (before that nothing tells
        /// this run's own start-up from its nodes' work).
        /// </summary>
        internal static double Effective(double machine, double others, int settled, double computing, int processors)
            => settled == 0 ? machine : Math.Min(machine, Math.Min(1, others + (computing / Math.Max(1, processors))));

        /// <summary>/proc/loadavg's first field over the processor count; NaN where there is none (not Linux).</summary>
        public double RecentLoad()
        {
            try
            {
                if (!File.Exists(LoadAverage))
                {
                    return double.NaN;
                }

                var first = File.ReadAllText(LoadAverage).Split(' ')[0];
                return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture) / processors;
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is UnauthorizedAccessException)
            {
                return double.NaN;
            }
        }

        private static double Fraction(double part, double total) => Math.Max(0, Math.Min(1, part / total));

        /// <summary>
        /// The first line of /proc/stat (user nice system idle iowait irq softirq steal, in clock ticks), and this
        /// process's user and system time from /proc/self/stat (the same ticks; NaN when unreadable).
        /// </summary>
        private static Reading ReadProcStat()
        {
            try
            {
                var line = File.ReadLines(ProcStat).First();
                var ticks = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(double.Parse).ToArray();
                double idle = ticks[3] + (ticks.Length > 4 ? ticks[4] : 0);
                double total = ticks.Sum();
                return new Reading(total - idle, total, ReadOwnTicks());
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is IndexOutOfRangeException || ex is UnauthorizedAccessException)
            {
                return ReadProcess();
            }
        }

        /// <summary>utime + stime of this process (fields 14 and 15 of /proc/self/stat, counted after the command name).</summary>
        private static double ReadOwnTicks()
        {
            try
            {
                var stat = File.ReadAllText(OwnStat);
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                return double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is IndexOutOfRangeException || ex is ArgumentOutOfRangeException || ex is UnauthorizedAccessException)
            {
                return double.NaN;
            }
        }

        private static Reading ReadProcess()
        {
            using var self = Process.GetCurrentProcess();
            double busy = self.TotalProcessorTime.TotalMilliseconds;
            double total = Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency * Environment.ProcessorCount;
            return new Reading(busy, total, double.NaN);
        }

        private readonly struct Reading
        {
            public Reading(double busy, double total, double own)
            {
                Busy = busy;
                Total = total;
                Own = own;
            }

            public double Busy { get; }

            public double Total { get; }

            public double Own { get; }
        }
    }
}
