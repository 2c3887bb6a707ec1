using System.Collections.Generic;
using System.Globalization;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// A node of the raw tree read from YAML or from a hashtable, before it means anything to DagRunner.
    /// It keeps where every value and key was written, and keeps repeated keys so they can be reported.
    /// </summary>
    internal abstract class RawNode
    {
        protected RawNode(SourceLocation location)
        {
            Location = location;
        }

        /// <summary>Where the node starts (for a block mapping, its first key).</summary>
        public SourceLocation Location { get; }

        /// <summary>"a mapping", "a list" or "a single value", for messages about wrong shapes.</summary>
        public abstract string ShapeName { get; }
    }

    /// <summary>A single value: YAML scalar text, or an already typed .NET value from a hashtable.</summary>
    internal sealed class RawScalar : RawNode
    {
        private RawScalar(string text, bool isPlain, bool isTyped, object? typedValue, SourceLocation location, SourceLocation contentLocation, bool isBlock, int firstLineLength = int.MaxValue)
            : base(location)
        {
            FirstLineLength = firstLineLength;
            Text = text;
            IsPlain = isPlain;
            IsTyped = isTyped;
            TypedValue = typedValue;
            ContentLocation = contentLocation;
            IsBlock = isBlock;
        }

        /// <summary>The value as text: the YAML scalar's content, or the typed value formatted invariantly.</summary>
        public string Text { get; }

        /// <summary>Unquoted YAML (resolved by the core schema: <c>true</c> is a bool, <c>3</c> an int).</summary>
        public bool IsPlain { get; }

        /// <summary>The value came from a hashtable and <see cref="TypedValue"/> holds it as given.</summary>
        public bool IsTyped { get; }

        public object? TypedValue { get; }

        /// <summary>Where the first character of <see cref="Text"/> is: after a quote, or on a block scalar's first content line.</summary>
        public SourceLocation ContentLocation { get; }

        /// <summary>A literal block scalar (<c>|</c>), whose text lines are the file's lines.</summary>
        public bool IsBlock { get; }

        /// <summary>How much of the text's first line is on the file line of <see cref="ContentLocation"/> (see <see cref="ScriptSource.FirstLineLength"/>).</summary>
        public int FirstLineLength { get; }

        /// <summary>No value at all: YAML <c>null</c>, <c>~</c> or nothing, or a hashtable's <c>$null</c>.</summary>
        public bool IsNull => IsTyped ? TypedValue == null : IsPlain && CoreSchema.IsNull(Text);

        public override string ShapeName => "a single value";

        public static RawScalar FromYaml(string text, bool isPlain, SourceLocation location, SourceLocation contentLocation, bool isBlock, int firstLineLength = int.MaxValue)
            => new RawScalar(text, isPlain, false, null, location, contentLocation, isBlock, firstLineLength);

        /// <summary>A string from a hashtable: always a string, never resolved like plain YAML.</summary>
        public static RawScalar FromString(string text, SourceLocation location)
            => new RawScalar(text, false, false, null, location, location, false);

        public static RawScalar FromTyped(object? value, SourceLocation location)
            => new RawScalar(FormatInvariant(value), false, true, value, location, location, false);

        public override string ToString() => Text;

        private static string FormatInvariant(object? value)
            => value == null ? string.Empty : System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>A list; items keep their order.</summary>
    internal sealed class RawSequence : RawNode
    {
        public RawSequence(IReadOnlyList<RawNode> items, SourceLocation location)
            : base(location)
        {
            Items = items;
        }

        public IReadOnlyList<RawNode> Items { get; }

        public override string ShapeName => "a list";
    }

    /// <summary>A mapping; entries keep their order, and a key written twice appears twice.</summary>
    internal sealed class RawMapping : RawNode
    {
        public RawMapping(IReadOnlyList<RawEntry> entries, SourceLocation location)
            : base(location)
        {
            Entries = entries;
        }

        public IReadOnlyList<RawEntry> Entries { get; }

        public override string ShapeName => "a mapping";
    }

    /// <summary>One <c>key: value</c> of a <see cref="RawMapping"/>.</summary>
    internal sealed class RawEntry
    {
        public RawEntry(RawScalar key, RawNode value)
        {
            Key = key;
            Value = value;
        }

        public RawScalar Key { get; }

        public RawNode Value { get; }

        /// <summary>The key as written.</summary>
        public string Name => Key.Text;
    }
}
