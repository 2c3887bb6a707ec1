using System;
using DagRunner.Engine.Definition;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Turns a YAML scalar into a <see cref="RawScalar"/> and works out where its text really starts in the file,
    /// which YamlDotNet's marks do not say for quoted and block scalars. Script errors are mapped from there.
    /// </summary>
    internal sealed class YamlScalarReader
    {
        private readonly string[] lines;
        private readonly string sourcePath;

        public YamlScalarReader(string text, string sourcePath)
        {
            lines = text.Split('\n');
            this.sourcePath = sourcePath;
        }

        public static SourceLocation At(string sourcePath, Mark mark)
            => new SourceLocation(sourcePath, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

        public RawScalar Read(Scalar scalar)
        {
            var location = At(sourcePath, scalar.Start);
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
            var line = start.Line <= lines.Length ? lines[start.Line - 1].TrimEnd() : string.Empty;
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
            for (int index = firstContentLine - 1; index < lines.Length && index < scalar.End.Line; index++)
            {
                if (valueLine != null && lines[index].Trim().Length > 0)
                {
                    int indentation = LeadingSpaces(lines[index]) - LeadingSpaces(valueLine);
                    return new SourceLocation(sourcePath, firstContentLine, Math.Max(0, indentation) + 1);
                }
            }

            return new SourceLocation(sourcePath, firstContentLine, (int)scalar.Start.Column);
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
    }
}
