using System;
using System.Collections;
using System.Collections.Specialized;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// Copies workflow values (lists and mappings from YAML or -Parameters) before a node gets them,
    /// so one node changing <c>$Config.Region</c> cannot change what the next node sees.
    /// </summary>
    internal static class VariableValues
    {
        /// <summary>True for values a node could change in place: mappings and lists.</summary>
        public static bool IsContainer(object? value) => value is IDictionary || value is object?[];

        public static object? Copy(object? value)
        {
            switch (value)
            {
                case OrderedDictionary ordered:
                    {
                        var copy = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                        foreach (DictionaryEntry entry in ordered)
                        {
                            copy[entry.Key] = Copy(entry.Value);
                        }

                        return copy;
                    }

                case Hashtable table:
                    {
                        var copy = new Hashtable(StringComparer.OrdinalIgnoreCase);
                        foreach (DictionaryEntry entry in table)
                        {
                            copy[entry.Key] = Copy(entry.Value);
                        }

                        return copy;
                    }

                case object?[] array:
                    {
                        var copy = new object?[array.Length];
                        for (int i = 0; i < array.Length; i++)
                        {
                            copy[i] = Copy(array[i]);
                        }

                        return copy;
                    }

                default:
                    return value;
            }
        }
    }
}
