using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DagRunner.Engine.Secrets
{
    /// <summary>
    /// The one place that hides secret values in text: every occurrence of each value, and of a few forms derived
    /// from it, becomes <see cref="Mask"/>. Forms are replaced longest first, so a secret that contains another
    /// secret is masked whole. Comparison is ordinal (case-sensitive), like the values themselves.
    /// </summary>
    /// <remarks>
    /// Masked forms: the value; its JSON-escaped form (a tool that printed JSON); its URL-escaped form (a value in
    /// a query string); its Base64 (of its UTF-8 bytes; a Basic auth header). Not masked: other encodings (hex,
    /// UTF-16 Base64, a hash), a value cut in parts (one half per line, or per write), a value in another case, and
    /// a form shorter than <see cref="MinimumLength"/>. Values shorter than that are refused before a run starts
    /// (<c>DAG0043</c>), because masking every "a" or "1" would garble every line and leak the value by its gaps.
    /// </remarks>
    internal sealed class SecretMasker
    {
        /// <summary>What a secret's value is replaced with.</summary>
        public const string Mask = "***";

        /// <summary>The shortest value DagRunner masks; shorter secrets are refused. <value>4 characters.</value></summary>
        public const int MinimumLength = 4;

        /// <summary>Masks nothing: a run without secrets.</summary>
        public static readonly SecretMasker None = new SecretMasker(Array.Empty<string>());

        private static readonly JsonSerializerOptions AsciiJson = new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default };
        private static readonly JsonSerializerOptions RelaxedJson = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>Every form to replace, longest first.</summary>
        private readonly string[] forms;

        public SecretMasker(IEnumerable<string> values)
        {
            forms = values
                .Where(v => !string.IsNullOrEmpty(v) && v.Length >= MinimumLength)
                .SelectMany(Forms)
                .Where(f => f.Length >= MinimumLength)
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(f => f.Length)
                .ThenBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }

        /// <summary>True when there is nothing to mask, so callers can skip the work.</summary>
        public bool IsEmpty => forms.Length == 0;

        /// <summary>True when <paramref name="text"/> holds a secret's value or one of its masked forms.</summary>
        public bool Contains(string? text)
        {
            if (string.IsNullOrEmpty(text) || IsEmpty)
            {
                return false;
            }

            foreach (var form in forms)
            {
                if (text!.IndexOf(form, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><paramref name="text"/> with every secret's value (and masked form) replaced by <see cref="Mask"/>.</summary>
        public string Apply(string text)
        {
            if (!Contains(text))
            {
                return text;
            }

            foreach (var form in forms)
            {
                text = text.Replace(form, Mask); // ordinal
            }

            return text;
        }

        /// <summary><see cref="Apply"/> that keeps null.</summary>
        public string? ApplyOrNull(string? text) => text == null ? null : Apply(text);

        private static IEnumerable<string> Forms(string value)
        {
            yield return value;
            yield return Unquote(JsonSerializer.Serialize(value, AsciiJson));
            yield return Unquote(JsonSerializer.Serialize(value, RelaxedJson));
            yield return Uri.EscapeDataString(value);
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        private static string Unquote(string json) => json.Substring(1, json.Length - 2);
    }
}
