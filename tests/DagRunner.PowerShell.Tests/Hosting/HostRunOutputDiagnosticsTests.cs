using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Validation;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    /// <summary>Problems found before a run, in PowerShell's streams: errors with their DAGnnnn id, warnings as text.</summary>
    public class HostRunOutputDiagnosticsTests
    {
        [Fact]
        public void HostRunOutput_Report_ErrorIsAnErrorRecordWithTheDiagnosticsId()
        {
            bool ok = true;

            var streams = CmdletHarness.Run(cmdlet => ok = new HostRunOutput(cmdlet).Report(new[] { Problems.Error(DiagnosticIds.Cycle, "a -> b -> a") }));

            Assert.False(ok);
            var error = streams.Errors.Single();
            Assert.Equal(DiagnosticIds.Cycle, error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal(Problems.At.File, error.TargetObject);
            Assert.Equal($"{Problems.At}: error DAG0005: a -> b -> a", error.Exception.Message);
        }

        [Fact]
        public void HostRunOutput_Report_SyntaxErrorIsAParserError()
        {
            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Report(new[] { Problems.Error(DiagnosticIds.YamlSyntax, "bad indent") }));

            Assert.Equal(ErrorCategory.ParserError, streams.Errors.Single().CategoryInfo.Category);
        }

        [Fact]
        public void HostRunOutput_Report_WarningsAloneAreWrittenAndPass()
        {
            bool ok = false;

            var streams = CmdletHarness.Run(cmdlet => ok = new HostRunOutput(cmdlet).Report(new[] { Problems.Warning("DAG0099", "odd") }));

            Assert.True(ok);
            Assert.Empty(streams.Errors);
            Assert.Equal($"{Problems.At}: warning DAG0099: odd", streams.Warnings.Single().Message);
        }
    }
}
