using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using DagRunner.Engine.Events;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>What a node wrote, as plain text lines: the one place that turns output objects and stream records into text.</summary>
    internal static class NodeLogText
    {
        /// <summary>Each line of the record with its stream's name: output, host, information, warning, verbose, debug, error.</summary>
        public static IEnumerable<(string Stream, string Line)> Lines(NodeLogEvent log)
        {
            var (stream, text) = log.Stream switch
            {
                NodeLogStream.Output => ("output", ObjectText(log.Data)),
                NodeLogStream.Information when log.Data is InformationRecord { MessageData: HostInformationMessage host } => ("host", host.Message),
                NodeLogStream.Information => ("information", Message(log.Data)),
                NodeLogStream.Warning => ("warning", Message(log.Data)),
                NodeLogStream.Verbose => ("verbose", Message(log.Data)),
                NodeLogStream.Debug => ("debug", Message(log.Data)),
                _ => ("error", Message(log.Data)),
            };
            foreach (var line in SplitLines(text))
            {
                yield return (stream, line);
            }
        }

        /// <summary>The message of a stream record, or the text of anything else.</summary>
        public static string Message(object? data) => data switch
        {
            InformationalRecord record => record.Message,
            InformationRecord info => info.MessageData?.ToString() ?? string.Empty,
            ErrorRecord error => error.ErrorDetails?.Message ?? error.Exception?.Message ?? error.ToString(),
            null => string.Empty,
            _ => data.ToString() ?? string.Empty,
        };

        /// <summary>One-line text of an output object: strings as they are, other objects as PowerShell converts them.</summary>
        public static string ObjectText(object? value)
        {
            var baseObject = value is PSObject pso ? pso.BaseObject : value;
            switch (baseObject)
            {
                case null:
                    return string.Empty;
                case string s:
                    return s;
                case IDictionary dictionary:
                    return DictionaryText(dictionary);
                case PSCustomObject _ when value is PSObject custom:
                    return PropertiesText(custom);
                case System.Array array:
                    return string.Join(", ", ItemsText(array));
                default:
                    return LanguagePrimitives.ConvertTo<string>(value);
            }
        }

        public static string[] SplitLines(string? text)
            => string.IsNullOrEmpty(text) ? new[] { string.Empty } : text!.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

        private static IEnumerable<string> ItemsText(IEnumerable items)
        {
            foreach (var item in items)
            {
                yield return ObjectText(item);
            }
        }

        /// <summary>Like PowerShell's own @{A=1; B=2}, but with arrays listed instead of shown as System.Object[].</summary>
        private static string PropertiesText(PSObject custom)
        {
            var sb = new StringBuilder("@{");
            foreach (var property in custom.Properties)
            {
                if (sb.Length > 2)
                {
                    sb.Append("; ");
                }

                sb.Append(property.Name).Append('=').Append(ObjectText(property.Value));
            }

            return sb.Append('}').ToString();
        }

        private static string DictionaryText(IDictionary dictionary)
        {
            var sb = new StringBuilder("@{");
            foreach (DictionaryEntry entry in dictionary)
            {
                if (sb.Length > 2)
                {
                    sb.Append("; ");
                }

                sb.Append(entry.Key).Append('=').Append(ObjectText(entry.Value));
            }

            return sb.Append('}').ToString();
        }
    }
}
