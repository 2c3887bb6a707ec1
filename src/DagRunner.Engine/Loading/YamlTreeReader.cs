using System;
using System.Collections.Generic;
using System.IO;
using DagRunner.Definition;
using DagRunner.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DagRunner.Loading
{
    /// <summary>
    /// Reads YAML (and so JSON) into the raw tree from YamlDotNet's parser events. The events keep the position
    /// of every key and value and let repeated keys through, which the representation model would reject.
    /// </summary>
    internal sealed class YamlTreeReader
    {
        // Deeper than any real workflow; stops a pathological file from exhausting the stack.
        private const int MaxDepth = 100;

        private const string SyntaxHint = " Check the indentation (spaces only) and quote values that contain ': ' or start with a character such as '{', '[', '*', '&', '!', '%' or '@'.";

        private readonly ReadContext _context;
        private readonly string[] _lines;
        private readonly IParser _parser;
        private readonly Dictionary<string, RawNode> _anchors = new Dictionary<string, RawNode>(StringComparer.Ordinal);

        private YamlTreeReader(string text, ReadContext context)
        {
            _context = context;
            _lines = text.Split('\n');
            _parser = new Parser(new StringReader(text));
        }

        /// <summary>The document's root, or null when the text is empty or not valid YAML (both reported).</summary>
        public static RawNode? Read(string text, ReadContext context) => new YamlTreeReader(text, context).ReadStream();

        private RawNode? ReadStream()
        {
            Mark lastMark = Mark.Empty;
            try
            {
                _parser.Consume<StreamStart>();
                RawNode? root = null;
                if (_parser.Accept<DocumentStart>(out _))
                {
                    lastMark = _parser.Consume<DocumentStart>().End;
                    root = ReadNode(0);
                    lastMark = _parser.Consume<DocumentEnd>().End;
                }

                if (root == null || (root is RawScalar scalar && scalar.IsNull))
                {
                    _context.Error(DiagnosticIds.YamlSyntax, At(Mark.Empty), "The workflow file is empty. Write at least a 'nodes:' mapping with one node that has 'run:' or 'file:'.");
                    return null;
                }

                if (_parser.Accept<DocumentStart>(out var second))
                {
                    _context.Error(DiagnosticIds.YamlSyntax, At(second.Start), "The file holds more than one YAML document ('---'). A workflow is one document: remove the '---' line, or move the second workflow to its own file.");
                }

                return root;
            }
            catch (YamlException e)
            {
                _context.Error(DiagnosticIds.YamlSyntax, At(e.Start), $"YAML syntax error: {e.Message}{SyntaxHint}");
                return null;
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner throws this (not a YamlException) on some unterminated flow collections.
                _context.Error(DiagnosticIds.YamlSyntax, At(lastMark), "YAML syntax error: the file ends inside an unclosed '[', '{' or quote. Close it.");
                return null;
            }
        }

        private RawNode ReadNode(int depth)
        {
            var current = _parser.Current ?? throw new YamlException("The file ends where a value was expected.");
            if (depth > MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"Values are nested more than {MaxDepth} levels deep.");
            }

            switch (current)
            {
                case AnchorAlias alias:
                    _parser.MoveNext();
                    return ResolveAlias(alias);
                case Scalar scalar:
                    _parser.MoveNext();
                    return Remember(scalar.Anchor, ReadScalar(scalar));
                case SequenceStart start:
                    _parser.MoveNext();
                    return Remember(start.Anchor, ReadSequence(start, depth));
                case MappingStart start:
                    _parser.MoveNext();
                    return Remember(start.Anchor, ReadMapping(start, depth));
                default:
                    throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name} where a value was expected.");
            }
        }

        private RawSequence ReadSequence(SequenceStart start, int depth)
        {
            var items = new List<RawNode>();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(depth + 1));
            }

            return new RawSequence(items, At(start.Start));
        }

        private RawMapping ReadMapping(MappingStart start, int depth)
        {
            var entries = new List<RawEntry>();
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1);
                var value = ReadNode(depth + 1);
                if (key is RawScalar scalarKey)
                {
                    entries.Add(new RawEntry(scalarKey, value));
                }
                else
                {
                    _context.Error(DiagnosticIds.WrongType, key.Location, $"A key here is {key.ShapeName}; keys must be single names such as 'run' or a node id.");
                }
            }

            return new RawMapping(entries, At(start.Start));
        }

        private RawNode ResolveAlias(AnchorAlias alias)
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var node))
            {
                return node;
            }

            // An alias inside its own anchor's value lands here too: the anchor is remembered once its value is complete.
            _context.Error(DiagnosticIds.YamlSyntax, At(alias.Start), $"The alias '*{alias.Value.Value}' refers to no anchor written before it. Define '&{alias.Value.Value}' on an earlier value, or fix the name.");
            return RawScalar.FromYaml(string.Empty, true, At(alias.Start), At(alias.Start), false);
        }

        private RawNode Remember(AnchorName anchor, RawNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        private RawScalar ReadScalar(Scalar scalar)
        {
            var location = At(scalar.Start);
            switch (scalar.Style)
            {
                case ScalarStyle.Literal:
                    return RawScalar.FromYaml(scalar.Value, false, location, BlockContentLocation(scalar), true);
                case ScalarStyle.Folded:
                    var content = BlockContentLocation(scalar);
                    return RawScalar.FromYaml(scalar.Value, false, location, content, false, LengthOnLine(content));
                case ScalarStyle.SingleQuoted:
                case ScalarStyle.DoubleQuoted:
                    var quoted = location.Offset(0, 1);
                    return RawScalar.FromYaml(scalar.Value, false, location, quoted, false, SpansLines(scalar) ? LengthOnLine(quoted) : int.MaxValue);
                default:
                    var plainLength = SpansLines(scalar) ? LengthOnLine(location) : int.MaxValue;
                    return RawScalar.FromYaml(scalar.Value, IsUntaggedOrNonString(scalar), location, location, false, plainLength);
            }
        }

        private static bool SpansLines(Scalar scalar) => scalar.End.Line > scalar.Start.Line;

        /// <summary>The characters from <paramref name="start"/> to the end of its line, trailing spaces excluded (YAML folds them away).</summary>
        private int LengthOnLine(SourceLocation start)
        {
            var line = start.Line <= _lines.Length ? _lines[start.Line - 1].TrimEnd() : string.Empty;
            return Math.Max(0, line.Length - (start.Column - 1));
        }

        /// <summary>An explicit <c>!!str</c> or <c>!</c> tag makes a plain scalar a string, as quotes would.</summary>
        private static bool IsUntaggedOrNonString(Scalar scalar)
            => scalar.Tag.IsEmpty || (scalar.Tag.Value != "tag:yaml.org,2002:str" && scalar.Tag.Value != "!");

        /// <summary>
        /// The scalar's Start mark is the <c>|</c> or <c>&gt;</c> indicator; the content begins on the next line at the
        /// block's indentation. That indentation is the first non-blank content line's leading spaces in the file
        /// minus the same line's leading spaces in the value (non-zero only with an explicit indentation indicator).
        /// </summary>
        private SourceLocation BlockContentLocation(Scalar scalar)
        {
            int firstContentLine = (int)scalar.Start.Line + 1;
            var valueLine = FirstNonBlank(scalar.Value.Split('\n'));
            for (int index = firstContentLine - 1; index < _lines.Length && index < scalar.End.Line; index++)
            {
                if (valueLine != null && _lines[index].Trim().Length > 0)
                {
                    int indentation = LeadingSpaces(_lines[index]) - LeadingSpaces(valueLine);
                    return new SourceLocation(_context.SourcePath, firstContentLine, Math.Max(0, indentation) + 1);
                }
            }

            return new SourceLocation(_context.SourcePath, firstContentLine, (int)scalar.Start.Column);
        }

        private static string? FirstNonBlank(string[] lines)
        {
            foreach (var line in lines)
            {
                if (line.Trim().Length > 0)
                {
                    return line;
                }
            }

            return null;
        }

        private static int LeadingSpaces(string line)
        {
            int count = 0;
            while (count < line.Length && line[count] == ' ')
            {
                count++;
            }

            return count;
        }

        private SourceLocation At(Mark mark)
            => new SourceLocation(_context.SourcePath, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));
    }
}
