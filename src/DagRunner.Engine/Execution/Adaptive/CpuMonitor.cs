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
    /// Reads the whole machine's CPU time on Linux (<c>/proc/stat</c>), so native tools a node starts count too;
    /// elsewhere falls back to this process's own CPU time (children not included).
    /// </summary>
    internal sealed class SystemCpuMonitor : ICpuMonitor
    {
        private const string ProcStat = "/proc/stat";
        private const string LoadAverage = "/proc/loadavg";
        private readonly bool useProcStat = File.Exists(ProcStat);
        private (double Busy, double Total) last;
        private bool primed;

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
            return total <= 0 ? 0 : Math.Max(0, Math.Min(1, (now.Busy - previous.Busy) / total));
        }

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
                return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture) / Math.Max(1, Environment.ProcessorCount);
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is UnauthorizedAccessException)
            {
                return double.NaN;
            }
        }

        /// <summary>The first line of /proc/stat: user nice system idle iowait irq softirq steal, in clock ticks.</summary>
        private (double Busy, double Total) ReadProcStat()
        {
            try
            {
                var line = File.ReadLines(ProcStat).First();
                var ticks = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(double.Parse).ToArray();
                double idle = ticks[3] + (ticks.Length > 4 ? ticks[4] : 0);
                double total = ticks.Sum();
                return (total - idle, total);
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is IndexOutOfRangeException || ex is UnauthorizedAccessException)
            {
                return ReadProcess();
            }
        }

        private static (double Busy, double Total) ReadProcess()
        {
            using var self = Process.GetCurrentProcess();
            double busy = self.TotalProcessorTime.TotalMilliseconds;
            double total = Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency * Environment.ProcessorCount;
            return (busy, total);
        }
    }
}
