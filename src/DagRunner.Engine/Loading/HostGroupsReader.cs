using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Reads the top-level <c>groups: { workers: [w1, w2] }</c> (named sets of <c>hosts:</c> entries) and a node's
    /// <c>on: { any: workers }</c>, which runs the node on whichever host of the group has a free session.
    /// </summary>
    internal static class HostGroupsReader
    {
        /// <summary>The groups by name (case-insensitive), each a list of host names as <c>hosts:</c> spells them; entries with problems are reported and left out.</summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(RawEntry entry, IReadOnlyDictionary<string, HostDefinition>? hosts, ReadContext context)
        {
            var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            var mapping = SettingReader.Mapping(entry, "a mapping of group names to lists of hosts, e.g. { workers: [w1, w2, w3] }", context);
            if (mapping == null)
            {
                return groups;
            }

            foreach (var group in MappingKeys.UniqueNames(mapping, "in 'groups'", "Each group needs a name of its own: rename or merge them.", context))
            {
                var members = ReadGroup(group, hosts, context);
                if (members != null)
                {
                    groups.Add(group.Name, members);
                }
            }

            return groups;
        }

        /// <summary>
        /// The group of an <c>on:</c> written as a mapping, which must be exactly <c>{ any: &lt;group&gt; }</c>; null
        /// (and reported) when it is not, or names no group of <paramref name="groups"/>.
        /// </summary>
        public static string? ReadOnAny(RawMapping on, string nodeId, IReadOnlyDictionary<string, IReadOnlyList<string>>? groups, ReadContext context)
        {
            const string Shape = "Write 'on: { any: <group> }' to run it on any host of a 'groups:' entry, 'on: <host>' for one host, or 'on: [<host>, ...]' for one instance on each.";
            if (on.Entries.Count != 1 || !string.Equals(on.Entries[0].Name, "any", StringComparison.OrdinalIgnoreCase))
            {
                var keys = on.Entries.Count == 0 ? "no key" : string.Join(", ", on.Entries.Select(e => $"'{e.Name}'"));
                context.Error(DiagnosticIds.BadOnAny, on.Location, $"'on' of node '{nodeId}' is a mapping with {keys}; the only mapping 'on' takes is {{ any: <group> }}. {Shape}");
                return null;
            }

            var any = on.Entries[0];
            if (!(any.Value is RawScalar name) || name.IsNull || string.IsNullOrWhiteSpace(name.Text))
            {
                var what = any.Value is RawScalar ? "empty" : any.Value.ShapeName;
                context.Error(DiagnosticIds.BadOnAny, any.Value.Location, $"'any' in the 'on' of node '{nodeId}' is {what}; it takes the name of one 'groups:' entry. {Shape}");
                return null;
            }

            if (groups == null)
            {
                context.Error(DiagnosticIds.UnknownHostGroup, name.Location, $"Node '{nodeId}' runs on any host of group '{name.Text}', but the workflow has no top-level 'groups:'. Add 'groups: {{ {name.Text}: [<host>, <host>] }}' naming 'hosts:' entries.");
                return null;
            }

            var match = groups.Keys.FirstOrDefault(g => string.Equals(g, name.Text, StringComparison.OrdinalIgnoreCase));
            if (match == null)
            {
                context.Error(DiagnosticIds.UnknownHostGroup, name.Location, $"Node '{nodeId}' runs on any host of group '{name.Text}', which is not in 'groups'.{NearestName.Suggestion(name.Text, groups.Keys.ToList(), "groups")}");
                return null;
            }

            return match;
        }

        private static IReadOnlyList<string>? ReadGroup(RawEntry group, IReadOnlyDictionary<string, HostDefinition>? hosts, ReadContext context)
        {
            if (!(group.Value is RawSequence sequence))
            {
                var what = group.Value is RawScalar scalar && scalar.IsNull ? "empty" : group.Value.ShapeName;
                context.Error(DiagnosticIds.BadHostGroup, group.Value.Location, $"Group '{group.Name}' is {what}; it must be a list of 'hosts:' names, e.g. {group.Name}: [w1, w2].");
                return null;
            }

            if (sequence.Items.Count == 0)
            {
                context.Error(DiagnosticIds.BadHostGroup, sequence.Location, $"Group '{group.Name}' is an empty list. Name at least one 'hosts:' entry, or remove the group.");
                return null;
            }

            var members = new List<string>();
            bool ok = true;
            foreach (var item in sequence.Items)
            {
                if (!(item is RawScalar name) || name.IsNull)
                {
                    context.Error(DiagnosticIds.BadHostGroup, item.Location, $"Each entry of group '{group.Name}' must be the name of a host, not {(item is RawScalar ? "empty" : item.ShapeName)}.");
                    ok = false;
                    continue;
                }

                if (hosts == null || !hosts.TryGetValue(name.Text, out var host))
                {
                    var fix = hosts == null
                        ? " The workflow has no top-level 'hosts:': add the host there."
                        : NearestName.Suggestion(name.Text, hosts.Keys.ToList(), "hosts");
                    context.Error(DiagnosticIds.BadHostGroup, name.Location, $"Group '{group.Name}' names host '{name.Text}', which is not in 'hosts'.{fix}");
                    ok = false;
                    continue;
                }

                if (members.Contains(host.Name, StringComparer.OrdinalIgnoreCase))
                {
                    context.Error(DiagnosticIds.BadHostGroup, name.Location, $"Host '{name.Text}' is listed twice in group '{group.Name}'. List it once (give it more 'maxSessions' to run more there).");
                    ok = false;
                    continue;
                }

                members.Add(host.Name);
            }

            return ok ? members : null;
        }
    }
}
