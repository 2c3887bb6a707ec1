using System;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Invocation;
using DagRunner.Engine.Protocol;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>What comes back from a host, turned into what the same thing is locally.</summary>
    public class DeserializedRecordsTests
    {
        [Fact]
        public void A_WriteHost_record_from_a_host_is_host_output_again()
        {
            var data = new PSObject();
            data.TypeNames.Clear();
            data.TypeNames.Add("Deserialized.System.Management.Automation.HostInformationMessage");
            data.TypeNames.Add("Deserialized.System.Object");
            data.Properties.Add(new PSNoteProperty("Message", "hello"));
            data.Properties.Add(new PSNoteProperty("NoNewLine", false));
            data.Properties.Add(new PSNoteProperty("ForegroundColor", "Red"));
            data.Properties.Add(new PSNoteProperty("BackgroundColor", null));
            var record = new InformationRecord(data, "remote");
            record.Tags.Add("PSHOST");
            record.Tags.Add("FORWARDED");

            var local = DeserializedRecords.Rehydrate(record);

            var message = Assert.IsType<HostInformationMessage>(local.MessageData);
            Assert.Equal("hello", message.Message);
            Assert.Equal(ConsoleColor.Red, message.ForegroundColor);
            Assert.Null(message.BackgroundColor);
            Assert.Equal(new[] { "PSHOST" }, local.Tags);
        }

        [Fact]
        public void Other_information_records_stay_as_they_are()
        {
            var record = new InformationRecord("plain", "local");
            Assert.Same(record, DeserializedRecords.Rehydrate(record));
        }

        [Theory]
        [InlineData("/tmp/dagrunner-4242/0123456789abcdef01234567/run.ps1", 2, 7, 5, 13)]
        [InlineData(@"C:\Users\me\AppData\Local\Temp\dagrunner-17\0123456789abcdef01234567\run.ps1", 1, 3, 4, 9)]
        public void A_remote_error_in_the_node_script_points_into_the_workflow(string scriptName, int line, int column, int fileLine, int fileColumn)
        {
            var node = Load.Valid("nodes:\n  a:\n    run: |\n      'before'\n      throw 'boom'\n").Node("a");
            var at = FailurePosition.InRemoteScript(scriptName, line, column, node);

            Assert.NotNull(at);
            Assert.Equal(Load.SourcePath, at!.Value.File);
            Assert.Equal((fileLine, fileColumn), (at.Value.Line, at.Value.Column));
        }

        [Fact]
        public void A_remote_error_elsewhere_on_the_host_has_no_position_in_the_workflow()
        {
            var node = Load.Valid("nodes:\n  a:\n    run: |\n      'before'\n      throw 'boom'\n").Node("a");
            Assert.Null(FailurePosition.InRemoteScript("/opt/tools/helper.ps1", 2, 7, node));
            Assert.Null(FailurePosition.InRemoteScript(null, 2, 7, node));
        }

        [Fact]
        public void Json_log_events_name_the_host_of_a_remote_node_only()
        {
            Assert.Equal("{\"event\":\"log\",\"node\":\"a\",\"stream\":\"output\",\"text\":\"x\",\"host\":\"web1\"}", RunEventJson.Log("a", "output", "x", "web1"));
            Assert.DoesNotContain("host\":", RunEventJson.Log("a", "output", "x"));
            Assert.Equal("a@web1", new NodeLogEvent(DateTime.Now, "a", NodeLogStream.Output, "x", "web1").Source);
            Assert.Equal("a", new NodeLogEvent(DateTime.Now, "a", NodeLogStream.Output, "x").Source);
        }
    }
}
