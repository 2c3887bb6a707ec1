using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// What a node id may be: an ASCII letter or '_', then ASCII letters, digits, '_' and '-'. ASCII because an id is also
    /// a property after <c>$Needs.</c>, a file name, an id in Mermaid, DOT and JUnit, and a key compared without case in
    /// every culture. A refused id gets a suggestion: its accents dropped and what is left joined with '-'.
    /// </summary>
    internal static class NodeIds
    {
        private static readonly Regex Valid = new Regex("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

        public static bool IsValid(string id) => Valid.IsMatch(id);

        /// <summary>Why <paramref name="id"/> is refused, and a valid id close to it when there is one.</summary>
        public static string Problem(string id)
        {
            var suggestion = Suggest(id);
            var rename = suggestion == null ? "Rename it." : $"Rename it, for example to '{suggestion}'.";
            return $"Node id '{id}' must start with an ASCII letter (A-Z, a-z) or '_' and hold only ASCII letters, digits, '_' and '-', so that scripts can write $Needs.{id}. {rename}";
        }

        /// <summary>'préparer' → 'preparer', 'deploy 🚀' → 'deploy', '1st' → '_1st'; null when nothing usable is left.</summary>
        internal static string? Suggest(string id)
        {
            var text = new StringBuilder();
            foreach (var c in id.Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }

                bool keep = c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '-');
                if (keep)
                {
                    text.Append(c);
                }
                else if (text.Length > 0 && text[text.Length - 1] != '-')
                {
                    text.Append('-');
                }
            }

            var suggestion = text.ToString().Trim('-');
            if (suggestion.Length == 0)
            {
                return null;
            }

            suggestion = char.IsDigit(suggestion[0]) ? "_" + suggestion : suggestion;
            return IsValid(suggestion) && suggestion != id ? suggestion : null;
        }
    }
}
