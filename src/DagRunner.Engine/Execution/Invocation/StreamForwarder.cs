using System;
using System.Management.Automation;
using DagRunner.Engine.Events;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// Publishes every record a node's pipeline writes as a <see cref="NodeLogEvent"/> the moment it is written.
    /// Runs on the runspace's thread, so it only hands records on; the cmdlet writes them from its own thread.
    /// </summary>
    internal sealed class StreamForwarder : IDisposable
    {
        private readonly PowerShell powerShell;
        private readonly string node;
        private readonly IRunEventSink events;
        private readonly Func<DateTime> now;
        private readonly string? host;

        /// <param name="forwardOutput">False for an <c>if:</c>, whose output decides, and is not the node's output.</param>
        /// <param name="host">The host a remote node runs on, which its records are tagged with; null for a local node.</param>
        public StreamForwarder(PowerShell powerShell, PSDataCollection<PSObject> output, string node, IRunEventSink events, Func<DateTime> now, bool forwardOutput, string? host = null)
        {
            this.powerShell = powerShell;
            this.node = node;
            this.host = host;
            this.events = events;
            this.now = now;
            Output = output;
            if (forwardOutput)
            {
                output.DataAdded += OnOutput;
            }

            var streams = powerShell.Streams;
            streams.Error.DataAdded += OnError;
            streams.Warning.DataAdded += OnWarning;
            streams.Verbose.DataAdded += OnVerbose;
            streams.Debug.DataAdded += OnDebug;
            streams.Information.DataAdded += OnInformation;
        }

        public PSDataCollection<PSObject> Output { get; }

        public void Dispose()
        {
            Output.DataAdded -= OnOutput;
            var streams = powerShell.Streams;
            streams.Error.DataAdded -= OnError;
            streams.Warning.DataAdded -= OnWarning;
            streams.Verbose.DataAdded -= OnVerbose;
            streams.Debug.DataAdded -= OnDebug;
            streams.Information.DataAdded -= OnInformation;
        }

        private void Publish(NodeLogStream stream, object? data) => events.Publish(new NodeLogEvent(now(), node, stream, data, host));

        private void OnOutput(object? sender, DataAddedEventArgs e) => Publish(NodeLogStream.Output, Output[e.Index]);

        private void OnError(object? sender, DataAddedEventArgs e) => Publish(NodeLogStream.Error, powerShell.Streams.Error[e.Index]);

        private void OnWarning(object? sender, DataAddedEventArgs e) => Publish(NodeLogStream.Warning, powerShell.Streams.Warning[e.Index]);

        private void OnVerbose(object? sender, DataAddedEventArgs e) => Publish(NodeLogStream.Verbose, powerShell.Streams.Verbose[e.Index]);

        private void OnDebug(object? sender, DataAddedEventArgs e) => Publish(NodeLogStream.Debug, powerShell.Streams.Debug[e.Index]);

        /// <summary>Write-Host records that came through remoting (a remote node's, or a local node's own Invoke-Command) stay host output.</summary>
        private void OnInformation(object? sender, DataAddedEventArgs e)
            => Publish(NodeLogStream.Information, DeserializedRecords.Rehydrate(powerShell.Streams.Information[e.Index]));
    }
}
