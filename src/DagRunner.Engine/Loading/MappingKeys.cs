using System;
using System.Collections.Generic;
using System.Globalization;
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
            => Collect(map, known, where, null, context);

        /// <summary>
        /// <see cref="Collect(RawMapping, string[], string, ReadContext)"/> where the place is
        /// <c>string.Format(<paramref name="where"/>, <paramref name="name"/>)</c>, formatted only for a message: a
        /// workflow of many nodes reads this once a node.
        /// </summary>
        public static IReadOnlyDictionary<string, RawEntry> Collect(RawMapping map, string[] known, string where, string? name, ReadContext context)
        {
            var entries = map.Entries;
            var comparer = context.KeyComparer;
            var found = new Dictionary<string, RawEntry>(entries.Count, StringComparer.Ordinal);

            // Settings mappings are short: a scan of the earlier keys finds a repeat without a second dictionary.
            var seen = entries.Count > ShortMapping ? new Dictionary<string, RawEntry>(entries.Count, comparer) : null;
            for (int i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var first = seen != null ? (seen.TryGetValue(entry.Name, out var earlier) ? earlier : null) : EarlierEntry(entries, i, comparer);
                if (first != null)
                {
                    context.Error(DiagnosticIds.DuplicateKey, entry.Key.Location, $"'{entry.Name}' is written twice {Place(where, name)} (first at {ReadContext.Describe(first.Key.Location)}). Keep one of them.");
                    continue;
                }

                seen?.Add(entry.Name, entry);
                var canonical = Canonical(known, entry.Name, comparer);
                if (canonical == null)
                {
                    var hint = KeysOfOtherTools.Hint(entry.Name, known) ?? NearestName.Suggestion(entry.Name, known, "keys");
                    context.Error(DiagnosticIds.UnknownKey, entry.Key.Location, $"Unknown key '{entry.Name}' {Place(where, name)}.{hint}");
                    continue;
                }

                found.Add(canonical, entry);
            }

            return found;
        }

        /// <summary>Mappings with at most this many keys find repeats by scanning instead of hashing.</summary>
        private const int ShortMapping = 8;

        private static RawEntry? EarlierEntry(IReadOnlyList<RawEntry> entries, int index, StringComparer comparer)
        {
            for (int i = 0; i < index; i++)
            {
                if (comparer.Equals(entries[i].Name, entries[index].Name))
                {
                    return entries[i];
                }
            }

            return null;
        }

        private static string? Canonical(string[] known, string name, StringComparer comparer)
        {
            foreach (var key in known)
            {
                if (comparer.Equals(key, name))
                {
                    return key;
                }
            }

            return null;
        }

        private static string Place(string where, string? name) => name == null ? where : string.Format(CultureInfo.InvariantCulture, where, name);

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
