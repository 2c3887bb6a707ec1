using System;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    /// <summary>What nodes write, in the caller's streams, each line tagged with the node (or node@host).</summary>
    public class NodeLogWriterTests
    {
        [Fact]
        public void NodeLogWriter_Output_IsAHostLinePerLineTaggedWithTheNode()
        {
            var streams = Write(new NodeLogEvent(DateTime.Now, "compile", NodeLogStream.Output, "built\nsigned"));

            Assert.Equal(new[] { "[compile] built", "[compile] signed" }, streams.HostLines);
            Assert.All(streams.Information, i => Assert.Contains("compile", i.Tags));
            Assert.Empty(streams.Output);
        }

        [Fact]
        public void NodeLogWriter_RemoteNode_IsTaggedWithItsHost()
        {
            var streams = Write(new NodeLogEvent(DateTime.Now, "deploy", NodeLogStream.Warning, new WarningRecord("slow disk"), host: "web1"));

            Assert.Equal("[deploy@web1] slow disk", streams.Warnings.Single().Message);
        }

        [Fact]
        public void NodeLogWriter_Error_KeepsTheNodesRecordWithATaggedMessage()
        {
            var record = new ErrorRecord(new InvalidOperationException("no access"), "Denied", ErrorCategory.PermissionDenied, null);

            var streams = Write(new NodeLogEvent(DateTime.Now, "deploy", NodeLogStream.Error, record));

            var written = streams.Errors.Single();
            Assert.Equal("[deploy] no access", written.ErrorDetails.Message);
            Assert.Equal(ErrorCategory.PermissionDenied, written.CategoryInfo.Category);
        }

        [Fact]
        public void NodeLogWriter_VerboseAndInformation_AreTaggedInTheirOwnStreams()
        {
            var streams = CmdletHarness.Run(cmdlet =>
            {
                var writer = new NodeLogWriter(cmdlet);
                writer.Write(new NodeLogEvent(DateTime.Now, "test", NodeLogStream.Verbose, new VerboseRecord("details")));
                writer.Write(new NodeLogEvent(DateTime.Now, "test", NodeLogStream.Information, new InformationRecord("fyi", "test")));
            });

            Assert.Equal("[test] details", streams.Verbose.Single());
            Assert.Equal("[test] fyi", streams.Information.Single().MessageData);
        }

        [Fact]
        public void NodeLogText_ObjectText_ShowsHashtablesAndArraysLikePowerShellButListed()
        {
            var custom = new PSObject();
            custom.Properties.Add(new PSNoteProperty("Name", "web"));
            custom.Properties.Add(new PSNoteProperty("Ports", new object[] { 80, 443 }));

            Assert.Equal("@{Name=web; Ports=80, 443}", NodeLogText.ObjectText(custom));
        }

        private static CmdletStreams Write(NodeLogEvent log) => CmdletHarness.Run(cmdlet => new NodeLogWriter(cmdlet).Write(log));
    }
}
