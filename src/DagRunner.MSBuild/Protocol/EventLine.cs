using System;
using System.Collections.Generic;
using System.Globalization;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// One line of <c>Invoke-Dag -OutputMode Json</c>: a JSON object with an <c>event</c> field. Unknown fields are
    /// ignored and absent ones read as null, so the module may add fields without breaking the task.
    /// </summary>
    internal sealed class EventLine
    {
        private readonly Dictionary<string, object?> fields;

        private EventLine(string kind, Dictionary<string, object?> fields)
        {
            Kind = kind;
            this.fields = fields;
        }

        /// <summary>The <c>event</c> field: runStarted, nodeStarted, log, retrying, nodeFinished, diagnostic, error, warning, runFinished.</summary>
        public string Kind { get; }

        /// <summary>Parses one output line; null when it is not a JSON object with a string <c>event</c> field.</summary>
        public static EventLine? TryParse(string line)
        {
            if (string.IsNullOrEmpty(line) || line.TrimStart().Length == 0 || line.TrimStart()[0] != '{')
            {
                return null;
            }

            var fields = JsonReader.ParseObject(line);
            return fields != null && fields.TryGetValue("event", out var kind) && kind is string name && name.Length > 0
                ? new EventLine(name, fields)
                : null;
        }

        public string? String(string name)
        {
            if (!fields.TryGetValue(name, out var value) || value == null)
            {
                return null;
            }

            return value switch
            {
                string text => text,
                double number => number.ToString(CultureInfo.InvariantCulture),
                bool flag => flag ? "true" : "false",
                _ => null,
            };
        }

        /// <summary>A field as the reader gave it (a nested object is a dictionary); null when absent.</summary>
        public object? Field(string name) => fields.TryGetValue(name, out var value) ? value : null;

        /// <summary>A whole number field; null when absent, null, or not a number.</summary>
        public long? Integer(string name)
        {
            if (!fields.TryGetValue(name, out var value) || value == null)
            {
                return null;
            }

            if (value is double number && !double.IsNaN(number) && !double.IsInfinity(number))
            {
                return (long)Math.Round(number);
            }

            return value is string text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }

        /// <summary>A positive line or column number; 0 when unknown (MSBuild's "no position").</summary>
        public int Position(string name)
        {
            var value = Integer(name);
            return value.HasValue && value.Value > 0 && value.Value <= int.MaxValue ? (int)value.Value : 0;
        }
    }
}
