using System;
using System.Management.Automation;
using DagRunner.Engine.Events;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Writes what nodes wrote to the caller's streams, each line tagged <c>[node]</c>. Only called on the
    /// cmdlet's pipeline thread. Output objects stay in the node's result; here they are shown as text lines. After Ctrl+C
    /// (the cmdlet is stopping, every Write* throws) the same lines go through the host instead.
    /// </summary>
    internal sealed class NodeLogWriter
    {
        private readonly PSCmdlet cmdlet;

        public NodeLogWriter(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public void Write(NodeLogEvent log)
        {
            var prefix = "[" + log.Source + "] "; // [node], or [node@host] for a node that runs on a host
            if (cmdlet.Stopping)
            {
                WriteToHost(prefix, log);
                return;
            }

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
        {
            if (cmdlet.Stopping)
            {
                HostLines.Line(cmdlet, text, color);
                return;
            }

            cmdlet.WriteInformation(new HostInformationMessage { Message = text, ForegroundColor = color }, new[] { "PSHOST", "DagRunner", node });
        }

        /// <summary>
        /// After Ctrl+C: what cleanup nodes and finally blocks write, through the host, tagged as before. Warning, verbose
        /// and debug records only reach here when the node's preference (the caller's) shows them; information records
        /// other than Write-Host always do but are hidden by default, so they stay in the log files.
        /// </summary>
        private void WriteToHost(string prefix, NodeLogEvent log)
        {
            switch (log.Stream)
            {
                case NodeLogStream.Output:
                    HostTextLines(prefix, NodeLogText.ObjectText(log.Data), null, null);
                    break;
                case NodeLogStream.Information when log.Data is InformationRecord { MessageData: HostInformationMessage host }:
                    HostTextLines(prefix, host.Message, host.ForegroundColor, host.BackgroundColor);
                    break;
                case NodeLogStream.Error:
                    HostLines.Write(cmdlet, ui => ui.WriteErrorLine(prefix + NodeLogText.Message(log.Data)));
                    break;
                case NodeLogStream.Warning:
                    HostLines.Write(cmdlet, ui => ui.WriteWarningLine(prefix + NodeLogText.Message(log.Data)));
                    break;
                case NodeLogStream.Verbose:
                    HostLines.Write(cmdlet, ui => ui.WriteVerboseLine(prefix + NodeLogText.Message(log.Data)));
                    break;
                case NodeLogStream.Debug:
                    HostLines.Write(cmdlet, ui => ui.WriteDebugLine(prefix + NodeLogText.Message(log.Data)));
                    break;
            }
        }

        private void HostTextLines(string prefix, string? text, ConsoleColor? foreground, ConsoleColor? background)
        {
            foreach (var line in NodeLogText.SplitLines(text))
            {
                HostLines.Line(cmdlet, prefix + line, foreground, background);
            }
        }

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
