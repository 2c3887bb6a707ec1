using System;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Field helpers shared by the snapshot and the journal. Readers throw <see cref="FormatException"/> naming the
    /// field; the checkpoint reader turns that into one Corrupt error for the whole file.
    /// </summary>
    internal static class CheckpointJson
    {
        /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm": the longest round-trip date.</summary>
        private const int MaxRoundTripDateLength = 33;

        private static readonly StandardFormat RoundTrip = new StandardFormat('O');

        /// <summary>
        /// The round-trip ("o") text of a date with its UTC offset, such as <c>2024-05-01T10:00:00.0000000-05:00</c>;
        /// null as JSON null. A run's own times are Unspecified (its clock keeps the offset it started in), so they take
        /// <paramref name="offset"/>: without it a checkpoint read in another time zone, or exported there, was hours off.
        /// </summary>
        public static void WriteDate(Utf8JsonWriter json, string name, DateTime? value, TimeSpan? offset)
            => WriteDate(json, JsonEncodedText.Encode(name), value, offset);

        /// <summary>As <see cref="WriteDate(Utf8JsonWriter, string, DateTime?, TimeSpan?)"/>, with the name encoded once by the caller (fields every record writes).</summary>
        public static void WriteDate(Utf8JsonWriter json, JsonEncodedText name, DateTime? value, TimeSpan? offset)
        {
            if (value.HasValue)
            {
                // Formatted as UTF-8 on the stack: three dates a node in every record and snapshot were three strings each.
                Span<byte> text = stackalloc byte[MaxRoundTripDateLength];
                var formatted = value.Value.Kind == DateTimeKind.Unspecified && offset.HasValue
                    ? Utf8Formatter.TryFormat(new DateTimeOffset(value.Value, offset.Value), text, out int length, RoundTrip)
                    : Utf8Formatter.TryFormat(value.Value, text, out length, RoundTrip);
                if (!formatted)
                {
                    throw new InvalidOperationException($"A round-trip date is at most {MaxRoundTripDateLength} bytes; '{name}' did not fit.");
                }

                json.WriteString(name, text.Slice(0, length));
            }
            else
            {
                json.WriteNull(name);
            }
        }

        public static string RequiredString(JsonElement element, string name)
            => OptionalString(element, name) is { Length: > 0 } text ? text : throw Missing(name, "a non-empty string");

        public static string? OptionalString(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(name, value, "a string");
        }

        public static long RequiredInteger(JsonElement element, string name)
            => OptionalInteger(element, name) ?? throw Missing(name, "a whole number");

        public static long? OptionalInteger(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
                ? number
                : throw Wrong(name, value, "a whole number of at least 0");
        }

        public static DateTime RequiredDate(JsonElement element, string name)
            => OptionalDate(element, name) ?? throw Missing(name, "a date");

        /// <summary>
        /// The UTC offset this machine's clock has now, which the dates read from a checkpoint are given in
        /// (<see cref="OptionalDate"/>): one offset for them all, so that an end minus a start is what passed even across
        /// a daylight-saving change, as within a run (RunClock).
        /// </summary>
        public static TimeSpan ReaderOffset => TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow);

        /// <summary>
        /// A date. One written with its offset comes back as the same instant in <see cref="ReaderOffset"/> (Unspecified,
        /// as a run's own times are); one written without (before offsets were written) as it was.
        /// </summary>
        public static DateTime? OptionalDate(JsonElement element, string name)
        {
            var text = OptionalString(element, name);
            if (text == null)
            {
                return null;
            }

            // Parsed once: with an offset ('Z' or +hh:mm at the end) as the instant it names, without as it was written.
            bool hasOffset = text.EndsWith("Z", StringComparison.Ordinal) || (text.Length > 6 && (text[text.Length - 6] == '+' || text[text.Length - 6] == '-'));
            if (hasOffset && DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return instant.ToOffset(ReaderOffset).DateTime;
            }

            return !hasOffset && DateTime.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out var written)
                ? written
                : throw new FormatException($"'{name}' is '{text}', not a round-trip (ISO 8601) date.");
        }

        /// <summary>An enum written by name; numbers and unknown names are refused.</summary>
        public static TEnum? OptionalEnum<TEnum>(JsonElement element, string name)
            where TEnum : struct
        {
            var text = OptionalString(element, name);
            if (text == null)
            {
                return null;
            }

            return Array.IndexOf(Enum.GetNames(typeof(TEnum)), text) >= 0
                ? (TEnum)Enum.Parse(typeof(TEnum), text)
                : throw new FormatException($"'{name}' is '{text}', which is not one of {string.Join(", ", Enum.GetNames(typeof(TEnum)))}.");
        }

        private static FormatException Missing(string name, string what) => new FormatException($"'{name}' is missing; it must be {what}.");

        private static FormatException Wrong(string name, JsonElement value, string what)
            => new FormatException($"'{name}' is {value.GetRawText()}; it must be {what}.");
    }
}
