using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using DagRunner.Validation;

namespace DagRunner.Loading
{
    /// <summary>
    /// Reads an inline <c>-Definition</c> hashtable into the raw tree. Values have no line, so each location is the
    /// key path (<c>nodes.build.needs</c>); strings stay strings and other values keep their .NET type.
    /// </summary>
    internal sealed class ObjectTreeReader
    {
        // A hashtable that contains itself would otherwise recurse forever.
        private const int MaxDepth = 100;

        private readonly ReadContext _context;

        private ObjectTreeReader(ReadContext context)
        {
            _context = context;
        }

        public static RawNode Read(IDictionary definition, ReadContext context)
            => new ObjectTreeReader(context).ReadValue(definition, string.Empty, 0);

        private RawNode ReadValue(object? value, string keyPath, int depth)
        {
            var location = _context.Inline(keyPath);
            if (depth > MaxDepth)
            {
                _context.Error(DiagnosticIds.WrongType, location, $"Values are nested more than {MaxDepth} levels deep. Does a hashtable contain itself?");
                return RawScalar.FromTyped(null, location);
            }

            switch (Unwrap(value))
            {
                case null:
                    return RawScalar.FromTyped(null, location);
                case string text:
                    return RawScalar.FromString(text, location);
                case ScriptBlock script:
                    // The text, not the object: a ScriptBlock is bound to the caller's runspace and must not run in another.
                    return RawScalar.FromString(script.ToString(), location);
                case IDictionary dictionary:
                    return ReadMapping(dictionary, keyPath, depth);
                case IList list:
                    return ReadSequence(list, keyPath, depth);
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
                var key = RawScalar.FromString(name, _context.Inline(path));
                entries.Add(new RawEntry(key, ReadValue(entry.Value, path, depth + 1)));
            }

            return new RawMapping(entries, _context.Inline(keyPath));
        }

        private RawSequence ReadSequence(IList list, string keyPath, int depth)
        {
            var items = new List<RawNode>();
            for (int i = 0; i < list.Count; i++)
            {
                items.Add(ReadValue(list[i], $"{keyPath}[{i}]", depth + 1));
            }

            return new RawSequence(items, _context.Inline(keyPath));
        }

        /// <summary>
        /// The object under PowerShell's wrapper. A <c>[pscustomobject]</c> stays wrapped: its properties live on the
        /// PSObject, and its base object is an empty placeholder.
        /// </summary>
        private static object? Unwrap(object? value)
            => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;
    }
}
