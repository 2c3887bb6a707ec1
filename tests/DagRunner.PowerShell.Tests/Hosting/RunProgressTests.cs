using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class RunProgressTests
    {
        [Fact]
        public void RunProgress_Tick_ShowsDoneRunningAndFailedOfThePlannedNodes()
        {
            var streams = CmdletHarness.Run(cmdlet => Observed(cmdlet).Tick());

            var run = streams.Progress.First();
            Assert.Equal("Running workflow 'build'", run.Activity);
            Assert.StartsWith("1/5 done, 1 running, 0 failed, ", run.StatusDescription, System.StringComparison.Ordinal);
            Assert.Equal(20, run.PercentComplete);
        }

        [Fact]
        public void RunProgress_Tick_DrawsABarPerRunningNodeWithItsAttempt()
        {
            var streams = CmdletHarness.Run(cmdlet =>
            {
                using (CultureScope.German())
                {
                    Observed(cmdlet).Tick();
                }
            });

            var bar = streams.Progress.Single(p => p.Activity == "compile");
            Assert.Equal(streams.Progress.First().ActivityId, bar.ParentActivityId);
            Assert.Matches(@"^attempt 2, \d+\.\ds$", bar.StatusDescription);
        }

        [Fact]
        public void RunProgress_Complete_RemovesTheNodeBarsAndTheRunBar()
        {
            var streams = CmdletHarness.Run(cmdlet =>
            {
                var progress = Observed(cmdlet);
                progress.Tick();
                progress.Complete();
            });

            var completed = streams.Progress.Where(p => p.RecordType == ProgressRecordType.Completed).Select(p => p.Activity).ToList();
            Assert.Equal(new[] { "node", "Running workflow 'build'" }, completed);
        }

        [Fact]
        public void RunProgress_Complete_BeforeAnyDraw_WritesNothing()
        {
            var streams = CmdletHarness.Run(cmdlet => Observed(cmdlet).Complete());

            Assert.Empty(streams.Progress);
        }

        /// <summary>The build sample's run so far: restore done, compile on its second attempt.</summary>
        private static RunProgress Observed(PSCmdlet cmdlet)
        {
            var run = SampleRuns.Build();
            var progress = new RunProgress(cmdlet);
            progress.Observe(run.Events.OfType<RunStartedEvent>().Single());
            progress.Observe(run.Events.OfType<NodeStartedEvent>().First(e => e.Node == "restore"));
            progress.Observe(run.Events.OfType<NodeFinishedEvent>().First(e => e.Result.Name == "restore"));
            progress.Observe(new NodeStartedEvent(run.Result.StartTime, "compile", 2));
            return progress;
        }
    }
}
