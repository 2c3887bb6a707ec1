using System.Globalization;
using System.Text;

namespace DagRunner.Engine.Export
{
    /// <summary>Text made fit for XML 1.0, which cannot hold most control characters even escaped.</summary>
    internal static class XmlText
    {
        /// <summary>
        /// <paramref name="text"/> with each character XML 1.0 cannot hold (controls other than tab, line feed and
        /// carriage return; U+FFFE, U+FFFF; a lone surrogate) written as <c>\uXXXX</c>, so the file parses and the
        /// character can still be seen.
        /// </summary>
        public static string Clean(string text)
        {
            StringBuilder? clean = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (pair)
                {
                    clean?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }

                if (IsAllowed(c))
                {
                    clean?.Append(c);
                    continue;
                }

                clean ??= new StringBuilder(text, 0, i, text.Length + 16);
                clean.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }

            return clean?.ToString() ?? text;
        }

        private static bool IsAllowed(char c)
            => c == '\t' || c == '\n' || c == '\r'
               || (c >= 0x20 && c <= 0xD7FF)
               || (c >= 0xE000 && c <= 0xFFFD);
    }
}
