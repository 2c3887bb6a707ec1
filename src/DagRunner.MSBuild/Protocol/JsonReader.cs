using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// A small, strict JSON reader: objects become <see cref="Dictionary{TKey,TValue}"/>, arrays <see cref="List{T}"/>,
    /// numbers <see cref="double"/>, plus string, bool and null.
    /// </summary>
    /// <remarks>
    /// Hand-written on purpose. MSBuild loads a task's dependencies from the task's folder, and on .NET Framework
    /// MSBuild (Visual Studio) a System.Text.Json shipped next to the task can clash with the one MSBuild binds
    /// itself. The task reads only one-line event objects and a tool manifest, so 200 lines of parser buy a
    /// package with no dependency at all.
    /// </remarks>
    internal sealed class JsonReader
    {
        private const int MaxDepth = 64;

        private readonly string text;
        private int position;

        private JsonReader(string text) => this.text = text;

        /// <summary>Parses <paramref name="text"/> as one JSON value; false (and null) when it is not valid JSON.</summary>
        public static bool TryParse(string text, out object? value)
        {
            value = null;
            if (text == null)
            {
                return false;
            }

            var reader = new JsonReader(text);
            try
            {
                reader.SkipWhitespace();
                value = reader.ReadValue(0);
                reader.SkipWhitespace();
                if (reader.position != text.Length)
                {
                    value = null;
                    return false;
                }

                return true;
            }
            catch (FormatException)
            {
                value = null;
                return false;
            }
        }

        /// <summary>Parses <paramref name="text"/> as a JSON object; null when it is anything else.</summary>
        public static Dictionary<string, object?>? ParseObject(string text)
            => TryParse(text, out var value) ? value as Dictionary<string, object?> : null;

        private object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nested too deeply");
            }

            switch (Peek())
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    return ReadString();
                case 't':
                    Expect("true");
                    return true;
                case 'f':
                    Expect("false");
                    return false;
                case 'n':
                    Expect("null");
                    return null;
                default:
                    return ReadNumber();
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                position++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name");
                }

                var name = ReadString();
                SkipWhitespace();
                if (Next() != ':')
                {
                    throw Error("expected ':'");
                }

                SkipWhitespace();
                result[name] = ReadValue(depth + 1);
                SkipWhitespace();
                var separator = Next();
                if (separator == '}')
                {
                    return result;
                }

                if (separator != ',')
                {
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private List<object?> ReadArray(int depth)
        {
            var result = new List<object?>();
            position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                position++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                result.Add(ReadValue(depth + 1));
                SkipWhitespace();
                var separator = Next();
                if (separator == ']')
                {
                    return result;
                }

                if (separator != ',')
                {
                    throw Error("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            position++; // opening quote
            var builder = new StringBuilder();
            while (true)
            {
                var c = Next();
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c < ' ')
                {
                    throw Error("control character in a string");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                var escape = Next();
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u': builder.Append(ReadHex4()); break;
                    default: throw Error("bad escape");
                }
            }
        }

        private char ReadHex4()
        {
            if (position + 4 > text.Length)
            {
                throw Error("short \\u escape");
            }

            var hex = text.Substring(position, 4);
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw Error("bad \\u escape");
            }

            position += 4;
            return (char)code;
        }

        private double ReadNumber()
        {
            var start = position;
            if (Peek() == '-')
            {
                position++;
            }

            while (position < text.Length && IsNumberChar(text[position]))
            {
                position++;
            }

            var token = text.Substring(start, position - start);
            if (token.Length == 0 || token == "-"
                || !double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
            {
                throw Error("expected a value");
            }

            return number;
        }

        private static bool IsNumberChar(char c) => (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';

        private void Expect(string word)
        {
            if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
            {
                throw Error("expected " + word);
            }

            position += word.Length;
        }

        private void SkipWhitespace()
        {
            while (position < text.Length && (text[position] == ' ' || text[position] == '\t' || text[position] == '\n' || text[position] == '\r'))
            {
                position++;
            }
        }

        private char Peek() => position < text.Length ? text[position] : throw Error("unexpected end");

        private char Next() => position < text.Length ? text[position++] : throw Error("unexpected end");

        private FormatException Error(string what) => new FormatException($"Invalid JSON at {position}: {what}.");
    }
}
