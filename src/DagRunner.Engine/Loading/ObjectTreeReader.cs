using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Reads an inline <c>-Definition</c> hashtable into the raw tree. Values have no line, so each location is the
    /// key path (<c>nodes.build.needs</c>); strings stay strings and other values keep their .NET type.
    /// </summary>
    internal sealed class ObjectTreeReader
    {
        private readonly ReadContext context;

        /// <summary>The hashtables and lists being read, outermost first: one that contains itself is found at once.</summary>
        private readonly HashSet<object> open = new HashSet<object>(ReferenceComparer.Instance);

        /// <summary>Every hashtable and list read so far: one met again is used twice, like a YAML alias.</summary>
        private readonly HashSet<object> seen = new HashSet<object>(ReferenceComparer.Instance);

        /// <summary>How many of the containers being read are met again (see <see cref="seen"/>).</summary>
        private int inReuse;

        /// <summary>Values read inside reused containers: what the reuse adds, as aliases add in YAML.</summary>
        private long reused;

        private ObjectTreeReader(ReadContext context)
        {
            this.context = context;
        }

        /// <summary>The tree, or null when the definition is too large to read (reported).</summary>
        public static RawNode? Read(IDictionary definition, ReadContext context)
        {
            try
            {
                return new ObjectTreeReader(context).ReadValue(definition, string.Empty, 0);
            }
            catch (DefinitionTooLarge)
            {
                return null;
            }
        }

        private RawNode ReadValue(object? value, string keyPath, int depth)
        {
            var location = context.Inline(keyPath);
            var unwrapped = Unwrap(value);
            if (depth > LoadLimits.MaxDepth || (unwrapped is IEnumerable && !(unwrapped is string) && open.Contains(unwrapped)))
            {
                context.Error(DiagnosticIds.NestingTooDeep, location, $"Values are nested more than {LoadLimits.MaxDepth} levels deep, or a hashtable or list contains itself. Build the value without the loop.");
                return RawScalar.FromTyped(null, location);
            }

            bool reuse = unwrapped is IEnumerable && !(unwrapped is string) && !seen.Add(unwrapped);
            if ((inReuse > 0 || reuse) && ++reused > LoadLimits.MaxAliasExpansion)
            {
                context.Error(DiagnosticIds.AliasExpansionTooLarge, location, $"Hashtables or lists used more than once add more than {LoadLimits.MaxAliasExpansion:N0} values to the definition, counting each use (the hashtable form of a 'billion laughs' bomb). Use fewer nested copies of the same value.");
                throw new DefinitionTooLarge();
            }

            inReuse += reuse ? 1 : 0;
            try
            {
                return ReadUnwrapped(unwrapped, location, keyPath, depth);
            }
            finally
            {
                inReuse -= reuse ? 1 : 0;
            }
        }

        private RawNode ReadUnwrapped(object? unwrapped, Definition.SourceLocation location, string keyPath, int depth)
        {
            switch (unwrapped)
            {
                case null:
                    return RawScalar.FromTyped(null, location);
                case string text:
                    return RawScalar.FromString(text, location);
                case ScriptBlock script:
                    // The text, not the object: a ScriptBlock is bound to the caller's runspace and must not run in another.
                    return RawScalar.FromString(script.ToString(), location);
                case IDictionary dictionary:
                    open.Add(dictionary);
                    try
                    {
                        return ReadMapping(dictionary, keyPath, depth);
                    }
                    finally
                    {
                        open.Remove(dictionary);
                    }

                case IList list:
                    open.Add(list);
                    try
                    {
                        return ReadSequence(list, keyPath, depth);
                    }
                    finally
                    {
                        open.Remove(list);
                    }

                case var other:
                    return RawScalar.FromTyped(other, location);
            }
        }

        private RawMapping ReadMapping(IDictionary dictionary, string keyPath, int depth)
        {
            var entries = new List<RawEntry>();
            foreach (DictionaryEntry entry in dictionary)
            {
                var name = Unwrap(entry.Key)?.ToString() ?? string.Empty;
                var path = keyPath.Length == 0 ? name : keyPath + "." + name;
                var key = RawScalar.FromString(name, context.Inline(path));
                entries.Add(new RawEntry(key, ReadValue(entry.Value, path, depth + 1)));
            }

            return new RawMapping(entries, context.Inline(keyPath));
        }

        private RawSequence ReadSequence(IList list, string keyPath, int depth)
        {
            var items = new List<RawNode>();
            for (int i = 0; i < list.Count; i++)
            {
                items.Add(ReadValue(list[i], $"{keyPath}[{i}]", depth + 1));
            }

            return new RawSequence(items, context.Inline(keyPath));
        }

        /// <summary>
        /// The object under PowerShell's wrapper. A <c>[pscustomobject]</c> stays wrapped: its properties live on the
        /// PSObject, and its base object is an empty placeholder.
        /// </summary>
        private static object? Unwrap(object? value)
            => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        /// <summary>Reading stops at once: reused values add more than <see cref="LoadLimits.MaxAliasExpansion"/>.</summary>
        private sealed class DefinitionTooLarge : Exception
        {
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
