using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;

namespace DagRunner.Engine.Protocol
{
    /// <summary>
    /// A node's output as text for tools (the <c>output</c> and <c>outputProperties</c> fields of <c>nodeFinished</c>):
    /// the string form of each output object, one per line, and the properties of a single output object. The output
    /// reaching here is already masked (the scheduler masks results before anything sees them), so the text is too.
    /// </summary>
    internal static class NodeOutputText
    {
        /// <summary>The longest <c>output</c> text, and the longest property value. <value>8,192 characters.</value></summary>
        public const int MaxLength = 8192;

        /// <summary>How many properties of a single output object are written. <value>64.</value></summary>
        public const int MaxProperties = 64;

        /// <summary>
        /// The string form of each output object, joined by <c>\n</c>, cut at <see cref="MaxLength"/> characters
        /// (<paramref name="truncated"/> then true); null when the node wrote no output.
        /// </summary>
        public static string? Text(IReadOnlyList<object?> output, out bool truncated)
        {
            truncated = false;
            if (output.Count == 0)
            {
                return null;
            }

            var text = new StringBuilder();
            for (int i = 0; i < output.Count && text.Length <= MaxLength; i++)
            {
                if (i > 0)
                {
                    text.Append('\n');
                }

                text.Append(StringForm(output[i]));
            }

            return Cut(text.ToString(), ref truncated);
        }

        /// <summary>
        /// The properties of the output when it is exactly one object with properties: the note properties of a
        /// [pscustomobject], or the string keys of a hashtable or other dictionary, each value as its string form
        /// (cut at <see cref="MaxLength"/>), the first <see cref="MaxProperties"/> in order. Null for anything else.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, string>>? Properties(IReadOnlyList<object?> output)
        {
            if (output.Count != 1)
            {
                return null;
            }

            var properties = new List<KeyValuePair<string, string>>();
            var ignored = false;
            switch (output[0])
            {
                case PSObject custom when custom.BaseObject is PSCustomObject:
                    foreach (var property in custom.Properties)
                    {
                        // Only note properties: a ScriptProperty getter would run script.
                        if (property is PSNoteProperty note && properties.Count < MaxProperties)
                        {
                            properties.Add(new KeyValuePair<string, string>(note.Name, Cut(StringForm(note.Value), ref ignored)));
                        }
                    }

                    break;
                case var value when Unwrap(value) is IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (Unwrap(entry.Key) is string name && properties.Count < MaxProperties)
                        {
                            properties.Add(new KeyValuePair<string, string>(name, Cut(StringForm(entry.Value), ref ignored)));
                        }
                    }

                    break;
                default:
                    return null;
            }

            return properties;
        }

        /// <summary>
        /// The text PowerShell's <c>[string]</c> gives, in the invariant culture (so <c>1.5</c>, never <c>1,5</c>):
        /// a string as is, a number or date as its invariant text, a list as its items joined by spaces, a
        /// [pscustomobject] as <c>@{Name=value; ...}</c>. Never throws.
        /// </summary>
        public static string StringForm(object? value)
        {
            try
            {
                return LanguagePrimitives.ConvertTo<string>(Unwrap(value)) ?? string.Empty;
            }
            catch (Exception)
            {
                return Unwrap(value)?.GetType().FullName ?? string.Empty;
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapper && !(wrapper.BaseObject is PSCustomObject) ? wrapper.BaseObject : value;

        private static string Cut(string text, ref bool truncated)
        {
            if (text.Length <= MaxLength)
            {
                return text;
            }

            truncated = true;
            // Never split a surrogate pair: half a character is not valid UTF-16 (nor JSON).
            var end = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            return text.Substring(0, end);
        }
    }
}
