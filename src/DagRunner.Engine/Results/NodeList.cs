using System;
using System.Collections;
using System.Collections.Generic;

namespace DagRunner.Engine.Results
{
    /// <summary>
    /// The nodes of a run result or a checkpoint: a list in order (plan order in a result, checkpoint order in a
    /// checkpoint) that can also be asked for a node by name. The same shape in both places, so what works on
    /// one works on the other in PowerShell: <c>$r.Nodes['build'].Status</c>, <c>$r.Nodes.Count</c>,
    /// <c>$r.Nodes | Where-Object Status -eq Failed</c>, <c>$c.Nodes | Format-Table Name, Status</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="NodeResult"/>, or a checkpoint's node states.</typeparam>
    public sealed class NodeList<T> : IReadOnlyList<T>
        where T : class
    {
        private readonly T[] items;
        private readonly Dictionary<string, int> indexByName;

        /// <exception cref="ArgumentException">Two nodes have the same name (ignoring case).</exception>
        internal NodeList(IEnumerable<T> items, Func<T, string> nameOf)
        {
            this.items = new List<T>(items).ToArray();
            indexByName = new Dictionary<string, int>(this.items.Length, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < this.items.Length; i++)
            {
                var name = nameOf(this.items[i]);
                if (indexByName.ContainsKey(name))
                {
                    throw new ArgumentException($"Node '{name}' is in the list twice.", nameof(items));
                }

                indexByName.Add(name, i);
            }
        }

        public int Count => items.Length;

        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in 0 to Count - 1.</exception>
        public T this[int index] => index >= 0 && index < items.Length
            ? items[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {items.Length} nodes.");

        /// <summary>The node called <paramref name="name"/> (ignoring case), or null when there is none.</summary>
        public T? this[string name] => TryGet(name, out var node) ? node : null;

        /// <summary>Whether a node is called <paramref name="name"/> (ignoring case).</summary>
        public bool Contains(string name) => name != null && indexByName.ContainsKey(name);

        /// <summary>The node called <paramref name="name"/> (ignoring case); false and null when there is none.</summary>
        public bool TryGet(string name, out T? node)
        {
            if (name != null && indexByName.TryGetValue(name, out int index))
            {
                node = items[index];
                return true;
            }

            node = null;
            return false;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

        public override string ToString() => $"{items.Length} nodes";
    }

    /// <summary>Builds a run's <see cref="NodeList{T}"/> of results, keyed by node name (the checkpoint builds its own).</summary>
    internal static class NodeList
    {
        public static readonly NodeList<NodeResult> NoResults = Of(Array.Empty<NodeResult>());

        public static NodeList<NodeResult> Of(IEnumerable<NodeResult> results) => new NodeList<NodeResult>(results, r => r.Name);
    }
}
