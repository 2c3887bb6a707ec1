using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// The task's <c>Parameters</c> (<c>Name=Value;Name2=Value2</c>, split on <c>;</c> by MSBuild) as name/value pairs
    /// for <c>Invoke-Dag -Parameters</c>.
    /// </summary>
    /// <remarks>
    /// Values are data, never code: they reach the runner script as a JSON object in one command-line argument and
    /// become hashtable values there, so quotes, <c>$(...)</c>, backticks and <c>@{}</c> arrive as literal text. A
    /// value that holds <c>;</c> is written <c>%3B</c> in the project (MSBuild unescapes it after splitting).
    /// The same name twice: the last one wins, as with MSBuild properties.
    /// </remarks>
    internal sealed class ParameterList
    {
        private static readonly Regex ValidName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        private readonly List<KeyValuePair<string, string>> pairs = new List<KeyValuePair<string, string>>();

        private ParameterList()
        {
        }

        public IReadOnlyList<KeyValuePair<string, string>> Pairs => pairs;

        /// <summary>Parses the entries; on a bad entry returns null and says why in <paramref name="problem"/>.</summary>
        public static ParameterList? Parse(IEnumerable<string>? entries, out string? problem)
        {
            problem = null;
            var list = new ParameterList();
            if (entries == null)
            {
                return list;
            }

            foreach (var entry in entries)
            {
                if (string.IsNullOrWhiteSpace(entry))
                {
                    continue;
                }

                var equals = entry.IndexOf('=');
                if (equals < 0)
                {
                    problem = $"The Parameters entry '{entry}' is not Name=Value. Write Parameters=\"Name=Value;Name2=Value2\" (a ';' inside a value is %3B).";
                    return null;
                }

                var name = entry.Substring(0, equals).Trim();
                if (!ValidName.IsMatch(name))
                {
                    problem = $"The Parameters entry '{entry}' has the name '{name}', which is not a variable name: use letters, digits and '_', starting with a letter or '_'.";
                    return null;
                }

                var value = entry.Substring(equals + 1);
                list.pairs.RemoveAll(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
                list.pairs.Add(new KeyValuePair<string, string>(name, value));
            }

            return list;
        }

        /// <summary>The JSON object the runner script reads (<c>-ParametersJson</c>); null when there are none.</summary>
        public string? ToJson() => pairs.Count == 0 ? null : JsonText.Object(pairs);
    }
}
