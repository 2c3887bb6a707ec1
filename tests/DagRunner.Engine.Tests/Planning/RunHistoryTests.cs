using System;
using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Planning
{
    public class RunHistoryTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 11, 25, 10, 0, 0);

        private static DagRunResult Run(params (string Name, double Seconds, NodeStatus Status, NodeReason Reason)[] nodes) => new DagRunResult
        {
            Nodes = NodeList.Of(nodes.Select(n => new NodeResult(n.Name)
            {
                Status = n.Status,
                Reason = n.Reason,
                StartTime = T0,
                EndTime = T0.AddSeconds(n.Seconds),
            })),
        };

        private static DagRunResult Ok(params (string Name, double Seconds)[] nodes)
            => Run(nodes.Select(n => (n.Name, n.Seconds, NodeStatus.Succeeded, NodeReason.None)).ToArray());

        [Fact]
        public void Median_OfTheLastTenSucceededRuns()
        {
            var history = RunHistory.Empty();
            for (int i = 1; i <= 12; i++)
            {
                history.Record(Ok(("a", i)));
            }

            Assert.Equal(7.5, history.Median("a")); // runs 3..12 are kept
            Assert.Null(history.Median("never"));
        }

        [Fact]
        public void FailedSkippedAndRestoredNodes_AreNotRecorded()
        {
            var history = RunHistory.Empty();
            history.Record(Run(("failed", 5, NodeStatus.Failed, NodeReason.None), ("skipped", 5, NodeStatus.Skipped, NodeReason.ConditionFalse), ("resumed", 5, NodeStatus.Succeeded, NodeReason.Resumed)));
            Assert.False(history.HasData);
            Assert.Null(history.Estimates());
        }

        [Fact]
        public void Estimates_UseTheNodesMedian_OrTheTypicalNodeForANewOne()
        {
            var history = RunHistory.Empty();
            history.Record(Ok(("a", 1), ("b", 10), ("c", 4)));
            var estimate = history.Estimates()!;
            Assert.Equal(10, estimate(new NodeDefinition { Id = "b" }));
            Assert.Equal(4, estimate(new NodeDefinition { Id = "new" }));
        }

        [Fact]
        public void SavedHistory_ReadsBack_AndABadFileIsNoHistory()
        {
            using var folder = new TempDirectory();
            var path = Path.Combine(folder.Path, ".dagrunner", "w.history.json");
            var history = RunHistory.Empty();
            history.Record(Ok(("a", 2)));
            history.Save(path, "w");
            history.Record(Ok(("a", 4)));
            history.Save(path, "w");

            Assert.Equal(3, RunHistory.Load(path).Median("a"));
            System.IO.File.WriteAllText(path, "{ not json");
            Assert.False(RunHistory.Load(path).HasData);
            Assert.False(RunHistory.Load(Path.Combine(folder.Path, "missing.json")).HasData);
        }

        [Fact]
        public void WithHistory_ThePlansCriticalPathFollowsRealDurations()
        {
            var workflow = Dag("a", "b:a", "slow", "end:b,slow");
            Assert.Equal(new[] { "a", "b", "end" }, Planner.CreatePlan(workflow).CriticalPath);

            var history = RunHistory.Empty();
            history.Record(Ok(("a", 0.1), ("b", 0.1), ("slow", 5), ("end", 0.1)));
            var plan = Planner.CreatePlan(workflow, null, history.Estimates(), "History");
            Assert.Equal(new[] { "slow", "end" }, plan.CriticalPath);
            Assert.Equal("History", plan.EstimateSource);
            Assert.Equal(5.1, plan.EstimatedDuration, precision: 6);
        }
    }
}
