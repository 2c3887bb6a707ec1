using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Execution.Adaptive
{
    /// <summary>
    /// One reading of the CPU counters, in one unit: the time any processor was busy (<paramref name="Busy"/>) and all
    /// time (<paramref name="Total"/>), both summed over processors; this process's user and system time, its threads and
    /// not its children (<paramref name="Own"/>, NaN when unknown); and when it was read (<paramref name="Timestamp"/>,
    /// <see cref="TimeProvider.GetTimestamp"/>).
    /// </summary>
    internal readonly record struct CpuCounterReading(double Busy, double Total, double Own, long Timestamp);

    /// <summary>Where <see cref="SystemCpuMonitor"/> reads the CPU: the operating system's counters, or a test's.</summary>
    internal interface ICpuCounters
    {
        CpuCounterReading Read();

        /// <summary>The 1-minute load average over the processor count; NaN when unknown.</summary>
        double LoadAverage();
    }

    /// <summary>
    /// Linux: <c>/proc/stat</c>'s first line (user nice system idle iowait irq softirq steal) and <c>/proc/self/stat</c>'s
    /// utime and stime, both in clock ticks, and <c>/proc/loadavg</c>. Elsewhere: this process's CPU time only.
    /// </summary>
    internal sealed class OperatingSystemCpuCounters : ICpuCounters
    {
        private const string ProcStat = "/proc/stat";
        private const string LoadAverageFile = "/proc/loadavg";
        private static readonly bool HasProcStat = File.Exists(ProcStat);

        public static OperatingSystemCpuCounters Instance { get; } = new OperatingSystemCpuCounters();

        public CpuCounterReading Read()
        {
            if (HasProcStat)
            {
                try
                {
                    var line = File.ReadLines(ProcStat).First();
                    var ticks = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(double.Parse).ToArray();
                    double idle = ticks[3] + (ticks.Length > 4 ? ticks[4] : 0);
                    double total = ticks.Sum();
                    return new CpuCounterReading(total - idle, total, ReadOwnTicks(), Stopwatch.GetTimestamp());
                }
                catch (Exception ex) when (ex is IOException || ex is FormatException || ex is IndexOutOfRangeException || ex is UnauthorizedAccessException)
                {
                    // fall through to the process's own time
                }
            }

            using var self = Process.GetCurrentProcess();
            long now = Stopwatch.GetTimestamp();
            return new CpuCounterReading(self.TotalProcessorTime.TotalMilliseconds, now * 1000.0 / Stopwatch.Frequency * Environment.ProcessorCount, double.NaN, now);
        }

        public double LoadAverage()
        {
            try
            {
                if (!File.Exists(LoadAverageFile))
                {
                    return double.NaN;
                }

                var first = File.ReadAllText(LoadAverageFile).Split(' ')[0];
                return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture) / Math.Max(1, Environment.ProcessorCount);
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException || ex is UnauthorizedAccessException)
            {
                return double.NaN;
            }
        }

        /// <summary>utime + stime of this process (fields 14 and 15 of /proc/self/stat).</summary>
        private static double ReadOwnTicks()
            => LinuxProcStat.Field("self", 14) is long user && LinuxProcStat.Field("self", 15) is long system ? user + system : double.NaN;
    }
}
