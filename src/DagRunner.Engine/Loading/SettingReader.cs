using System;
using System.Globalization;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Reads one setting's value with the shape and type its key requires, reporting any mismatch at the value.
    /// Every method returns null when the value is absent (YAML null) or wrong; wrong values are reported.
    /// </summary>
    internal static class SettingReader
    {
        public static void WrongShape(RawEntry entry, string expected, ReadContext context)
            => context.Error(DiagnosticIds.WrongType, entry.Value.Location, $"'{entry.Name}' must be {expected}, not {entry.Value.ShapeName}.");

        public static RawScalar? Scalar(RawEntry entry, string expected, ReadContext context)
        {
            if (entry.Value is RawScalar scalar)
            {
                return scalar.IsNull ? null : scalar;
            }

            WrongShape(entry, expected, context);
            return null;
        }

        public static RawMapping? Mapping(RawEntry entry, string expected, ReadContext context)
        {
            if (entry.Value is RawMapping mapping)
            {
                return mapping;
            }

            if (!(entry.Value is RawScalar scalar && scalar.IsNull))
            {
                WrongShape(entry, expected, context);
            }

            return null;
        }

        public static string? Text(RawEntry entry, ReadContext context) => Scalar(entry, "text", context)?.Text;

        public static bool? Bool(RawEntry entry, ReadContext context)
        {
            var scalar = Scalar(entry, "true or false", context);
            if (scalar == null)
            {
                return null;
            }

            if (ValueConverter.ScalarValue(scalar) is bool value)
            {
                return value;
            }

            context.Error(DiagnosticIds.BadValue, scalar.Location, $"'{entry.Name}' must be true or false (unquoted), not '{scalar.Text}'.");
            return null;
        }

        /// <summary>A whole number of at least <paramref name="minimum"/>; problems are reported with <paramref name="id"/>.</summary>
        /// <param name="meaning">Said after a number under the minimum: what the number counts, when that is why.</param>
        public static int? Int(RawEntry entry, ReadContext context, int minimum = int.MinValue, string id = DiagnosticIds.BadValue, string? meaning = null)
        {
            var scalar = Scalar(entry, "a whole number", context);
            if (scalar == null)
            {
                return null;
            }

            var number = AsInt(ValueConverter.ScalarValue(scalar));
            if (number == null)
            {
                context.Error(id, scalar.Location, $"'{entry.Name}' must be a whole number, not '{scalar.Text}'{QuotedHint(scalar)}.");
            }
            else if (number < minimum)
            {
                context.Error(id, scalar.Location, $"'{entry.Name}' must be at least {minimum}, not {number}.{meaning}");
                return null;
            }

            return number;
        }

        /// <summary>
        /// " (quoted, ...)" when a quoted scalar would be a number or a bool unquoted: <c>retry: "3"</c> is text, and the
        /// message should say why the number was not taken.
        /// </summary>
        public static string QuotedHint(RawScalar scalar)
            => !scalar.IsPlain && !scalar.IsTyped && CoreSchema.Resolve(scalar.Text) is object value && !(value is string)
                ? " (quoted, so it is text: remove the quotes)"
                : string.Empty;

        /// <summary>A duration such as <c>30s</c>; from a hashtable also a [TimeSpan]. Zero only when <paramref name="allowZero"/>.</summary>
        public static TimeSpan? Duration(RawEntry entry, ReadContext context, bool allowZero)
        {
            var scalar = Scalar(entry, $"a duration such as {DurationText.Examples}", context);
            if (scalar == null)
            {
                return null;
            }

            if (!TryDuration(scalar, out var duration))
            {
                var hint = AsDouble(ValueConverter.ScalarValue(scalar)) != null ? " A number alone has no unit: add one, e.g. 30s." : string.Empty;
                context.Error(DiagnosticIds.BadDuration, scalar.Location, $"'{entry.Name}' is not a duration: '{scalar.Text}'. Write it like {DurationText.Examples}.{hint}");
                return null;
            }

            if (duration == TimeSpan.Zero && !allowZero)
            {
                context.Error(DiagnosticIds.BadDuration, scalar.Location, $"'{entry.Name}' must be longer than zero. Remove '{entry.Name}' if you want none.");
                return null;
            }

            return duration;
        }

        /// <summary>PowerShell text with where it starts; an unquoted <c>true</c>/<c>false</c> becomes <c>$true</c>/<c>$false</c>.</summary>
        public static ScriptSource? Script(RawEntry entry, ReadContext context)
        {
            if (!(entry.Value is RawScalar scalar))
            {
                WrongShape(entry, "PowerShell script text", context);
                return null;
            }

            if (scalar.IsNull || scalar.Text.Trim().Length == 0)
            {
                var at = scalar.IsNull ? entry.Key.Location : scalar.Location; // an absent value has no position of its own
                context.Error(DiagnosticIds.WrongType, at, $"'{entry.Name}' is empty. Write the PowerShell it should run, or remove '{entry.Name}'.");
                return null;
            }

            var text = ValueConverter.ScalarValue(scalar) is bool flag ? (flag ? "$true" : "$false") : scalar.Text;
            return new ScriptSource(text, scalar.ContentLocation, scalar.IsBlock, scalar.FirstLineLength);
        }

        private static bool TryDuration(RawScalar scalar, out TimeSpan duration)
        {
            if (scalar.IsTyped)
            {
                duration = scalar.TypedValue is TimeSpan typed ? typed : TimeSpan.MinValue;
                return duration >= TimeSpan.Zero;
            }

            return DurationText.TryParse(scalar.Text, out duration);
        }

        private static int? AsInt(object? value)
        {
            switch (value)
            {
                case int number: return number;
                case long number when number >= int.MinValue && number <= int.MaxValue: return (int)number;
                case short _:
                case byte _:
                case sbyte _:
                case ushort _:
                    return Convert.ToInt32(value, CultureInfo.InvariantCulture);
                default: return null;
            }
        }

        private static double? AsDouble(object? value)
            => value is int || value is long || value is double || value is float || value is decimal || value is short || value is byte
                ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
                : (double?)null;
    }
}
