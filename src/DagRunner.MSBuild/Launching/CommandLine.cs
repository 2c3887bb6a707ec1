using System.Collections.Generic;
using System.Text;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// Builds a process command line from separate arguments, each quoted so that the child's runtime splits it back
    /// into exactly the same strings.
    /// </summary>
    /// <remarks>
    /// ToolTask hands a single string to <c>ProcessStartInfo.Arguments</c>. .NET splits that string with the
    /// Windows C runtime rules on every OS (and on Windows the child's runtime does), so this quotes by those rules:
    /// an argument with blanks or quotes goes in double quotes, a quote becomes <c>\"</c>, and backslashes are
    /// doubled only where they precede a quote. Nothing here is a shell: <c>$</c>, <c>;</c> and backticks pass as they are.
    /// </remarks>
    internal sealed class CommandLine
    {
        private readonly List<string> arguments = new List<string>();

        public IReadOnlyList<string> Arguments => arguments;

        public CommandLine Add(string argument)
        {
            arguments.Add(argument);
            return this;
        }

        public CommandLine Add(string name, string? value)
        {
            if (value != null)
            {
                arguments.Add(name);
                arguments.Add(value);
            }

            return this;
        }

        public override string ToString()
        {
            var builder = new StringBuilder();
            foreach (var argument in arguments)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                AppendQuoted(builder, argument);
            }

            return builder.ToString();
        }

        public static void AppendQuoted(StringBuilder builder, string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                builder.Append(argument);
                return;
            }

            builder.Append('"');
            var i = 0;
            while (i < argument.Length)
            {
                var c = argument[i++];
                if (c == '\\')
                {
                    var backslashes = 1;
                    while (i < argument.Length && argument[i] == '\\')
                    {
                        i++;
                        backslashes++;
                    }

                    if (i == argument.Length)
                    {
                        // Before the closing quote: double them so the quote stays a quote.
                        builder.Append('\\', backslashes * 2);
                    }
                    else if (argument[i] == '"')
                    {
                        builder.Append('\\', (backslashes * 2) + 1).Append('"');
                        i++;
                    }
                    else
                    {
                        builder.Append('\\', backslashes);
                    }

                    continue;
                }

                if (c == '"')
                {
                    builder.Append('\\').Append('"');
                    continue;
                }

                builder.Append(c);
            }

            builder.Append('"');
        }
    }
}
