using System;
using System.IO;

namespace DagRunner.Engine.Utils
{
    /// <summary>
    /// Reads a Linux <c>/proc/&lt;pid&gt;[/task/&lt;tid&gt;]/stat</c> line. Its second field, the command name in
    /// parentheses, may hold spaces and parentheses itself, so the fields are counted from the last <c>')'</c>.
    /// Every read answers null when the file is gone, unreadable or not Linux: the process ended, or this is no Linux.
    /// </summary>
    internal static class LinuxProcStat
    {
        /// <summary>The kernel's id of this boot: with a start time in ticks since boot, it tells one process from any other ever.</summary>
        private const string BootIdFile = "/proc/sys/kernel/random/boot_id";

        /// <summary>The state letter (field 3: <c>R</c> running or runnable, <c>S</c>/<c>D</c> waiting, <c>Z</c> zombie, ...).</summary>
        /// <param name="path">Below /proc: <c>1234</c>, <c>self</c> or <c>1234/task/1240</c>.</param>
        public static char? State(string path)
        {
            var stat = Read(path);
            int close = stat?.LastIndexOf(')') ?? -1;
            return close >= 0 && close + 2 < stat!.Length ? stat[close + 2] : (char?)null;
        }

        /// <summary>The state letter of a process; null when it is gone.</summary>
        public static char? State(int processId) => State(processId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>A numeric field, numbered as in proc(5) (14 utime, 15 stime, 22 starttime).</summary>
        /// <param name="path">Below /proc: <c>1234</c>, <c>self</c> or <c>1234/task/1240</c>.</param>
        /// <param name="number">The field's number in proc(5), 3 or more.</param>
        public static long? Field(string path, int number)
        {
            var stat = Read(path);
            int close = stat?.LastIndexOf(')') ?? -1;
            if (close < 0 || number < 3)
            {
                return null;
            }

            var fields = stat!.Substring(close + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            int index = number - 3; // the state, field 3, is the first after the name
            return index < fields.Length && long.TryParse(fields[index], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : (long?)null;
        }

        /// <summary>When the process started, in clock ticks since boot (field 22): unlike a wall-clock time, no clock change moves it.</summary>
        public static long? StartTicks(int processId) => Field(processId.ToString(System.Globalization.CultureInfo.InvariantCulture), 22);

        /// <summary>This boot's id; null off Linux.</summary>
        public static string? BootId()
        {
            try
            {
                return File.Exists(BootIdFile) ? File.ReadAllText(BootIdFile).Trim() : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string? Read(string path)
        {
            try
            {
                return File.ReadAllText("/proc/" + path + "/stat");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return null;
            }
        }
    }
}
