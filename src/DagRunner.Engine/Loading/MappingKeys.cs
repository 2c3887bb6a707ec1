using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// The keys each part of a workflow accepts, and the two ways of walking a mapping: one whose keys are fixed
    /// settings (unknown and repeated keys are reported) and one whose keys are names (repeated names are reported).
    /// </summary>
    internal static class MappingKeys
    {
        public static readonly string[] TopLevel = { "name", "description", "timeout", "parallelism", "mode", "variables", "defaults", "nodes", "pools", "checkpoint", "hosts", "groups", "secrets", "modules", "setup" };

        public static readonly string[] Setup = { "run", "file" };

        public static readonly string[] Module = { "name", "version" };

        public static readonly string[] Node = { "needs", "run", "file", "with", "if", "when", "retry", "timeout", "continueOnError", "fallback", "priority", "pool", "foreach", "parallelism", "inputs", "outputs", "on", "transfer", "invalidates", "description" };

        public static readonly string[] ForEach = { "items", "key" };

        public static readonly string[] Defaults = { "retry", "timeout", "continueOnError", "pool" };

        public static readonly string[] Retry = { "attempts", "delay", "backoff", "maxDelay", "jitter" };

        public static readonly string[] Checkpoint = { "fsync" };

        public static readonly string[] Host = { "hostName", "userName", "keyFilePath", "port", "subsystem", "options", "computerName", "useSSL", "configurationName", "maxSessions", "connectTimeout" };

        /// <summary>
        /// The first entry of each key in <paramref name="known"/>, by its documented spelling. Unknown keys get the
        /// nearest valid one as a suggestion; a key written again is reported at its second occurrence.
        /// </summary>
        public static IReadOnlyDictionary<string, RawEntry> Collect(RawMapping map, string[] known, string where, ReadContext context)
        {
            var found = new Dictionary<string, RawEntry>(StringComparer.Ordinal);
            var seen = new Dictionary<string, RawEntry>(context.KeyComparer);
            foreach (var entry in map.Entries)
            {
                if (seen.TryGetValue(entry.Name, out var first))
                {
                    context.Error(DiagnosticIds.DuplicateKey, entry.Key.Location, $"'{entry.Name}' is written twice {where} (first at {ReadContext.Describe(first.Key.Location)}). Keep one of them.");
                    continue;
                }

                seen.Add(entry.Name, entry);
                var canonical = known.FirstOrDefault(key => context.KeyComparer.Equals(key, entry.Name));
                if (canonical == null)
                {
                    context.Error(DiagnosticIds.UnknownKey, entry.Key.Location, $"Unknown key '{entry.Name}' {where}.{NearestName.Suggestion(entry.Name, known, "keys")}");
                    continue;
                }

                found.Add(canonical, entry);
            }

            return found;
        }

        /// <summary>
        /// The entries of a mapping whose keys are names (node ids, variables, parameters, pools), skipping and
        /// reporting a name written again. Names that differ only in case count as the same: PowerShell ignores case.
        /// </summary>
        public static IEnumerable<RawEntry> UniqueNames(RawMapping map, string where, string remedy, ReadContext context)
        {
            var seen = new Dictionary<string, RawEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in map.Entries)
            {
                if (seen.TryGetValue(entry.Name, out var first))
                {
                    var at = ReadContext.Describe(first.Key.Location);
                    var problem = string.Equals(first.Name, entry.Name, StringComparison.Ordinal)
                        ? $"'{entry.Name}' is written twice {where} (first at {at})."
                        : $"'{entry.Name}' and '{first.Name}' ({at}) {where} differ only in case, and PowerShell names ignore case.";
                    context.Error(DiagnosticIds.DuplicateKey, entry.Key.Location, $"{problem} {remedy}");
                    continue;
                }

                seen.Add(entry.Name, entry);
                yield return entry;
            }
        }
    }
}
