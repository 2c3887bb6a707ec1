using System;
using System.Management.Automation;
using DagRunner.Execution;

namespace DagRunner.Commands.Hosting
{
    /// <summary>
    /// Writes what nodes wrote to the caller's streams, each line tagged <c>[node]</c>. Only called on the
    /// cmdlet's pipeline thread. Output objects stay in the node's result; here they are shown as text lines.
    /// </summary>
    internal sealed class NodeLogWriter
    {
        private readonly PSCmdlet cmdlet;

        public NodeLogWriter(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public void Write(NodeLogEvent log)
        {
            var prefix = "[" + log.Source + "] "; // [node], or [node@host] for a node that runs on a host
            switch (log.Stream)
            {
                case NodeLogStream.Output:
                    WriteHostLines(prefix, NodeLogText.ObjectText(log.Data), null, null, log.Node);
                    break;
                case NodeLogStream.Error when log.Data is ErrorRecord record:
                    cmdlet.WriteError(Tagged(record, prefix));
                    break;
                case NodeLogStream.Warning:
                    cmdlet.WriteWarning(prefix + NodeLogText.Message(log.Data));
                    break;
                case NodeLogStream.Verbose:
                    cmdlet.WriteVerbose(prefix + NodeLogText.Message(log.Data));
                    break;
                case NodeLogStream.Debug:
                    cmdlet.WriteDebug(prefix + NodeLogText.Message(log.Data));
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
                WriteHostLines(prefix, hostMessage.Message, hostMessage.ForegroundColor, hostMessage.BackgroundColor, node);
                return;
            }

            var tagged = new InformationRecord(prefix + info.MessageData, node);
            foreach (var tag in info.Tags)
            {
                tagged.Tags.Add(tag);
            }

            cmdlet.WriteInformation(tagged);
        }

        /// <summary>A line of its own (no node prefix), written like Write-Host.</summary>
        public void WriteHeader(string text, ConsoleColor color, string node)
            => cmdlet.WriteInformation(new HostInformationMessage { Message = text, ForegroundColor = color }, new[] { "PSHOST", "DagRunner", node });

        /// <summary>Writes like Write-Host does (information stream, PSHOST tag), so 6>$null silences it; the node is a tag too.</summary>
        private void WriteHostLines(string prefix, string? text, ConsoleColor? foreground, ConsoleColor? background, string node)
        {
            var tags = new[] { "PSHOST", "DagRunner", node };
            foreach (var line in NodeLogText.SplitLines(text))
            {
                var message = new HostInformationMessage { Message = prefix + line, ForegroundColor = foreground, BackgroundColor = background };
                cmdlet.WriteInformation(message, tags);
            }
        }

        private static ErrorRecord Tagged(ErrorRecord record, string prefix)
            => new ErrorRecord(record, null) { ErrorDetails = new ErrorDetails(prefix + NodeLogText.Message(record)) };
    }
}
