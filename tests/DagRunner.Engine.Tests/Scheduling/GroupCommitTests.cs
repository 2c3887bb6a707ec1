using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>The scheduler's group commit: one commit per turn, and no node starts before its needs' records are committed.</summary>
    public class GroupCommitTests
    {
        private static Task<DagRunResult> Run(WorkflowDefinition workflow, INodeExecutor executor, CommittingRecorder recorder, IRunEventSink? sink = null)
        {
            var context = new SchedulerContext(
                Planner.CreatePlan(workflow),
                new RunContext(workflow, "run-1", new Dictionary<string, object?>()),
                executor,
                sink ?? new RecordingSink(),
                new FakeTimeProvider(RunHarness.Epoch),
                4,
                ExecutionMode.Parallel)
            {
                Recorder = recorder,
            };
            return new DagScheduler(context).RunAsync(default);
        }

        [Fact]
        public async Task ACompletion_AndTheNodesItSkips_AreOneCommit()
        {
            var recorder = new CommittingRecorder();
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Failed(new InvalidOperationException("a broke")) };

            var result = await Run(Dag("a", "b:a", "c:a", "d:b"), executor, recorder).Within();

            Assert.Equal(NodeStatus.Skipped, result["d"]!.Status);
            var batch = Assert.Single(recorder.Batches, b => b.Contains("finished a"));
            Assert.Equal(new[] { "finished a", "finished b", "finished c", "finished d" }, batch.OrderBy(r => r, StringComparer.Ordinal));
            Assert.Equal(recorder.Batches.Length, recorder.Batches.Distinct().Count()); // nothing committed twice
        }

        [Fact]
        public async Task ANode_StartsOnlyAfterItsNeedsRecords_AndItsOwnStart_AreCommitted()
        {
            var recorder = new CommittingRecorder();
            var committedAtStart = new Dictionary<string, string[]>();
            var executor = new FakeExecutor
            {
                AutoComplete = r =>
                {
                    lock (committedAtStart)
                    {
                        committedAtStart[r.Node.Id] = recorder.Committed;
                    }

                    return NodeExecution.Succeeded(new object?[] { r.Node.Id });
                },
            };

            var result = await Run(Dag("a", "b", "c:a,b", "d:c"), executor, recorder).Within();

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Contains("finished a", committedAtStart["c"]);
            Assert.Contains("finished b", committedAtStart["c"]);
            Assert.Contains("finished c", committedAtStart["d"]);
            Assert.All(committedAtStart, pair => Assert.Contains("started " + pair.Key, pair.Value));
        }

        [Fact]
        public async Task NodesStartedInOneTurn_AreOneCommit()
        {
            var recorder = new CommittingRecorder();
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { r.Node.Id }) };

            await Run(Dag("a", "b", "c"), executor, recorder).Within();

            Assert.Equal(new[] { "started a", "started b", "started c" }, recorder.Batches[0].OrderBy(r => r, StringComparer.Ordinal));
        }

        [Fact]
        public async Task ARunThatFailsMidTurn_StillCommitsWhatTheTurnRecorded()
        {
            var recorder = new CommittingRecorder();
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { r.Node.Id }) };

            await Assert.ThrowsAsync<InvalidOperationException>(() => Run(Dag("a", "b:a"), executor, recorder, new ThrowingSink(onNodeFinished: "a")).Within());

            Assert.Contains("finished a", recorder.Committed);
            Assert.DoesNotContain("started b", recorder.Committed);
        }
    }
}
