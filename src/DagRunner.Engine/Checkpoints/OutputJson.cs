using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Node output as checkpoint JSON, and back. Plain JSON where JSON has the type (strings, bools, numbers,
    /// arrays, and objects for PSCustomObject); a one-key object whose key is one of the fixed tags below for
    /// types JSON lacks. A PSCustomObject property whose name starts with <c>$</c> is written with a second
    /// <c>$</c>, so no property can pass for a tag. Restoring builds PSCustomObjects, hashtables and values of
    /// the tagged types only: no type named in a file is ever created, and no text is ever run.
    /// </summary>
    /// <remarks>
    /// What changes on the way back: enums come back as their name (a string); <c>float</c> as <c>double</c>;
    /// integers as <c>int</c>, or <c>long</c> when they do not fit; lists of any kind as <c>object[]</c>;
    /// <c>char</c> as a one-character string; a <c>ulong</c> above <c>long.MaxValue</c> as <c>decimal</c>;
    /// dictionaries other than <c>OrderedDictionary</c> as a case-insensitive <c>Hashtable</c>; note properties
    /// added to a non-custom object (<c>Add-Member</c> on a string) and PSTypeNames are not kept. Every other
    /// .NET type, and anything nested deeper than <see cref="MaxDepth"/>, is stored as its string form with a warning.
    /// </remarks>
    internal static class OutputJson
    {
        /// <summary>How many containers (objects, dictionaries, lists) may nest inside one output item, the item included.</summary>
        public const int MaxDepth = 16;

        /// <summary>Warnings kept per node; more are counted in one last line, so one huge output cannot flood the host.</summary>
        public const int MaxWarnings = 10;

        public const string HashtableTag = "$hashtable";
        public const string OrderedTag = "$ordered";
        public const string DateTimeTag = "$datetime";
        public const string DateTimeOffsetTag = "$datetimeoffset";
        public const string TimeSpanTag = "$timespan";
        public const string GuidTag = "$guid";
        public const string DecimalTag = "$decimal";

        /// <summary>NaN and the infinities, which JSON numbers cannot hold.</summary>
        public const string DoubleTag = "$double";

        /// <summary>Readable non-ASCII text; the files are never embedded in HTML.</summary>
        internal static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>Every output value and canonical text is written through these: one writer per thread, not one per value.</summary>
        private static readonly Utils.ReusableJsonWriter Texts = new Utils.ReusableJsonWriter(WriterOptions);

        /// <summary>Deep enough for <see cref="MaxDepth"/> tagged containers inside a snapshot; deeper files are refused.</summary>
        internal static readonly JsonDocumentOptions ReaderOptions = new JsonDocumentOptions { MaxDepth = 128 };

        /// <summary>
        /// The output of <paramref name="node"/> as a JSON array. Never throws for a value: what cannot be stored
        /// as data is stored as its string form and explained in <paramref name="warnings"/>.
        /// </summary>
        public static string Serialize(IReadOnlyList<object?> output, string node, List<string> warnings)
        {
            if (output.Count == 0)
            {
                return NodeEntry.EmptyOutput; // most nodes: no builder, no list
            }

            var found = new List<string>();
            var text = new StringBuilder("[");
            for (int i = 0; i < output.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(SerializeItem(output[i], node, i, found));
            }

            warnings.AddRange(found.Count <= MaxWarnings ? found : found.GetRange(0, MaxWarnings));
            if (found.Count > MaxWarnings)
            {
                warnings.Add($"Node '{node}': {found.Count - MaxWarnings} more outputs were stored as their string form.");
            }

            return text.Append(']').ToString();
        }

        /// <summary>A stable text of <paramref name="value"/> for definition hashes: like output, with unordered dictionaries sorted by key.</summary>
        public static string Canonical(object? value)
            => Write(writer => writer.WriteValue(value, depth: 1), node: string.Empty, canonical: true, warnings: null);

        /// <summary>The output stored by <see cref="Serialize"/>, as fresh objects.</summary>
        /// <exception cref="FormatException">The JSON is not output this class writes (unknown tag, bad value).</exception>
        public static object?[] Restore(string json) => OutputJsonReader.RestoreArray(json);

        private static string SerializeItem(object? item, string node, int index, List<string> warnings)
        {
            if (item == null)
            {
                return "null"; // what the writer writes for it, without taking one: a node ending in an expression that is $null
            }

            var itemWarnings = new List<string>();
            try
            {
                var text = Write(writer => writer.WriteItem(item, index), node, canonical: false, itemWarnings);
                warnings.AddRange(itemWarnings);
                return text;
            }
            catch (Exception e)
            {
                // A value that broke the serializer itself (a throwing enumerator, a bug): keep its text, say so.
                var fallback = OutputJsonWriter.StringForm(item);
                warnings.Add($"Node '{node}': output [{index}] ({item?.GetType().FullName}) could not be stored ({e.Message}); it was stored as its string form '{OutputJsonWriter.Shorten(fallback)}'.");
                return Write(writer => writer.WritePlainString(fallback), node, canonical: false, warnings: null);
            }
        }

        private static string Write(Action<OutputJsonWriter> write, string node, bool canonical, List<string>? warnings)
            => Texts.Write(json => write(new OutputJsonWriter(json, node, canonical, warnings)));
    }
}
