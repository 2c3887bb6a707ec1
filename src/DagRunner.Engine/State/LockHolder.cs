using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// Who holds (or last held) a workflow's run lock: written beside the lock when a run takes it and deleted when
    /// the run lets it go, so a second run can say who is in its way, and a run that finds one left behind knows
    /// that its writer died holding the lock. The lock itself is the operating system's; this is only its label.
    /// </summary>
    public sealed class LockHolder
    {
        private const int FormatVersion = 1;

        public LockHolder(
            int processId, string hostName, DateTimeOffset since, string? runId = null, string? command = null, DateTimeOffset? processStartTime = null,
            long? processStartTicks = null, string? bootId = null)
        {
            ProcessId = processId;
            HostName = hostName;
            Since = since;
            RunId = runId;
            Command = command;
            ProcessStartTime = processStartTime;
            ProcessStartTicks = processStartTicks;
            BootId = bootId;
        }

        /// <summary>The holder's process id.</summary>
        public int ProcessId { get; }

        /// <summary>The machine the holder runs on.</summary>
        public string HostName { get; }

        /// <summary>When the holder took the lock.</summary>
        public DateTimeOffset Since { get; }

        /// <summary>The run the holder is running; null until it is known (a resume reads it from the checkpoint under the lock).</summary>
        public string? RunId { get; }

        /// <summary>What took the lock: Invoke-Dag, Resume-Dag.</summary>
        public string? Command { get; }

        /// <summary>When the holder's process started: with the id, it tells the holder from a later process that reuses its id.</summary>
        public DateTimeOffset? ProcessStartTime { get; }

        /// <summary>
        /// Linux: when the holder's process started, in clock ticks since boot. It identifies the process where the
        /// wall-clock <see cref="ProcessStartTime"/> cannot: .NET works that out from the boot time as each process
        /// saw it, so a clock step between the holder's start and a reader's first look moved it by the step.
        /// </summary>
        public long? ProcessStartTicks { get; }

        /// <summary>Linux: the boot the holder ran in; another boot means the holder is gone, whatever runs with its id now.</summary>
        public string? BootId { get; }

        /// <summary>True when the holder is a process of this machine.</summary>
        public bool IsOnThisHost => string.Equals(HostName, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Whether the holder's process still runs: true or false on this machine (same id and start time: on Linux the
        /// start in ticks since boot, in the same boot; elsewhere, and for a label that lacks them, the start as a time
        /// of day, which Windows and macOS keep as such); null for another machine, which this one cannot see.
        /// </summary>
        public bool? IsAlive()
        {
            if (!IsOnThisHost)
            {
                return null;
            }

            if (ProcessStartTicks is long startTicks && BootId != null && LinuxProcStat.BootId() is string bootId)
            {
                return string.Equals(BootId, bootId, StringComparison.Ordinal)
                    && LinuxProcStat.State(ProcessId) is char state && state != 'Z' && state != 'X'
                    && LinuxProcStat.StartTicks(ProcessId) == startTicks;
            }

            try
            {
                using var process = Process.GetProcessById(ProcessId);
                if (process.HasExited)
                {
                    return false;
                }

                // The start time is read with a second's rounding on some systems; a reused id starts much later.
                return ProcessStartTime == null || Math.Abs((StartTimeOf(process) - ProcessStartTime.Value).TotalSeconds) < 2;
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is NotSupportedException)
            {
                return false;
            }
        }

        /// <summary>This process, as the holder of a lock taken now.</summary>
        internal static LockHolder Current(DateTimeOffset since, string? runId, string? command)
        {
            using var self = Process.GetCurrentProcess();
            DateTimeOffset? started = null;
            try
            {
                started = StartTimeOf(self);
            }
            catch (Exception e) when (e is InvalidOperationException || e is NotSupportedException || e is System.ComponentModel.Win32Exception)
            {
                // Without it the id alone identifies the holder.
            }

            return new LockHolder(self.Id, Environment.MachineName, since, runId, command, started, LinuxProcStat.StartTicks(self.Id), LinuxProcStat.BootId());
        }

        internal LockHolder WithRunId(string runId) => new LockHolder(ProcessId, HostName, Since, runId, Command, ProcessStartTime, ProcessStartTicks, BootId);

        /// <summary>Reads the label; null when there is none or it cannot be read (a label is never worth an error).</summary>
        internal static LockHolder? Read(string path)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = document.RootElement;
                return new LockHolder(
                    root.GetProperty("pid").GetInt32(),
                    root.GetProperty("host").GetString() ?? string.Empty,
                    DateTimeOffset.Parse(root.GetProperty("since").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    OptionalString(root, "runId"),
                    OptionalString(root, "command"),
                    OptionalString(root, "processStart") is string start ? DateTimeOffset.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : (DateTimeOffset?)null,
                    root.TryGetProperty("processStartTicks", out var ticks) && ticks.ValueKind == JsonValueKind.Number ? ticks.GetInt64() : (long?)null,
                    OptionalString(root, "bootId"));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException || e is InvalidOperationException
                                      || e is FormatException || e is System.Collections.Generic.KeyNotFoundException)
            {
                return null;
            }
        }

        internal void Write(string path)
            => AtomicFile.Write(path, stream =>
            {
                using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                json.WriteStartObject();
                json.WriteNumber("format", FormatVersion);
                json.WriteNumber("pid", ProcessId);
                json.WriteString("host", HostName);
                json.WriteString("since", Since.ToString("o", CultureInfo.InvariantCulture));
                json.WriteString("runId", RunId);
                json.WriteString("command", Command);
                json.WriteString("processStart", ProcessStartTime?.ToString("o", CultureInfo.InvariantCulture));
                if (ProcessStartTicks is long startTicks)
                {
                    json.WriteNumber("processStartTicks", startTicks);
                }

                json.WriteString("bootId", BootId);
                json.WriteEndObject();
            });

        /// <summary>"pid 4242 on host build01 (Resume-Dag, run 20261202T101500Z-3f9a, since 2026-12-02 10:15:00 +00:00)".</summary>
        public override string ToString()
        {
            var details = string.Join(", ", new[] { Command, RunId == null ? null : "run " + RunId, "since " + Since.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) }
                .Where(d => d != null));
            return $"pid {ProcessId} on host {HostName} ({details})";
        }

        private static DateTimeOffset StartTimeOf(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);

        private static string? OptionalString(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
