using System;
using System.Linq;
using DagRunner.Engine.Planning;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Planning
{
    public class PlannerTests
    {
        private static string[] Names(ExecutionPlan plan) => plan.Nodes.Select(n => n.Name).ToArray();

        [Fact]
        public void Diamond_HasLevelsDependentsRemainingPathAndCriticalPath()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a", "c:a", "d:b,c"));

            Assert.Equal(new[] { "a", "b", "c", "d" }, Names(plan));
            Assert.Equal(new[] { new[] { "a" }, new[] { "b", "c" }, new[] { "d" } }, plan.Levels);
            Assert.Equal(new[] { 0, 1, 1, 2 }, plan.Nodes.Select(n => n.Level));
            Assert.Equal(new[] { "b", "c" }, plan["a"]!.Dependents);
            Assert.Equal(new[] { "d" }, plan["b"]!.Dependents);
            Assert.Equal(new[] { "d" }, plan["c"]!.Dependents);
            Assert.Empty(plan["d"]!.Dependents);
            Assert.Equal(new[] { "b", "c" }, plan["d"]!.Needs);
            Assert.Equal(new[] { 3.0, 2.0, 2.0, 1.0 }, plan.Nodes.Select(n => n.RemainingPath));
            Assert.Equal(new[] { "a", "b", "d" }, plan.CriticalPath); // b and c tie: file order wins
            Assert.Equal(new[] { true, true, false, true }, plan.Nodes.Select(n => n.OnCriticalPath));
            Assert.Equal(3.0, plan.EstimatedDuration);
            Assert.Equal(4.0, plan.TotalWork);
            Assert.Equal(2, plan.Width);
            Assert.Equal("Default", plan.EstimateSource);
        }

        [Fact]
        public void Diamond_WithEstimates_FollowsTheHeaviestBranch()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a", "c:a", "d:b,c"), estimate: n => n.Id == "c" ? 5.0 : 1.0);

            Assert.Equal(new[] { 7.0, 2.0, 6.0, 1.0 }, plan.Nodes.Select(n => n.RemainingPath));
            Assert.Equal(new[] { "a", "c", "d" }, plan.CriticalPath);
            Assert.Equal(new[] { true, false, true, true }, plan.Nodes.Select(n => n.OnCriticalPath));
            Assert.Equal(7.0, plan.EstimatedDuration);
            Assert.Equal("Custom", plan.EstimateSource);
        }

        [Fact]
        public void Chain_WrittenBackwards_IsPlannedInRunOrder()
        {
            var plan = Planner.CreatePlan(Dag("c:b", "b:a", "a"));

            Assert.Equal(new[] { "a", "b", "c" }, Names(plan));
            Assert.Equal(new[] { 0, 1, 2 }, plan.Nodes.Select(n => n.Level));
            Assert.Equal(new[] { 3.0, 2.0, 1.0 }, plan.Nodes.Select(n => n.RemainingPath));
            Assert.Equal(new[] { "a", "b", "c" }, plan.CriticalPath);
            Assert.Equal(new[] { 2, 1, 0 }, plan.Nodes.Select(n => n.Index));
        }

        [Fact]
        public void Wide_IsOneLevelInFileOrder_AndTheCriticalPathIsTheFirstNode()
        {
            var plan = Planner.CreatePlan(Dag("x", "y", "z"));

            Assert.Equal(new[] { new[] { "x", "y", "z" } }, plan.Levels);
            Assert.Equal(new[] { 1.0, 1.0, 1.0 }, plan.Nodes.Select(n => n.RemainingPath));
            Assert.Equal(new[] { "x" }, plan.CriticalPath);
            Assert.Equal(3, plan.Width);
            Assert.Equal(1.0, plan.EstimatedDuration);
            Assert.Equal(3.0, plan.TotalWork);
        }

        [Fact]
        public void Level_IsOneMoreThanTheDeepestNeed_AndTiesKeepFileOrder()
        {
            var plan = Planner.CreatePlan(Dag("d:a,c", "z", "a", "c:b", "b:a"));

            Assert.Equal(new[] { "z", "a", "b", "c", "d" }, Names(plan));
            Assert.Equal(new[] { 0, 0, 1, 2, 3 }, plan.Nodes.Select(n => n.Level));
            Assert.Equal(new[] { new[] { "z", "a" }, new[] { "b" }, new[] { "c" }, new[] { "d" } }, plan.Levels);
            Assert.Equal(new[] { "d", "b" }, plan["a"]!.Dependents); // file order: d is written before b
            Assert.Equal(new[] { "a", "b", "c", "d" }, plan.CriticalPath);
        }

        [Fact]
        public void CriticalPath_StartsAtTheHeaviestStartNode_NotTheFirstInTheFile()
        {
            var plan = Planner.CreatePlan(Dag("p", "q", "r:q"));

            Assert.Equal(new[] { "q", "r" }, plan.CriticalPath);
            Assert.False(plan["p"]!.OnCriticalPath);
        }

        [Fact]
        public void Needs_AreMatchedCaseInsensitively_NamedByTheirIds_AndCountedOnce()
        {
            var plan = Planner.CreatePlan(Dag("Build", "test:BUILD,build"));

            Assert.Equal(new[] { "Build" }, plan["TEST"]!.Needs);
            Assert.Equal(new[] { "test" }, plan["build"]!.Dependents);
            Assert.Equal(1, plan["test"]!.Level);
        }

        [Fact]
        public void Selection_PlansTheSelectedNodesAndWhatTheyNeed()
        {
            var workflow = Dag("a", "b:a", "c:b", "d:a", "e");

            Assert.Equal(new[] { "a", "b", "c" }, Names(Planner.CreatePlan(workflow, new[] { "C" })));
            Assert.Equal(new[] { "a", "e", "d" }, Names(Planner.CreatePlan(workflow, new[] { "d", "e" })));
            Assert.Equal(new[] { "a", "e", "b", "d", "c" }, Names(Planner.CreatePlan(workflow, Array.Empty<string>())));
        }

        [Fact]
        public void Selection_LeavesUnselectedDependentsOutOfTheGraph()
        {
            var plan = Planner.CreatePlan(Dag("a", "b:a", "c:b", "d:a"), new[] { "b" });

            Assert.Equal(new[] { "b" }, plan["a"]!.Dependents);
            Assert.Null(plan["d"]);
            Assert.Equal(new[] { 2.0, 1.0 }, plan.Nodes.Select(n => n.RemainingPath));
            Assert.Equal(new[] { "a", "b" }, plan.CriticalPath);
        }

        [Fact]
        public void Selection_OfAnUnknownNode_SuggestsTheNearestName()
        {
            var ex = Assert.Throws<UnknownNodeException>(() => Planner.CreatePlan(Dag("build", "test:build"), new[] { "test", "bulid" }));

            Assert.Equal("bulid", ex.NodeName);
            Assert.Equal(" Did you mean 'build'?", ex.Suggestion);
            Assert.Equal("Workflow 'test' has no node 'bulid'. Did you mean 'build'?", ex.Message);
            Assert.IsAssignableFrom<ArgumentException>(ex);
        }

        [Fact]
        public void Selection_OfANameFarFromAll_ListsTheValidNodeIds()
        {
            var ex = Assert.Throws<UnknownNodeException>(() => Planner.CreatePlan(Dag("build", "test:build"), new[] { "zzzzzz" }));

            Assert.Equal(" Valid node ids: build, test.", ex.Suggestion);
        }

        [Fact]
        public void EmptyWorkflow_GivesAnEmptyPlan()
        {
            var plan = Planner.CreatePlan(Dag());

            Assert.Empty(plan.Nodes);
            Assert.Empty(plan.CriticalPath);
            Assert.Empty(plan.Levels);
            Assert.Equal(0, plan.Width);
        }

        [Theory]
        [InlineData(-1.0)]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        public void Estimate_ThatIsNotAFiniteNonNegativeNumber_IsRefused(double bad)
        {
            var ex = Assert.Throws<ArgumentException>(() => Planner.CreatePlan(Dag("a", "b:a"), estimate: n => n.Id == "b" ? bad : 1.0));
            Assert.Contains("'b'", ex.Message);
        }

        [Fact]
        public void Cycle_IsRefusedWithAClearMessage_EvenThoughValidationShouldHaveCaughtIt()
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Planner.CreatePlan(Dag("a:c", "b:a", "c:b", "d")));
            Assert.Contains("cycle through a, b, c", ex.Message);
        }

        [Fact]
        public void LongChain_IsPlannedWithoutRecursion()
        {
            var plan = Planner.CreatePlan(Chain(10_000), new[] { "n9999" });

            Assert.Equal(10_000, plan.NodeCount);
            Assert.Equal(9_999, plan.Nodes[^1].Level);
            Assert.Equal(10_000.0, plan.Nodes[0].RemainingPath);
            Assert.Equal(10_000, plan.CriticalPath.Length);
        }
    }
}
