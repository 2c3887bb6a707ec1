using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Execution.ForEach
{
    /// <summary>
    /// Turns a <c>foreach</c> node and its items into one instance per item, <c>node[key]</c>. The key is the
    /// item's own text when every item is a short, distinct scalar (a string, number or boolean without brackets),
    /// so ids stay the same when items are added, removed or reordered; otherwise (and when an item holds a secret's
    /// value, which must not become part of a node id) it is the item's 0-based index.
    /// With <c>key:</c>, the keys it gave (see <see cref="CheckKeys"/>).
    /// A node with several hosts in <c>on:</c> has them as its items: its instances are <c>node[host]</c>, one per host.
    /// </summary>
    internal static class ForEachInstances
    {
        private const int MaxKeyLength = 64;

        /// <param name="isSecret">True for text that holds a secret's value: then the instances are keyed by index, so no value ends up in a node id.</param>
        /// <param name="itemKeys">The keys <c>key:</c> gave the items, checked by <see cref="CheckKeys"/>; null to key them as the class summary says.</param>
        public static IReadOnlyList<NodeDefinition> Create(NodeDefinition group, IReadOnlyList<object?> items, Func<string, bool>? isSecret = null, IReadOnlyList<string>? itemKeys = null)
        {
            var keys = itemKeys?.ToArray() ?? Keys(items, isSecret);
            var instances = new NodeDefinition[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                instances[i] = group with
                {
                    Id = InstanceId.Of(group.Id, keys[i]),
                    ForEach = null,
                    InstanceOf = group.Id,
                    Item = items[i],
                    ItemKey = keys[i],

                    // A node on several hosts is a foreach over them (see HostsReader.ForEachHost): each instance on its own.
                    On = group.On.Count > 1 ? new[] { (string)items[i]! } : group.On,
                };
            }

            return instances;
        }

        /// <summary>The keys of <paramref name="items"/>, in order (see the class summary).</summary>
        public static string[] Keys(IReadOnlyList<object?> items, Func<string, bool>? isSecret = null)
        {
            var texts = items.Select(ScalarText).ToArray();
            bool byValue = texts.All(t => t != null && (isSecret == null || !isSecret(t)))
                && texts.Distinct(StringComparer.OrdinalIgnoreCase).Count() == texts.Length;
            return byValue ? texts.Select(t => t!).ToArray() : Enumerable.Range(0, items.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        /// <summary>
        /// The error that keeps the keys <c>key:</c> gave (in item order) from naming instances, or null when every key is
        /// usable: not empty, at most 64 characters, no <c>[</c>, <c>]</c> or line break, no secret's value, and unique
        /// ignoring case (as node ids are). The message names the items by their 0-based positions, never a secret.
        /// </summary>
        public static ErrorRecord? CheckKeys(string nodeId, IReadOnlyList<string> keys, Func<string, bool>? isSecret = null)
        {
            var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                string? problem =
                    string.IsNullOrWhiteSpace(key) ? "is empty"
                    : isSecret != null && isSecret(key) ? null
                    : key.Length > MaxKeyLength ? $"is {key.Length} characters long (at most {MaxKeyLength})"
                    : key.IndexOfAny(new[] { '[', ']' }) >= 0 ? $"'{key}' holds '[' or ']', which end an instance id"
                    : key.IndexOfAny(new[] { '\r', '\n' }) >= 0 ? "holds a line break"
                    : string.Empty;
                var at = $"item {Position(i)} (0-based)";
                if (problem == null)
                {
                    return Error($"The 'foreach' key of node '{nodeId}' for {at} holds the value of a secret, which must not become part of a node id. Make 'key:' give another property of the item.", ForEachKeyErrors.Secret, nodeId);
                }

                if (problem.Length > 0)
                {
                    return Error($"The 'foreach' key of node '{nodeId}' for {at} {problem}. Make 'key:' give a short text without brackets or line breaks.", ForEachKeyErrors.Invalid, nodeId);
                }

                if (first.TryGetValue(key, out var earlier))
                {
                    var same = string.Equals(keys[earlier], key, StringComparison.Ordinal) ? $"the key '{key}'" : $"the keys '{keys[earlier]}' and '{key}', which differ only in case (ids ignore case)";
                    return Error($"Items {Position(earlier)} and {Position(i)} (0-based) of node '{nodeId}' have {same}: two instances would be '{nodeId}[{key}]'. Make 'key:' give each item a key of its own.", ForEachKeyErrors.Duplicate, nodeId);
                }

                first.Add(key, i);
            }

            return null;
        }

        private static string Position(int index) => index.ToString(CultureInfo.InvariantCulture);

        private static ErrorRecord Error(string message, string id, string nodeId)
            => new ErrorRecord(new InvalidOperationException(message), id, ErrorCategory.InvalidData, nodeId);

        private static string? ScalarText(object? item)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            string? text = value switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                IFormattable number when value is int || value is long || value is double || value is decimal => number.ToString(null, CultureInfo.InvariantCulture),
                _ => null,
            };
            return text != null && text.Length > 0 && text.Length <= MaxKeyLength && text.IndexOfAny(new[] { '[', ']', '\r', '\n' }) < 0 ? text : null;
        }
    }
}
