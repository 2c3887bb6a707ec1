using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Writes one value in <see cref="OutputJson"/>'s format, recording a warning for everything it stores as a
    /// string form. Only note properties are read from PSCustomObjects: a ScriptProperty getter would run script,
    /// and on the scheduler's thread there is no runspace to run it in.
    /// </summary>
    internal sealed class OutputJsonWriter
    {
        private const int ShortLength = 80;

        private readonly Utf8JsonWriter json;
        private readonly string node;
        private readonly bool canonical;
        private readonly List<string>? warnings;
        private readonly List<string> path = new List<string>();

        public OutputJsonWriter(Utf8JsonWriter json, string node, bool canonical, List<string>? warnings)
        {
            this.json = json;
            this.node = node;
            this.canonical = canonical;
            this.warnings = warnings;
        }

        public void WriteItem(object? item, int index)
        {
            path.Add($"[{index}]");
            WriteValue(item, depth: 1);
        }

        public void WritePlainString(string text) => json.WriteStringValue(Clean(text));

        public void WriteValue(object? value, int depth)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null: json.WriteNullValue(); return;
                case string s: json.WriteStringValue(Clean(s)); return;
                case char c: json.WriteStringValue(Clean(c.ToString())); return;
                case bool b: json.WriteBooleanValue(b); return;
                case int or long or short or sbyte or byte or ushort or uint: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); return;
                case ulong u when u <= long.MaxValue: json.WriteNumberValue((long)u); return;
                case ulong u: WriteTagged(OutputJson.DecimalTag, ((decimal)u).ToString(CultureInfo.InvariantCulture)); return;
                case float f: WriteFloating(f, f.ToString("R", CultureInfo.InvariantCulture)); return;
                case double d: WriteFloating(d, d.ToString("R", CultureInfo.InvariantCulture)); return;
                case decimal m: WriteTagged(OutputJson.DecimalTag, m.ToString(CultureInfo.InvariantCulture)); return;
                case DateTime t: WriteTagged(OutputJson.DateTimeTag, t.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTimeOffset t: WriteTagged(OutputJson.DateTimeOffsetTag, t.ToString("o", CultureInfo.InvariantCulture)); return;
                case TimeSpan t: WriteTagged(OutputJson.TimeSpanTag, t.ToString("c", CultureInfo.InvariantCulture)); return;
                case Guid g: WriteTagged(OutputJson.GuidTag, g.ToString("D")); return;
                case Enum e: json.WriteStringValue(e.ToString()); return;
                case XmlNode xml: WriteStringForm(xml, xml.OuterXml, "is XML"); return;
            }

            bool isContainer = value is PSObject || value is IDictionary || value is IEnumerable;
            if (!isContainer)
            {
                WriteStringForm(value, StringForm(value), "is a type the checkpoint cannot store as data");
                return;
            }

            if (depth > OutputJson.MaxDepth)
            {
                WriteStringForm(value, StringForm(value), $"is nested deeper than {OutputJson.MaxDepth} levels (or contains itself)");
                return;
            }

            switch (value)
            {
                case PSObject custom: WriteCustomObject(custom, depth); break;
                case IDictionary dictionary: WriteDictionary(dictionary, depth); break;
                default: WriteList((IEnumerable)value, depth); break;
            }
        }

        /// <summary>The text a value is stored as when it cannot be stored as data; never throws.</summary>
        public static string StringForm(object? value)
        {
            try
            {
                value = Unwrap(value);
                return (value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()) ?? string.Empty;
            }
            catch (Exception)
            {
                return value?.GetType().FullName ?? string.Empty;
            }
        }

        public static string Shorten(string text) => text.Length <= ShortLength ? text : text.Substring(0, ShortLength) + "…";

        /// <summary>PSObject wrappers hide the real value; only a PSCustomObject is data of its own.</summary>
        private static object? Unwrap(object? value)
            => value is PSObject wrapper && !(wrapper.BaseObject is PSCustomObject) ? wrapper.BaseObject : value;

        private void WriteFloating(double value, string text)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                WriteTagged(OutputJson.DoubleTag, text);
                return;
            }

            // "3" would come back as an int: keep a fraction so the value stays a double.
            bool looksIntegral = text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0;
            json.WriteRawValue(looksIntegral ? text + ".0" : text, skipInputValidation: true);
        }

        private void WriteTagged(string tag, string text)
        {
            json.WriteStartObject();
            json.WriteString(tag, text);
            json.WriteEndObject();
        }

        private void WriteCustomObject(PSObject custom, int depth)
        {
            var properties = new List<KeyValuePair<string, object?>>();
            foreach (var property in custom.Properties)
            {
                if (property is PSNoteProperty note)
                {
                    properties.Add(new KeyValuePair<string, object?>(note.Name, note.Value));
                }
                else
                {
                    Warn($"{Where()}.{property.Name} is a {property.MemberType}, which is not stored (reading it would run code)");
                }
            }

            json.WriteStartObject();
            foreach (var property in properties)
            {
                // '$' starts a tag; a property named like one gets a second '$' that the reader removes.
                json.WritePropertyName(Clean(property.Key.StartsWith("$", StringComparison.Ordinal) ? "$" + property.Key : property.Key));
                Nested("." + property.Key, property.Value, depth);
            }

            json.WriteEndObject();
        }

        private void WriteDictionary(IDictionary dictionary, int depth)
        {
            var entries = new List<KeyValuePair<string, object?>>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in dictionary)
            {
                var key = Unwrap(entry.Key);
                var name = key as string ?? StringForm(key);
                if (!(key is string))
                {
                    Warn($"{Where()} has the key {name} of type {key?.GetType().FullName}, which was stored as the text '{Shorten(name)}'");
                }

                if (!seen.Add(name))
                {
                    Warn($"{Where()} has two keys '{Shorten(name)}' that differ only in case or type; a resumed run gets a case-insensitive table that keeps the last one");
                }

                entries.Add(new KeyValuePair<string, object?>(name, entry.Value));
            }

            bool ordered = dictionary is OrderedDictionary;
            if (canonical && !ordered)
            {
                entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            }

            json.WriteStartObject();
            json.WriteStartObject(ordered ? OutputJson.OrderedTag : OutputJson.HashtableTag);
            foreach (var entry in entries)
            {
                json.WritePropertyName(Clean(entry.Key));
                Nested($"['{entry.Key}']", entry.Value, depth);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        private void WriteList(IEnumerable list, int depth)
        {
            var items = new List<object?>();
            foreach (var item in list)
            {
                items.Add(item);
            }

            json.WriteStartArray();
            for (int i = 0; i < items.Count; i++)
            {
                Nested($"[{i}]", items[i], depth);
            }

            json.WriteEndArray();
        }

        private void Nested(string segment, object? value, int depth)
        {
            path.Add(segment);
            WriteValue(value, depth + 1);
            path.RemoveAt(path.Count - 1);
        }

        private void WriteStringForm(object value, string text, string why)
        {
            Warn($"{Where()} ({value.GetType().FullName}) {why}; it was stored as its string form '{Shorten(text)}', which is what a resumed run gets. Emit a [pscustomobject] with the properties you need instead");
            json.WriteStringValue(Clean(text));
        }

        /// <summary>JSON text must be valid UTF-16; a lone surrogate (half a character) becomes U+FFFD.</summary>
        private string Clean(string text)
        {
            StringBuilder? cleaned = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (paired)
                {
                    cleaned?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    cleaned ??= new StringBuilder(text, 0, i, text.Length);
                    cleaned.Append('\uFFFD');
                    continue;
                }

                cleaned?.Append(c);
            }

            if (cleaned == null)
            {
                return text;
            }

            Warn($"{Where()} has text with half a UTF-16 character, stored as U+FFFD");
            return cleaned.ToString();
        }

        private string Where() => "output " + string.Concat(path);

        private void Warn(string message) => warnings?.Add($"Node '{node}': {message}.");
    }
}
