using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Builds output values back from <see cref="OutputJson"/>'s format. It only ever creates PSCustomObjects,
    /// hashtables, arrays and the fixed tagged types: a checkpoint is data, so nothing in it picks a type or runs.
    /// </summary>
    internal static class OutputJsonReader
    {
        /// <exception cref="FormatException">Not a JSON array of values this format writes.</exception>
        public static object?[] RestoreArray(string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json, OutputJson.ReaderOptions);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"the output is a JSON {document.RootElement.ValueKind}, not an array");
                }

                return RestoreList(document.RootElement);
            }
            catch (JsonException e)
            {
                throw new FormatException($"the output is not valid JSON: {e.Message}", e);
            }
            catch (OverflowException e)
            {
                throw new FormatException($"a number in the output is out of range: {e.Message}", e);
            }
        }

        private static object? Restore(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Null: return null;
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String: return element.GetString();
                case JsonValueKind.Number: return RestoreNumber(element.GetRawText());
                case JsonValueKind.Array: return RestoreList(element);
                case JsonValueKind.Object: return RestoreObject(element);
                default: throw new FormatException($"unexpected JSON {element.ValueKind}");
            }
        }

        private static object?[] RestoreList(JsonElement array)
        {
            var items = new object?[array.GetArrayLength()];
            int i = 0;
            foreach (var item in array.EnumerateArray())
            {
                items[i++] = Restore(item);
            }

            return items;
        }

        /// <summary>Whole numbers come back as int when they fit, else long; anything with a fraction or exponent as double.</summary>
        private static object RestoreNumber(string text)
        {
            if (text.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0)
            {
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
            {
                return small;
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large))
            {
                return large;
            }

            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static object RestoreObject(JsonElement element)
        {
            string? tag = null;
            int count = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (count++ == 0 && IsTag(property.Name))
                {
                    tag = property.Name;
                }
            }

            if (tag != null)
            {
                return count == 1
                    ? RestoreTagged(tag, element.GetProperty(tag))
                    : throw new FormatException($"'{tag}' must be the only key of its object");
            }

            var custom = new PSObject();
            foreach (var property in element.EnumerateObject())
            {
                if (IsTag(property.Name))
                {
                    throw new FormatException($"the property '{property.Name}' looks like a tag inside an object");
                }

                var name = property.Name.StartsWith("$$", StringComparison.Ordinal) ? property.Name.Substring(1) : property.Name;
                if (custom.Properties[name] != null)
                {
                    throw new FormatException($"an object has the property '{name}' twice");
                }

                custom.Properties.Add(new PSNoteProperty(name, Restore(property.Value)));
            }

            return custom;
        }

        private static bool IsTag(string name) => name.StartsWith("$", StringComparison.Ordinal) && !name.StartsWith("$$", StringComparison.Ordinal);

        private static object RestoreTagged(string tag, JsonElement value)
        {
            switch (tag)
            {
                case OutputJson.HashtableTag: return Fill(new Hashtable(StringComparer.OrdinalIgnoreCase), value, tag);
                case OutputJson.OrderedTag: return Fill(new OrderedDictionary(StringComparer.OrdinalIgnoreCase), value, tag);
                case OutputJson.DateTimeTag: return DateTime.ParseExact(Text(value, tag), "o", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                case OutputJson.DateTimeOffsetTag: return DateTimeOffset.ParseExact(Text(value, tag), "o", CultureInfo.InvariantCulture, DateTimeStyles.None);
                case OutputJson.TimeSpanTag: return TimeSpan.ParseExact(Text(value, tag), "c", CultureInfo.InvariantCulture);
                case OutputJson.GuidTag: return Guid.ParseExact(Text(value, tag), "D");
                case OutputJson.DecimalTag: return decimal.Parse(Text(value, tag), NumberStyles.Number, CultureInfo.InvariantCulture);
                case OutputJson.DoubleTag: return NonFinite(Text(value, tag));
                default: throw new FormatException($"'{tag}' is not a value tag DagRunner writes");
            }
        }

        private static IDictionary Fill(IDictionary dictionary, JsonElement value, string tag)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"'{tag}' must hold an object, not a {value.ValueKind}");
            }

            foreach (var entry in value.EnumerateObject())
            {
                dictionary[entry.Name] = Restore(entry.Value);
            }

            return dictionary;
        }

        private static string Text(JsonElement value, string tag)
            => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"'{tag}' must hold a string, not a {value.ValueKind}");

        private static double NonFinite(string text)
        {
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
                default: throw new FormatException($"'{text}' is not NaN, Infinity or -Infinity");
            }
        }
    }
}
