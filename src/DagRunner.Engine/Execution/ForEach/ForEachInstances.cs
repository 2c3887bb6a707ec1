using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.ForEach
{
    /// <summary>
    /// Turns a <c>foreach</c> node and its items into one instance per item, <c>node[key]</c>. The key is the
    /// item's own text when every item is a short, distinct scalar (a string, number or boolean without brackets),
    /// so ids stay the same when items are added, removed or reordered; otherwise (and when an item holds a secret's
    /// value, which must not become part of a node id) it is the item's 0-based index.
    /// A node with several hosts in <c>on:</c> has them as its items: its instances are <c>node[host]</c>, one per host.
    /// </summary>
    internal static class ForEachInstances
    {
        private const int MaxKeyLength = 64;

        /// <param name="isSecret">True for text that holds a secret's value: then the instances are keyed by index, so no value ends up in a node id.</param>
        public static IReadOnlyList<NodeDefinition> Create(NodeDefinition group, IReadOnlyList<object?> items, Func<string, bool>? isSecret = null)
        {
            var keys = Keys(items, isSecret);
            var instances = new NodeDefinition[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                instances[i] = group with
                {
                    Id = $"{group.Id}[{keys[i]}]",
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
