using System;
using System.Linq;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class HostRunOutputTests
    {
        private const string FailingChain = "name: chain\nnodes:\n  first:\n    run: 'x'\n  second:\n    needs: first\n    run: 'y'\n";

        [Fact]
        public void HostRunOutput_Warning_WithAnId_ShowsTheIdAfterTheMessage()
        {
            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Warning("The run lock was taken over.", ErrorIds.LockTakenOver));

            Assert.Equal("The run lock was taken over. [LockTakenOver]", streams.Warnings.Single().Message);
        }

        [Fact]
        public void HostRunOutput_Warning_WithoutAnId_IsTheMessageAsItIs()
        {
            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Warning("Checkpoint history was trimmed."));

            Assert.Equal("Checkpoint history was trimmed.", streams.Warnings.Single().Message);
        }

        [Fact]
        public void HostRunOutput_Retrying_IsOneSentence_WhenTheErrorEndsWithAFullStop()
        {
            var retrying = new NodeRetryingEvent(DateTime.Now, "compile", 1, 3, TimeSpan.FromSeconds(2), new TimeoutException("The node's timeout (1s) passed and it was stopped."));
            var plan = SampleRuns.Build().Plan;

            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Event(retrying, plan));

            Assert.Equal("[compile] attempt 1 of 3 failed: The node's timeout (1s) passed and it was stopped; next attempt in 2s.", streams.Warnings.Single().Message);
        }

        [Fact]
        public void HostRunOutput_Retrying_IsAWarningTaggedWithTheNode()
        {
            var retrying = new NodeRetryingEvent(DateTime.Now, "compile", 1, 3, TimeSpan.FromSeconds(90), new InvalidOperationException("disk full"));
            var plan = SampleRuns.Build().Plan;

            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Event(retrying, plan));

            Assert.Equal("[compile] attempt 1 of 3 failed: disk full; next attempt in 1m30s.", streams.Warnings.Single().Message);
        }

        [Fact]
        public void HostRunOutput_StartedAndFinished_AreVerboseLinesWithInvariantDurations()
        {
            var run = SampleRuns.Build();
            var compile = run.Events.Where(e => e is NodeStartedEvent s && s.Node == "compile" || e is NodeFinishedEvent f && f.Result.Name == "compile");

            var streams = CmdletHarness.Run(cmdlet =>
            {
                using (CultureScope.German())
                {
                    var output = new HostRunOutput(cmdlet);
                    foreach (var runEvent in compile)
                    {
                        output.Event(runEvent, run.Plan);
                    }
                }
            });

            Assert.Equal(new[] { "[compile] started (attempt 1)", "[compile] Succeeded in 2.250s" }, streams.Verbose);
        }

        [Fact]
        public void HostRunOutput_Grouped_WritesANodesLinesUnderItsHeaderWhenItEnds()
        {
            var run = SampleRuns.Build();
            var finished = run.Events.OfType<NodeFinishedEvent>().Single(e => e.Result.Name == "compile");
            var log = new NodeLogEvent(finished.Time, "compile", NodeLogStream.Output, "built");

            var streams = CmdletHarness.Run(cmdlet =>
            {
                using (CultureScope.German())
                {
                    var output = new HostRunOutput(cmdlet, OutputMode.Grouped);
                    output.Event(log, run.Plan);
                    output.Event(finished, run.Plan);
                }
            });

            Assert.Equal(new[] { "--- compile: Succeeded in 2.25s ---", "[compile] built" }, streams.HostLines);
        }

        [Fact]
        public void HostRunOutput_Silent_WritesNoEvents()
        {
            var run = SampleRuns.Build();

            var streams = CmdletHarness.Run(cmdlet =>
            {
                var output = new HostRunOutput(cmdlet, OutputMode.Silent);
                foreach (var runEvent in run.Events)
                {
                    output.Event(runEvent, run.Plan);
                }
            });

            Assert.Empty(streams.Verbose);
            Assert.Empty(streams.Warnings);
            Assert.Empty(streams.Information);
        }

        [Fact]
        public void HostRunOutput_Finished_ReturnsTheResultThenANodeFailedErrorPerFailedNode()
        {
            var run = ScriptedRun.Of(FailingChain, script => script.Fails("first", "broke"));

            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Finished(run.Result, run.Plan));

            Assert.Same(run.Result, streams.Output.Single());
            var error = streams.Errors.Single();
            Assert.Equal(ErrorIds.NodeFailed, error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.StartsWith("Node 'first' failed: broke", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("first", Assert.IsType<DagNodeFailedException>(error.Exception).Node);
        }

        [Fact]
        public void HostRunOutput_Finished_AllowedFailure_IsAWarningNotAnError()
        {
            var run = SampleRuns.Build();

            var streams = CmdletHarness.Run(cmdlet => new HostRunOutput(cmdlet).Finished(run.Result, run.Plan));

            Assert.Empty(streams.Errors);
            Assert.Equal("[lint] failed, allowed by continueOnError: lint broke", streams.Warnings.Single().Message);
            Assert.Equal(DagRunStatus.Succeeded, Assert.IsType<DagRunResult>(streams.Output.Single()).Status);
        }
    }
}
