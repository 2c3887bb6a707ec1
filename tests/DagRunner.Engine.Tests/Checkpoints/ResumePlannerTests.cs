using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class ResumePlannerTests
    {
        private static readonly DateTime T0 = CheckpointFiles.T0;

        /// <summary>One recorded node: <c>"name=Status"</c>, <c>"name=Status/Reason"</c>; its hash is "h-name" unless <c>hash</c> is given.</summary>
        private static CheckpointState Checkpoint(DagRunStatus? status, params string[] nodes)
        {
            var recorded = nodes.Select(spec =>
            {
                var parts = spec.Split('=');
                var statusAndReason = parts[1].Split('/');
                var nodeStatus = Enum.Parse<NodeStatus>(statusAndReason[0]);
                var reason = statusAndReason.Length > 1 ? Enum.Parse<NodeReason>(statusAndReason[1]) : NodeReason.None;
                var hash = parts.Length > 2 ? (parts[2] == "null" ? null : parts[2]) : "h-" + parts[0];
                return new CheckpointNodeState(parts[0], nodeStatus, reason, 1, T0, T0.AddSeconds(1), null, hash, "[\"out-" + parts[0] + "\"]");
            });

            return new CheckpointState("/tmp/test.checkpoint.json", 1, "run-1", "test", "/tmp/test.dag.yaml", "wh")
            {
                StartTime = T0,
                Session = 1,
                Status = status ?? DagRunStatus.Interrupted,
                Nodes = new NodeList<CheckpointNodeState>(recorded, n => n.Name),
            };
        }

        private static IReadOnlyDictionary<string, string> Hashes(ExecutionPlan plan, params string[] changed)
            => plan.Nodes.ToDictionary(n => n.Name, n => changed.Contains(n.Name) ? "h-" + n.Name + "-changed" : "h-" + n.Name);

        private static string Decisions(ResumePlan plan) => string.Join(" ", plan.Decisions.Select(d => $"{d.Name}:{(d.Restore ? "restore" : "run")}/{d.Reason}"));

        [Theory]
        [InlineData("Succeeded", false, "restore/Resumed")]
        [InlineData("Succeeded/Degraded", false, "restore/Resumed")]
        [InlineData("Succeeded/Resumed", false, "restore/Resumed")]
        [InlineData("Succeeded", true, "run/DefinitionChanged")]
        [InlineData("Failed", false, "run/PreviouslyFailed")]
        [InlineData("Failed/AllowedFailure", false, "run/PreviouslyFailed")]
        [InlineData("Failed/TimedOut", true, "run/DefinitionChanged")]
        [InlineData("Cancelled/RunCancelled", false, "run/PreviouslyCancelled")]
        [InlineData("Skipped/UpstreamFailed", false, "run/PreviouslySkipped")]
        [InlineData("Skipped/ConditionFalse", false, "run/PreviouslySkipped")]
        [InlineData("NotRun", false, "run/PreviouslyNotRun")]
        [InlineData("NotRun/FailFast", true, "run/DefinitionChanged")]
        public void OneNode_DecisionTable(string recorded, bool changed, string expected)
        {
            var plan = Planner.CreatePlan(Dag("a"));

            var decision = ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Failed, "a=" + recorded), Hashes(plan, changed ? new[] { "a" } : Array.Empty<string>()));

            Assert.Equal("a:" + expected, Decisions(decision));
        }

        [Fact]
        public void ANodeMissingFromTheCheckpoint_RunsAsNeverRun_AndSoDoesItsDownstream()
        {
            var plan = Planner.CreatePlan(Dag("a", "new:a", "c:new"));

            var decision = ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Succeeded, "a=Succeeded", "c=Succeeded"), Hashes(plan));

            Assert.Equal("a:restore/Resumed new:run/PreviouslyNotRun c:run/UpstreamChanged", Decisions(decision));
            Assert.Null(decision["new"]!.Previous);
        }

        [Fact]
        public void ASucceededNodeRecordedWithoutAHash_CannotBeProvenUnchanged()
        {
            var plan = Planner.CreatePlan(Dag("a"));

            var decision = ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Succeeded, "a=Succeeded=null"), Hashes(plan));

            Assert.Equal("a:run/DefinitionChanged", Decisions(decision));
        }

        [Fact]
        public void Chain_AChangeInTheMiddle_RerunsItAndEverythingAfter_NotBefore()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a", "c:b", "d:c"));
            var checkpoint = Checkpoint(DagRunStatus.Succeeded, "a=Succeeded", "b=Succeeded", "c=Succeeded", "d=Succeeded");

            var decision = ResumePlanner.Decide(plan, checkpoint, Hashes(plan, "b"));

            Assert.Equal("a:restore/Resumed b:run/DefinitionChanged c:run/UpstreamChanged d:run/UpstreamChanged", Decisions(decision));
        }

        [Fact]
        public void Diamond_OneChangedBranch_LeavesTheOtherBranchRestored()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a", "c:a", "d:b,c", "e"));
            var checkpoint = Checkpoint(DagRunStatus.Succeeded, "a=Succeeded", "b=Succeeded", "c=Succeeded", "d=Succeeded", "e=Succeeded");

            var decision = ResumePlanner.Decide(plan, checkpoint, Hashes(plan, "c"));

            Assert.Equal("a:restore/Resumed e:restore/Resumed b:restore/Resumed c:run/DefinitionChanged d:run/UpstreamChanged", Decisions(decision));
            Assert.False(decision.NothingToResume);
        }

        [Fact]
        public void Diamond_AFailedBranch_RerunsWithItsSkippedDownstream()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a", "c:a", "d:b,c", "e:d when=always"));
            var checkpoint = Checkpoint(
                DagRunStatus.Failed, "a=Succeeded", "b=Failed", "c=Succeeded", "d=Skipped/UpstreamFailed", "e=Succeeded");

            var decision = ResumePlanner.Decide(plan, checkpoint, Hashes(plan));

            Assert.Equal("a:restore/Resumed b:run/PreviouslyFailed c:restore/Resumed d:run/PreviouslySkipped e:run/UpstreamChanged", Decisions(decision));
        }

        [Fact]
        public void AnAllowedFailureThatRunsAgain_RerunsTheNodesThatUsedItsOutcome()
        {
            var plan = Planner.CreatePlan(Dag("a continueOnError", "b:a"));

            var decision = ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Succeeded, "a=Failed/AllowedFailure", "b=Succeeded"), Hashes(plan));

            Assert.Equal("a:run/PreviouslyFailed b:run/UpstreamChanged", Decisions(decision));
        }

        [Fact]
        public void ASucceededRunWithNothingChanged_HasNothingToResume()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a"));
            var checkpoint = Checkpoint(DagRunStatus.Succeeded, "a=Succeeded", "b=Succeeded");

            var decision = ResumePlanner.Decide(plan, checkpoint, Hashes(plan));

            Assert.True(decision.NothingToResume);
            Assert.Equal(2, decision.RestoredCount);
        }

        [Fact]
        public void AFailedRunWhosePlannedNodesAllSucceeded_StillCountsAsSomethingToResume()
        {
            // -Node a of a run that failed elsewhere: a is restored, but the run itself did not succeed.
            var plan = Planner.CreatePlan(Dag("a", "b:a"), new[] { "a" });

            var decision = ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Failed, "a=Succeeded", "b=Failed"), Hashes(plan));

            Assert.Equal("a:restore/Resumed", Decisions(decision));
            Assert.False(decision.NothingToResume);
        }

        [Fact]
        public void ARunKilledMidway_HasSomethingToResumeEvenIfEveryNodeSucceeded()
        {
            var plan = Planner.CreatePlan(Dag("a"));

            Assert.False(ResumePlanner.Decide(plan, Checkpoint(null, "a=Succeeded"), Hashes(plan)).NothingToResume);
        }

        [Fact]
        public void RestoredResult_IsSucceededResumed_WithFreshOutputObjectsEachTime()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a"));
            var decision = ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Failed, "a=Succeeded/Degraded", "b=Failed"), Hashes(plan));

            var a = Restored(decision["A"]!);
            Assert.Equal(NodeStatus.Succeeded, a.Status);
            Assert.Equal(NodeReason.Resumed, a.Reason);
            Assert.Equal(1, a.Attempts);
            Assert.Null(a.StartTime); // it ran in an earlier session: Previous says when
            Assert.Equal(new object[] { "out-a" }, a.Output);
            Assert.NotSame(a.Output, Restored(decision["a"]!).Output);
            Assert.Throws<InvalidOperationException>(() => Restored(decision["b"]!));
        }

        private static NodeResult Restored(ResumeDecision decision)
        {
            var result = new NodeResult(decision.Name);
            NodeEnding.Restored(result, decision);
            return result;
        }

        [Fact]
        public void ACheckpointOfAnotherWorkflow_IsRefused()
        {
            var plan = Planner.CreatePlan(Dag("other", new[] { "a" }));

            var error = Assert.Throws<CheckpointException>(() => ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Failed, "a=Failed"), Hashes(plan)));

            Assert.Equal(CheckpointErrorKind.ForeignWorkflow, error.Kind);
        }

        [Fact]
        public void APlannedNodeWithoutACurrentHash_IsAProgrammingError()
        {
            var plan = Planner.CreatePlan(Dag("a"));

            Assert.Throws<ArgumentException>(() => ResumePlanner.Decide(plan, Checkpoint(DagRunStatus.Failed), new Dictionary<string, string>()));
        }
    }
}
