using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using DagRunner.Execution;

namespace DagRunner.Commands.Hosting
{
    /// <summary>
    /// Writes what nodes wrote to the caller's streams, each line tagged <c>[node]</c>. Only called on the
    /// cmdlet's pipeline thread. Output objects stay in the node's result; here they are shown as text lines.
    /// </summary>
    internal sealed class NodeLogWriter
    {
        private static readonly string[] HostTags = { "PSHOST" };
        private readonly PSCmdlet cmdlet;

        public NodeLogWriter(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public void Write(NodeLogEvent log)
        {
            var prefix = "[" + log.Node + "] ";
            switch (log.Stream)
            {
                case NodeLogStream.Output:
                    WriteHostLines(prefix, ObjectText(log.Data), null, null);
                    break;
                case NodeLogStream.Error when log.Data is ErrorRecord record:
                    cmdlet.WriteError(Tagged(record, prefix));
                    break;
                case NodeLogStream.Warning:
                    cmdlet.WriteWarning(prefix + Message(log.Data));
                    break;
                case NodeLogStream.Verbose:
                    cmdlet.WriteVerbose(prefix + Message(log.Data));
                    break;
                case NodeLogStream.Debug:
                    cmdlet.WriteDebug(prefix + Message(log.Data));
                    break;
                case NodeLogStream.Information when log.Data is InformationRecord info:
                    WriteInformation(prefix, info, log.Node);
                    break;
            }
        }

        private void WriteInformation(string prefix, InformationRecord info, string node)
        {
            if (info.MessageData is HostInformationMessage hostMessage)
            {
                WriteHostLines(prefix, hostMessage.Message, hostMessage.ForegroundColor, hostMessage.BackgroundColor);
                return;
            }

            var tagged = new InformationRecord(prefix + info.MessageData, node);
            foreach (var tag in info.Tags)
            {
                tagged.Tags.Add(tag);
            }

            cmdlet.WriteInformation(tagged);
        }

        /// <summary>Writes like Write-Host does (information stream, PSHOST tag), so 6>$null silences it.</summary>
        private void WriteHostLines(string prefix, string? text, ConsoleColor? foreground, ConsoleColor? background)
        {
            foreach (var line in Lines(text))
            {
                var message = new HostInformationMessage { Message = prefix + line, ForegroundColor = foreground, BackgroundColor = background };
                cmdlet.WriteInformation(message, HostTags);
            }
        }

        private static ErrorRecord Tagged(ErrorRecord record, string prefix)
        {
            var copy = new ErrorRecord(record, null);
            copy.ErrorDetails = new ErrorDetails(prefix + (record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString()));
            return copy;
        }

        private static string Message(object? data) => data switch
        {
            InformationalRecord record => record.Message,
            null => string.Empty,
            _ => data.ToString() ?? string.Empty,
        };

        /// <summary>One-line text of an output object: strings as they are, other objects as PowerShell converts them.</summary>
        internal static string ObjectText(object? value)
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
                case Array array:
                    return string.Join(", ", ItemsText(array));
                default:
                    return LanguagePrimitives.ConvertTo<string>(value);
            }
        }

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

        private static string[] Lines(string? text)
            => string.IsNullOrEmpty(text) ? new[] { string.Empty } : text!.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
    }
}
