using System;
using System.Collections.Generic;
using System.Text;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Lines that fit a width, broken between words with the continuation indented, so PowerShell's formatter (which
    /// breaks a too-long line at the width, mid-word) has nothing left to break. Width 0 or less: no limit.
    /// </summary>
    internal static class TextFit
    {
        /// <summary>Below this many columns an error column is not worth keeping: the error goes under its row.</summary>
        public const int MinimumColumn = 24;

        /// <summary>Appends <paramref name="text"/> as lines of at most <paramref name="width"/>, continuation lines indented.</summary>
        public static void AppendWrapped(StringBuilder sb, string text, int width, int indent)
        {
            var pad = new string(' ', indent);
            bool first = true;
            foreach (var line in Wrap(text, width <= 0 ? 0 : width, width <= 0 ? 0 : Math.Max(1, width - indent)))
            {
                sb.Append(first ? string.Empty : pad).AppendLine(line);
                first = false;
            }
        }

        /// <summary>
        /// Appends a table row whose last column (<paramref name="cell"/>, from <paramref name="column"/> on) continues on
        /// the next lines under itself; when the width leaves that column too narrow, the cell starts on its own line.
        /// </summary>
        public static void AppendColumn(StringBuilder sb, string row, string? cell, int column, int width)
        {
            var text = (cell ?? string.Empty).Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
            if (!ColumnFits(column, width))
            {
                sb.AppendLine(row.TrimEnd());
                if (text.Length > 0)
                {
                    foreach (var line in Wrap(text, Math.Max(1, width - BelowIndent.Length), Math.Max(1, width - BelowIndent.Length)))
                    {
                        sb.Append(BelowIndent).AppendLine(line);
                    }
                }

                return;
            }

            if (width <= 0 || row.Length + text.Length <= width)
            {
                sb.AppendLine((row + text).TrimEnd());
                return;
            }

            var pad = new string(' ', column);
            bool first = true;
            foreach (var line in Wrap(text, width - column, width - column))
            {
                sb.Append(first ? row : pad).AppendLine(line);
                first = false;
            }
        }

        /// <summary>False when a last column starting at <paramref name="column"/> would be too narrow: its cells go under their rows.</summary>
        public static bool ColumnFits(int column, int width) => width <= 0 || width - column >= MinimumColumn;

        private const string BelowIndent = "    ";

        /// <summary>Words joined into lines of at most the widths given (0: unlimited); a word longer than a line is cut.</summary>
        internal static IEnumerable<string> Wrap(string text, int firstWidth, int nextWidth)
        {
            var line = new StringBuilder();
            int limit = firstWidth;
            foreach (var word in text.Split(' '))
            {
                var rest = word;
                while (true)
                {
                    int needed = line.Length == 0 ? rest.Length : line.Length + 1 + rest.Length;
                    if (limit <= 0 || needed <= limit)
                    {
                        if (line.Length > 0)
                        {
                            line.Append(' ');
                        }

                        line.Append(rest);
                        break;
                    }

                    if (line.Length > 0)
                    {
                        yield return line.ToString();
                        line.Clear();
                        limit = nextWidth;
                        continue;
                    }

                    // One word wider than a whole line (a long path): cut it, as nothing else would fit.
                    yield return rest.Substring(0, limit);
                    rest = rest.Substring(limit);
                    limit = nextWidth;
                }
            }

            yield return line.ToString();
        }
    }
}
