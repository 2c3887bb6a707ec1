using System.Threading.Tasks;
using DagRunner.Engine.Export;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class MermaidGanttTests
    {
        [Fact]
        public void Diamond_OneSectionPerRunspace_OneTaskPerNodeThatRan()
        {
            var text = MermaidGantt.Build(DiamondRun());

            Assert.Equal(
                "gantt\n" +
                "    title diamond · Failed · 300 ms\n" +
                "    dateFormat YYYY-MM-DD HH:mm:ss.SSS\n" +
                "    axisFormat %H:%M:%S.%L\n" +
                "    todayMarker off\n" +
                "    section runspace 1\n" +
                "    a :done, crit, 2026-11-25 10:00:00.000, 2026-11-25 10:00:00.100\n" +
                "    c :done, 2026-11-25 10:00:00.120, 2026-11-25 10:00:00.150\n" +
                "    section runspace 2\n" +
                "    b · Failed · 3 attempts :crit, 2026-11-25 10:00:00.100, 2026-11-25 10:00:00.300\n",
                text);
        }

        [Fact]
        public void FailedIsRedOnTheCriticalPathOrNot_CancelledIsActive_ALongRunHasSecondsOnTheAxis_RestoredNodesAreOnlyNamed()
        {
            var run = Run(
                "long", DagRunStatus.Cancelled, 90_000, new[] { "slow" },
                new NodeResult("old") { Status = NodeStatus.Succeeded, Reason = NodeReason.Resumed, StartTime = T0.AddDays(-1), EndTime = T0.AddDays(-1), Attempts = 1 },
                Ran("slow", NodeStatus.Cancelled, 0, 90_000, 1, reason: NodeReason.RunCancelled),
                Ran("instant", NodeStatus.Succeeded, 5, 5, 2),
                Ran("broken", NodeStatus.Failed, 10, 20, 2, attempts: 2, reason: NodeReason.AllowedFailure));

            var text = MermaidGantt.Build(run);

            Assert.Contains("    axisFormat %H:%M:%S\n", text);
            Assert.Contains("    slow · Cancelled (RunCancelled) :active, crit, 2026-11-25 10:00:00.000, 2026-11-25 10:01:30.000\n", text);
            Assert.Contains("    broken · Failed (AllowedFailure) · 2 attempts :crit, 2026-11-25 10:00:00.010, 2026-11-25 10:00:00.020\n", text);
            Assert.Contains("    instant :done, 2026-11-25 10:00:00.005, 2026-11-25 10:00:00.006\n", text); // a sliver, not nothing
            Assert.Contains("    %% restored from the checkpoint, ran in an earlier session: old\n", text);
            Assert.DoesNotContain("    old ", text);
        }

        [Fact]
        public void ARetriedNode_HasOneBarPerAttemptInTheSectionOfItsRunspace_FailedAttemptsRed()
        {
            var run = Run(
                "retry", DagRunStatus.Succeeded, 400, new[] { "flaky" },
                Ran("flaky", NodeStatus.Succeeded, 0, 400, worker: 2, attempts: 2, reason: NodeReason.Degraded, records: new[]
                {
                    Attempt(1, 0, 50, "Failed", worker: 1, error: "refused"),
                    Attempt(2, 150, 200, "TimedOut", worker: 2),
                    Attempt(2, 200, 400, "Succeeded", worker: 2, fallback: true),
                }));

            var text = MermaidGantt.Build(run);

            Assert.EndsWith(
                "    section runspace 1\n" +
                "    flaky · attempt 1 · Failed :crit, 2026-11-25 10:00:00.000, 2026-11-25 10:00:00.050\n" +
                "    section runspace 2\n" +
                "    flaky · attempt 2 · TimedOut :crit, 2026-11-25 10:00:00.150, 2026-11-25 10:00:00.200\n" +
                "    flaky · fallback :done, crit, 2026-11-25 10:00:00.200, 2026-11-25 10:00:00.400\n",
                text);
        }

        [Fact]
        public async Task AResumedRun_HasNoBarBeforeItStarted_AndItsTitleCountsTheRestoredNodes()
        {
            // The resumed session ran 20:29:05-20:29:08; the first one, three hours before, is not this run's.
            var text = MermaidGantt.Build((await ResumedForEachRun.RunAsync()).Resumed);

            Assert.DoesNotContain("17:29", text);
            Assert.Contains("    deploy[web2] · Succeeded (PreviouslyFailed) :done, 2026-11-25 20:29:05.000, 2026-11-25 20:29:07.000\n", text);
            Assert.Contains("    deploy · Succeeded (PreviouslyFailed) :done, crit, 2026-11-25 20:29:05.000, 2026-11-25 20:29:07.000\n", text);
            Assert.Contains("    title release · Succeeded · 3.00 s · 3 restored\n", text);
            Assert.Contains("    %% restored from the checkpoint, ran in an earlier session: prep, deploy[web1], deploy[web3]\n", text);
        }
    }
}
