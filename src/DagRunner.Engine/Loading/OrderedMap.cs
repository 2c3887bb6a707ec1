using System;
using System.Collections;
using System.Collections.Generic;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// The read-only name → value map behind <c>with:</c> and <c>variables:</c>: keeps file order (parameters are
    /// bound and variables set in the order written) and looks names up ignoring case, as PowerShell does.
    /// </summary>
    internal sealed class OrderedMap : IReadOnlyDictionary<string, object?>
    {
        private readonly List<KeyValuePair<string, object?>> entries = new List<KeyValuePair<string, object?>>();
        private readonly Dictionary<string, object?> index = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

        public int Count => entries.Count;

        public IEnumerable<string> Keys
        {
            get
            {
                foreach (var entry in entries)
                {
                    yield return entry.Key;
                }
            }
        }

        public IEnumerable<object?> Values
        {
            get
            {
                foreach (var entry in entries)
                {
                    yield return entry.Value;
                }
            }
        }

        public object? this[string key] => index[key];

        /// <summary>Adds the entry unless a name equal ignoring case is already there.</summary>
        public bool TryAdd(string key, object? value)
        {
            if (index.ContainsKey(key))
            {
                return false;
            }

            index.Add(key, value);
            entries.Add(new KeyValuePair<string, object?>(key, value));
            return true;
        }

        public bool ContainsKey(string key) => index.ContainsKey(key);

        public bool TryGetValue(string key, out object? value) => index.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => entries.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
