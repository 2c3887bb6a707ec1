using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>Writes a flat JSON object of strings: how the task hands Parameters to the runner script, as data.</summary>
    internal static class JsonText
    {
        public static string Object(IEnumerable<KeyValuePair<string, string>> properties)
            => Values(properties.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)));

        /// <summary>A flat JSON object whose values are strings or booleans (the runner script's parameters).</summary>
        public static string Values(IEnumerable<KeyValuePair<string, object>> properties)
        {
            var builder = new StringBuilder("{");
            var first = true;
            foreach (var property in properties)
            {
                if (!first)
                {
                    builder.Append(',');
                }

                first = false;
                AppendString(builder, property.Key);
                builder.Append(':');
                if (property.Value is bool flag)
                {
                    builder.Append(flag ? "true" : "false");
                }
                else
                {
                    AppendString(builder, property.Value?.ToString() ?? string.Empty);
                }
            }

            return builder.Append('}').ToString();
        }

        public static void AppendString(StringBuilder builder, string value)
        {
            builder.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }
    }
}
