using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// Native processes a dead run left running. A killed pwsh (kill -9, the out-of-memory killer) cannot stop what its
    /// nodes started: a deployment tool, a build, a <c>sleep</c> goes on, orphaned, and a resume would start that node a
    /// second time beside it. Linux keeps no tie from an orphan to the process that started it, so each lock holder
    /// marks its environment (<see cref="Variable"/> = its pid and start in ticks since boot), which every process it
    /// starts inherits; the run that takes over a dead holder's lock looks for that mark in <c>/proc/*/environ</c>.
    /// </summary>
    /// <remarks>
    /// Linux only (elsewhere there is no mark and nothing is found). A process that cleared its environment
    /// (<c>env -i</c>), or belongs to another user (whose environment cannot be read), is not found; remote nodes'
    /// processes are on their hosts. What is found is only named: a node may start a server meant to outlive the run.
    /// </remarks>
    internal static class LeftoverProcesses
    {
        /// <summary>The environment variable that marks the processes a lock holder started: <c>&lt;pid&gt;:&lt;start ticks&gt;</c>.</summary>
        public const string Variable = "DAGRUNNER_LOCK_HOLDER";

        /// <summary>How many processes a warning names; the rest are counted. <value>The value is 5.</value></summary>
        internal const int Named = 5;

        private const int CommandLineLength = 80;

        private const string ProcRoot = "/proc";

        private static readonly Lazy<int> SelfId = new Lazy<int>(() =>
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return self.Id;
        });

        /// <summary>Marks this process as <paramref name="holder"/>, so the processes it starts from now on carry the mark.</summary>
        public static void Mark(LockHolder holder)
        {
            if (MarkOf(holder) is string mark)
            {
                Environment.SetEnvironmentVariable(Variable, mark);
            }
        }

        /// <summary>The processes of this machine that carry <paramref name="dead"/>'s mark, in pid order; empty when it left none or this is not Linux.</summary>
        public static IReadOnlyList<(int ProcessId, string CommandLine)> Of(LockHolder dead)
        {
            var mark = MarkOf(dead);
            if (mark == null || !dead.IsOnThisHost || !Directory.Exists(ProcRoot)
                || dead.BootId == null || !string.Equals(dead.BootId, Utils.LinuxProcStat.BootId(), StringComparison.Ordinal))
            {
                return Array.Empty<(int, string)>(); // another boot: nothing of it still runs
            }

            var needle = Encoding.ASCII.GetBytes(Variable + "=" + mark + "\0");
            int self = SelfId.Value;
            var found = new List<(int, string)>();
            IEnumerable<string> folders;
            try
            {
                folders = Directory.EnumerateDirectories(ProcRoot).ToList();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Array.Empty<(int, string)>(); // a /proc that may not be listed (hidepid): only the warning's words are lost
            }

            foreach (var folder in folders)
            {
                // An ended process, zombie or gone, has no environment to read: only live ones carry the mark.
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && pid != self && Carries(Path.Combine(folder, "environ"), needle))
                {
                    found.Add((pid, CommandLine(Path.Combine(folder, "cmdline"))));
                }
            }

            return found.OrderBy(p => p.Item1).ToList();
        }

        /// <summary>"27523 (sleep 4242.5), 27530 (terraform apply) and 3 more".</summary>
        public static string Describe(IReadOnlyList<(int ProcessId, string CommandLine)> processes)
        {
            var named = processes.Take(Named).Select(p => $"{p.ProcessId} ({p.CommandLine})").ToList();
            var more = processes.Count - named.Count;
            return more > 0 ? $"{string.Join(", ", named)} and {more} more" : string.Join(", ", named);
        }

        private static string? MarkOf(LockHolder holder)
            => holder.ProcessStartTicks is long ticks ? string.Format(CultureInfo.InvariantCulture, "{0}:{1}", holder.ProcessId, ticks) : null;

        /// <summary>Whether the environment file holds the variable with that value (the first variable, or after a NUL).</summary>
        private static bool Carries(string environFile, byte[] needle)
        {
            byte[] environ;
            try
            {
                environ = File.ReadAllBytes(environFile);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false; // gone, or another user's
            }

            var span = environ.AsSpan();
            for (int at = span.IndexOf(needle); at >= 0; at = NextMatch(span, needle, at))
            {
                if (at == 0 || span[at - 1] == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static int NextMatch(ReadOnlySpan<byte> span, byte[] needle, int after)
        {
            int next = span.Slice(after + 1).IndexOf(needle);
            return next < 0 ? -1 : after + 1 + next;
        }

        private static string CommandLine(string cmdlineFile)
        {
            string text;
            try
            {
                text = Encoding.UTF8.GetString(File.ReadAllBytes(cmdlineFile)).TrimEnd('\0').Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return "?";
            }

            return text.Length > CommandLineLength ? text.Substring(0, CommandLineLength - 3) + "..." : text;
        }
    }
}
