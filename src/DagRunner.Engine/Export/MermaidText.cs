using System;
using System.Collections.Generic;
using System.Text;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// Node ids and label text that Mermaid reads back exactly as meant. Node names are never used as Mermaid ids
    /// directly: <c>end</c> closes a subgraph, a name starting with <c>o</c> or <c>x</c> after <c>--</c> turns the
    /// arrow into a circle or a cross, and <c>a-b--&gt;c</c> is ambiguous.
    /// </summary>
    internal static class MermaidText
    {
        /// <summary>
        /// <c>n_</c> and the name with every character outside <c>[A-Za-z0-9_]</c> replaced by <c>_</c>; a name that
        /// collides with an earlier one (<c>a-b</c> after <c>a_b</c>) gets <c>_2</c>, <c>_3</c>, ... in the order given.
        /// </summary>
        public static Dictionary<string, string> Ids(IEnumerable<string> names)
        {
            var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var sb = new StringBuilder("n_", name.Length + 2);
                foreach (var c in name)
                {
                    sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
                }

                var id = sb.ToString();
                for (int n = 2; !taken.Add(id); n++)
                {
                    id = sb.ToString() + "_" + n;
                }

                ids[name] = id;
            }

            return ids;
        }

        /// <summary>
        /// Text for a quoted label (<c>["..."]</c>): quotes and the characters Mermaid or the HTML it renders to would
        /// read as syntax become Mermaid entity codes (<c>#quot;</c>), and line breaks become spaces.
        /// </summary>
        public static string Label(string text)
        {
            var sb = new StringBuilder(text.Length + 8);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '#': sb.Append("#35;"); break;
                    case '"': sb.Append("#quot;"); break;
                    case '<': sb.Append("#lt;"); break;
                    case '>': sb.Append("#gt;"); break;
                    case '&': sb.Append("#amp;"); break;
                    case '\r':
                    case '\n': sb.Append(' '); break;
                    default: sb.Append(c); break;
                }
            }

            return sb.ToString();
        }

        /// <summary>A title for the YAML front matter: double-quoted, so a colon or a quote in it stays text.</summary>
        public static string FrontMatterTitle(string title)
            => "\"" + OneLine(title).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        /// <summary>Free text on a line of its own (a gantt title or section): one line, no <c>%%</c> comment start, no <c>;</c> or <c>#</c>.</summary>
        public static string Line(string text) => OneLine(text).Replace("%%", "%").Replace(';', ',').Replace("#", "");

        private static string OneLine(string text) => text.Replace("\r", " ").Replace("\n", " ");
    }
}
