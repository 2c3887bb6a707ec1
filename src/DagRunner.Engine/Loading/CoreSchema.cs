using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// What an unquoted YAML scalar means under the YAML 1.2 core schema: null, a bool, an integer, a float or
    /// else a string. Quoted scalars are always strings and never come here.
    /// </summary>
    internal static class CoreSchema
    {
        private static readonly Regex Decimal = new Regex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex Octal = new Regex("^0o[0-7]+$", RegexOptions.CultureInvariant);
        private static readonly Regex Hexadecimal = new Regex("^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant);
        private static readonly Regex Float = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex Infinity = new Regex(@"^[-+]?\.(inf|Inf|INF)$", RegexOptions.CultureInvariant);
        private static readonly Regex NotANumber = new Regex(@"^\.(nan|NaN|NAN)$", RegexOptions.CultureInvariant);

        public static bool IsNull(string text)
            => text.Length == 0 || text == "~" || text == "null" || text == "Null" || text == "NULL";

        /// <summary>
        /// The typed value of plain <paramref name="text"/>: null; bool (<c>true</c>/<c>false</c> in any case, friendlier
        /// than the schema's three spellings); int, or long when too big for int; double; otherwise the text itself.
        /// </summary>
        public static object? Resolve(string text)
        {
            if (IsNull(text))
            {
                return null;
            }

            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (Decimal.IsMatch(text))
            {
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? Narrow(number)
                    : double.Parse(text, CultureInfo.InvariantCulture);
            }

            if (Octal.IsMatch(text))
            {
                return FromDigits(text.Substring(2), 8) ?? (object)text;
            }

            if (Hexadecimal.IsMatch(text))
            {
                return FromDigits(text.Substring(2), 16) ?? (object)text;
            }

            if (Float.IsMatch(text))
            {
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            if (Infinity.IsMatch(text))
            {
                return text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            }

            return NotANumber.IsMatch(text) ? double.NaN : text;
        }

        private static object Narrow(long number)
            => number >= int.MinValue && number <= int.MaxValue ? (int)number : (object)number;

        /// <summary>Octal or hexadecimal digits as int/long; null when the number does not fit a long.</summary>
        private static object? FromDigits(string digits, int radix)
        {
            long value = 0;
            foreach (var c in digits)
            {
                int digit = Convert.ToInt32(c.ToString(), 16);
                if (value > (long.MaxValue - digit) / radix)
                {
                    return null;
                }

                value = (value * radix) + digit;
            }

            return Narrow(value);
        }
    }
}
