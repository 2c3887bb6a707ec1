using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Turns raw values into the .NET values scripts see (<c>with:</c>, <c>variables:</c>, <c>foreach:</c> items):
    /// plain YAML by the core schema, quoted YAML as strings, lists as <c>object[]</c>, mappings as ordered
    /// case-insensitive dictionaries; hashtable values keep their type.
    /// </summary>
    internal static class ValueConverter
    {
        public static object? ToValue(RawNode node, ReadContext context)
        {
            switch (node)
            {
                case RawScalar scalar:
                    return ScalarValue(scalar);
                case RawSequence sequence:
                    return sequence.Items.Select(item => ToValue(item, context)).ToArray();
                case RawMapping mapping:
                    var dictionary = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (var entry in MappingKeys.UniqueNames(mapping, "in this mapping", "Keep one of them.", context))
                    {
                        dictionary.Add(entry.Name, ToValue(entry.Value, context));
                    }

                    return dictionary;
                default:
                    throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown raw node.");
            }
        }

        public static object? ScalarValue(RawScalar scalar)
            => scalar.IsTyped ? scalar.TypedValue : scalar.IsPlain ? CoreSchema.Resolve(scalar.Text) : scalar.Text;

        /// <summary>A mapping of names (<paramref name="where"/> says which, e.g. "in 'variables'") to converted values.</summary>
        public static IReadOnlyDictionary<string, object?> ToMap(RawMapping mapping, string where, ReadContext context)
        {
            var map = new OrderedMap();
            foreach (var entry in MappingKeys.UniqueNames(mapping, where, "Keep one of them.", context))
            {
                map.TryAdd(entry.Name, ToValue(entry.Value, context));
            }

            return map;
        }
    }
}
