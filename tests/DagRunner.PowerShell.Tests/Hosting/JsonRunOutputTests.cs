using System;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.Engine.Validation;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class JsonRunOutputTests
    {
        [Fact]
        public void JsonRunOutput_Warning_CarriesItsIdAsAFieldAndTheMessageUnchanged()
        {
            var streams = CmdletHarness.Run(cmdlet => new JsonRunOutput(cmdlet).Warning("Lock taken over.", ErrorIds.LockTakenOver));

            Assert.Equal("{\"event\":\"warning\",\"id\":\"LockTakenOver\",\"message\":\"Lock taken over.\"}", streams.Output.Single());
            Assert.Empty(streams.Warnings);
        }

        [Fact]
        public void JsonRunOutput_Error_IsAnErrorLineWithTheRecordsId()
        {
            var record = new ErrorRecord(new ItemNotFoundException("No such file."), ErrorIds.WorkflowFileNotFound, ErrorCategory.ObjectNotFound, "/x/build.dag.yaml");

            var streams = CmdletHarness.Run(cmdlet => new JsonRunOutput(cmdlet).Error(record));

            Assert.Equal("{\"event\":\"error\",\"id\":\"WorkflowFileNotFound\",\"message\":\"No such file.\",\"file\":\"/x/build.dag.yaml\"}", streams.Output.Single());
            Assert.Empty(streams.Errors);
        }

        [Fact]
        public void JsonRunOutput_NodeLog_IsOneLineEventPerLineOfText()
        {
            var plan = SampleRuns.Build().Plan;
            var log = new NodeLogEvent(DateTime.Now, "compile", NodeLogStream.Output, "first\r\nsecond");

            var streams = CmdletHarness.Run(cmdlet => new JsonRunOutput(cmdlet).Event(log, plan));

            Assert.Equal(
                new object[]
                {
                    "{\"event\":\"log\",\"node\":\"compile\",\"stream\":\"output\",\"text\":\"first\"}",
                    "{\"event\":\"log\",\"node\":\"compile\",\"stream\":\"output\",\"text\":\"second\"}",
                },
                streams.Output);
        }

        [Fact]
        public void JsonRunOutput_Report_WritesEachDiagnosticAndFailsOnAnError()
        {
            var diagnostics = new[] { Problems.Warning("DAG0099", "odd"), Problems.Error(DiagnosticIds.Cycle, "a -> b -> a") };
            bool ok = true;

            var streams = CmdletHarness.Run(cmdlet => ok = new JsonRunOutput(cmdlet).Report(diagnostics));

            Assert.False(ok);
            Assert.Equal(2, streams.Output.Count);
            Assert.All(streams.Output, line => Assert.StartsWith("{\"event\":\"diagnostic\",", (string)line, StringComparison.Ordinal));
            Assert.Contains("\"id\":\"DAG0005\"", (string)streams.Output[1], StringComparison.Ordinal);
        }
    }
}
