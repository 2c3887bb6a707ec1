using System;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Invocation;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>How a pipeline's records become log events: which are published, with what, and until when.</summary>
    public sealed class StreamForwarderTests : IDisposable
    {
        private static readonly DateTime Now = new DateTime(2026, 12, 3, 8, 0, 0);
        private readonly LogWatcher logs = new LogWatcher();
        private readonly PowerShell powerShell = PowerShell.Create();
        private readonly PSDataCollection<PSObject> output = new PSDataCollection<PSObject>();

        public void Dispose() => powerShell.Dispose();

        private StreamForwarder Forward(bool forwardOutput, string? host = null) => new StreamForwarder(powerShell, output, "a", logs, () => Now, forwardOutput, host);

        [Fact]
        public void EachRecord_IsPublished_WithTheNode_TheHost_AndTheClocksTime()
        {
            using var forwarder = Forward(forwardOutput: true, host: "web1");

            output.Add(new PSObject("out"));
            powerShell.Streams.Warning.Add(new WarningRecord("warn"));

            Assert.Equal(new[] { "out", "warn" }, logs.Logs.Select(l => LogWatcher.Text(l.Data)));
            Assert.All(logs.Logs, l => Assert.Equal(("a@web1", Now), (l.Source, l.Time)));
        }

        [Fact]
        public void TheOutputOfAnIf_IsNotPublished_ButItsWarningsAre()
        {
            using var forwarder = Forward(forwardOutput: false);

            output.Add(new PSObject(true));
            powerShell.Streams.Warning.Add(new WarningRecord("careful"));

            var only = Assert.Single(logs.Logs);
            Assert.Equal(NodeLogStream.Warning, only.Stream);
        }

        [Fact]
        public void NothingIsPublished_AfterDispose()
        {
            Forward(forwardOutput: true).Dispose();

            output.Add(new PSObject("late"));
            powerShell.Streams.Error.Add(new ErrorRecord(new Exception("late"), "late", ErrorCategory.NotSpecified, null));
            powerShell.Streams.Information.Add(new InformationRecord("late", "test"));

            Assert.Empty(logs.Logs);
        }

        [Fact]
        public void AWriteHostRecordThatCameThroughRemoting_IsPublishedAsHostOutput()
        {
            using var forwarder = Forward(forwardOutput: true, host: "web1");
            var data = new PSObject();
            data.TypeNames.Insert(0, "Deserialized.System.Management.Automation.HostInformationMessage");
            data.Properties.Add(new PSNoteProperty("Message", "from the host"));
            data.Properties.Add(new PSNoteProperty("NoNewLine", true));

            powerShell.Streams.Information.Add(new InformationRecord(data, "remote"));

            var message = Assert.IsType<HostInformationMessage>(Assert.IsType<InformationRecord>(Assert.Single(logs.Logs).Data).MessageData);
            Assert.Equal("from the host", message.Message);
            Assert.True(message.NoNewLine);
        }
    }
}
