using System;
using System.Collections.Generic;
using System.IO;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Reads YAML (and so JSON) into the raw tree from YamlDotNet's parser events. The events keep the position
    /// of every key and value and let repeated keys through, which the representation model would reject.
    /// </summary>
    internal sealed class YamlTreeReader
    {
        private const string SyntaxHint = " Check the indentation (spaces only) and quote values that contain ': ' or start with a character such as '{', '[', '*', '&', '!', '%' or '@'.";

        private readonly string text;
        private readonly ReadContext context;
        private readonly YamlScalarReader scalars;
        private readonly IParser parser;
        private readonly Dictionary<string, RawNode> anchors = new Dictionary<string, RawNode>(StringComparer.Ordinal);
        private readonly HashSet<string> openAnchors = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Per anchor, what one alias to it adds: values and characters, counting what aliases inside it add.</summary>
        private readonly Dictionary<string, Size> anchorSizes = new Dictionary<string, Size>(StringComparer.Ordinal);

        /// <summary>Values and characters read so far as if every alias were written out in full.</summary>
        private Size read;

        /// <summary>What aliases have added to <see cref="read"/> so far.</summary>
        private Size aliased;

        /// <summary>The end of the last event read: where to point when YamlDotNet fails without a position.</summary>
        private Mark lastMark = Mark.Empty;

        /// <summary>An alias named no anchor. Its value is unknown, so what uses it cannot be judged: no tree is returned.</summary>
        private bool hasUnknownAlias;

        private YamlTreeReader(string text, ReadContext context)
        {
            this.text = text;
            this.context = context;
            scalars = new YamlScalarReader(text, context.SourcePath);
            parser = new Parser(new StringReader(text));
        }

        /// <summary>The document's root, or null when the text is empty or not valid YAML (both reported).</summary>
        public static RawNode? Read(string text, ReadContext context) => new YamlTreeReader(text, context).ReadStream();

        private RawNode? ReadStream()
        {
            try
            {
                parser.Consume<StreamStart>();
                RawNode? root = null;
                if (parser.Accept<DocumentStart>(out _))
                {
                    parser.Consume<DocumentStart>();
                    root = ReadNode(0);
                    parser.Consume<DocumentEnd>();
                }

                if (root == null || (root is RawScalar scalar && scalar.IsNull))
                {
                    context.Error(DiagnosticIds.YamlSyntax, At(Mark.Empty), "The workflow file is empty. Write at least a 'nodes:' mapping with one node that has 'run:' or 'file:'.");
                    return null;
                }

                if (parser.Accept<DocumentStart>(out var second))
                {
                    context.Error(DiagnosticIds.YamlSyntax, At(second.Start), "The file holds more than one YAML document ('---'). A workflow is one document: remove the '---' line, or move the second workflow to its own file.");
                }

                return hasUnknownAlias ? null : root;
            }
            catch (LimitExceeded e)
            {
                context.Error(e.Id, At(e.Mark), e.Message);
                return null;
            }
            catch (YamlException e) when (e.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && IndentationTab(text, (int)e.Start.Line) is (int, int) tab)
            {
                // YamlDotNet points at the mapping the tab breaks (often 1:1), not at the tab.
                context.Error(DiagnosticIds.YamlSyntax, new SourceLocation(context.SourcePath, tab.Item1, tab.Item2), "YAML syntax error: a tab is used for indentation here. YAML indents with spaces only: replace the tab with spaces.");
                return null;
            }
            catch (YamlException e)
            {
                context.Error(DiagnosticIds.YamlSyntax, At(e.Start), $"YAML syntax error: {e.Message}{SyntaxHint}");
                return null;
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner throws this (not a YamlException) on some unterminated flow collections.
                context.Error(DiagnosticIds.YamlSyntax, At(lastMark), "YAML syntax error: the file ends inside an unclosed '[', '{' or quote. Close it.");
                return null;
            }
        }

        /// <summary>Line and column of the first tab in a line's indentation, from <paramref name="fromLine"/> on (else anywhere); null when there is none.</summary>
        private static (int, int)? IndentationTab(string text, int fromLine)
        {
            (int, int)? first = null;
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                int indent = 0;
                while (indent < line.Length && (line[indent] == ' ' || line[indent] == '\t'))
                {
                    indent++;
                }

                var tab = line.IndexOf('\t', 0, indent);
                if (tab >= 0 && indent < line.Length && line[indent] != '\r')
                {
                    if (i + 1 >= fromLine)
                    {
                        return (i + 1, tab + 1);
                    }

                    first ??= (i + 1, tab + 1);
                }
            }

            return first;
        }

        private RawNode ReadNode(int depth)
        {
            var current = parser.Current ?? throw new YamlException("The file ends where a value was expected.");
            lastMark = current.End;
            if (depth > LoadLimits.MaxDepth)
            {
                throw new LimitExceeded(
                    DiagnosticIds.NestingTooDeep,
                    current.Start,
                    $"Lists and mappings are nested more than {LoadLimits.MaxDepth} levels deep here. A workflow needs a handful; flatten the value, or check for a run of unclosed '[' or '{{'.");
            }

            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    return ResolveAlias(alias);
                case Scalar scalar:
                    parser.MoveNext();
                    var scalarStart = Open(scalar.Anchor);
                    read = read.Add(1, scalar.Value.Length);
                    return Remember(scalar.Anchor, scalars.Read(scalar), scalarStart);
                case SequenceStart start:
                    parser.MoveNext();
                    var sequenceStart = Open(start.Anchor);
                    read = read.Add(1, 0);
                    return Remember(start.Anchor, ReadSequence(start, depth), sequenceStart);
                case MappingStart start:
                    parser.MoveNext();
                    var mappingStart = Open(start.Anchor);
                    read = read.Add(1, 0);
                    return Remember(start.Anchor, ReadMapping(start, depth), mappingStart);
                default:
                    throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name} where a value was expected.");
            }
        }

        private RawSequence ReadSequence(SequenceStart start, int depth)
        {
            var items = new List<RawNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(depth + 1));
            }

            return new RawSequence(items, At(start.Start));
        }

        private RawMapping ReadMapping(MappingStart start, int depth)
        {
            var entries = new List<RawEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1);
                var value = ReadNode(depth + 1);
                if (key is RawScalar scalarKey)
                {
                    entries.Add(new RawEntry(scalarKey, value));
                }
                else
                {
                    context.Error(DiagnosticIds.WrongType, key.Location, $"A key here is {key.ShapeName}; keys must be single names such as 'run' or a node id.");
                }
            }

            return new RawMapping(entries, At(start.Start));
        }

        private RawNode ResolveAlias(AnchorAlias alias)
        {
            var name = alias.Value.Value;
            if (!openAnchors.Contains(name) && anchors.TryGetValue(name, out var node))
            {
                Expand(alias, anchorSizes[name]);
                return node;
            }

            hasUnknownAlias = true;
            var message = openAnchors.Contains(name)
                ? $"The alias '*{name}' is inside the value of '&{name}' itself, and a value cannot contain itself. Point it at another anchor."
                : $"The alias '*{name}' refers to no anchor written before it. Define '&{name}' on an earlier value, or fix the name.";
            context.Error(DiagnosticIds.YamlSyntax, At(alias.Start), message);
            return RawScalar.FromYaml(string.Empty, true, At(alias.Start), At(alias.Start), false);
        }

        /// <summary>
        /// Counts what an alias adds as if its value were written out again, and refuses the file once aliases add
        /// more than the limits: the tree shares the value, but everything after reading walks it once per use.
        /// </summary>
        private void Expand(AnchorAlias alias, Size size)
        {
            read = read.Add(size.Values, size.Characters);
            aliased = aliased.Add(size.Values, size.Characters);
            if (aliased.Values > LoadLimits.MaxAliasExpansion || aliased.Characters > LoadLimits.MaxAliasCharacters)
            {
                var what = aliased.Values > LoadLimits.MaxAliasExpansion
                    ? $"more than {LoadLimits.MaxAliasExpansion:N0} values"
                    : $"more than {LoadLimits.MaxAliasCharacters:N0} characters";
                throw new LimitExceeded(
                    DiagnosticIds.AliasExpansionTooLarge,
                    alias.Start,
                    $"Aliases expand the file to {what} by this alias ('*{alias.Value.Value}'): aliases of aliases multiply (a 'billion laughs' file). Write the values out, or use fewer levels of aliases.");
            }
        }

        /// <summary>
        /// Marks an anchored value as being read, so an alias to it from inside is recognised; returns the count so far,
        /// from which <see cref="Remember"/> measures the value.
        /// </summary>
        private Size Open(AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                openAnchors.Add(anchor.Value);
            }

            return read;
        }

        private RawNode Remember(AnchorName anchor, RawNode node, Size start)
        {
            if (!anchor.IsEmpty)
            {
                openAnchors.Remove(anchor.Value);
                anchors[anchor.Value] = node;
                anchorSizes[anchor.Value] = new Size(read.Values - start.Values, read.Characters - start.Characters);
            }

            return node;
        }

        private SourceLocation At(Mark mark) => YamlScalarReader.At(context.SourcePath, mark);

        /// <summary>A count of values and of characters of scalar text.</summary>
        private readonly struct Size
        {
            public Size(long values, long characters)
            {
                Values = values;
                Characters = characters;
            }

            public long Values { get; }

            public long Characters { get; }

            public Size Add(long values, long characters) => new Size(Values + values, Characters + characters);
        }

        /// <summary>A limit of <see cref="LoadLimits"/> was passed: reading stops at once, with its own id.</summary>
        private sealed class LimitExceeded : Exception
        {
            public LimitExceeded(string id, Mark mark, string message)
                : base(message)
            {
                Id = id;
                Mark = mark;
            }

            public string Id { get; }

            public Mark Mark { get; }
        }
    }
}
