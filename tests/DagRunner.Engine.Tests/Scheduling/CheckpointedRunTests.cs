using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>The scheduler and the checkpoint together: what is on disk when, and what a resume restores.</summary>
    public class CheckpointedRunTests : IDisposable
    {
        private readonly CheckpointFiles files = new CheckpointFiles();

        public void Dispose() => files.Dispose();

        private Task<DagRunResult> Run(WorkflowDefinition workflow, FakeExecutor executor, CheckpointState? resumeFrom = null, CancellationToken token = default)
        {
            var options = new RunOptions { CheckpointPath = files.Path, ResumeFrom = resumeFrom };
            return new WorkflowRunner(workflow, options, executor, new RecordingSink()).RunAsync(token);
        }

        [Fact]
        public async Task ANodesSuccess_IsOnDisk_BeforeANodeThatNeedsItStarts()
        {
            CheckpointState? seenWhenBStarted = null;
            var executor = new FakeExecutor
            {
                AutoComplete = r =>
                {
                    if (r.Node.Id == "b")
                    {
                        seenWhenBStarted = CheckpointReader.Read(files.Path, runIsLive: true);
                    }

                    return NodeExecution.Succeeded(new object?[] { r.Node.Id + "-out" });
                },
            };

            await Run(Dag("a", "b:a"), executor).Within();

            Assert.NotNull(seenWhenBStarted);
            Assert.Equal(NodeStatus.Succeeded, seenWhenBStarted!.Nodes["a"]!.Status);
            Assert.Equal(new object?[] { "a-out" }, seenWhenBStarted.Nodes["a"]!.RestoreOutput());
            Assert.Equal(DagRunStatus.Running, seenWhenBStarted.Status); // the run is still going
        }

        [Fact]
        public async Task Resume_RestoresSucceededNodes_IntoNeeds_AndRunsOnlyTheRest()
        {
            var workflow = Dag("a", "b:a", "c:b", "side");
            var first = new FakeExecutor
            {
                AutoComplete = r => r.Node.Id == "b"
                    ? NodeExecution.Failed(new InvalidOperationException("b broke"))
                    : NodeExecution.Succeeded(new object?[] { 40 + r.Node.Index }),
            };
            var failed = await Run(workflow, first).Within();
            Assert.Equal(DagRunStatus.Failed, failed.Status);

            var second = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { r.Node.Id }) };
            var resumed = await Run(workflow, second, CheckpointReader.Read(files.Path)).Within();

            Assert.Equal(DagRunStatus.Succeeded, resumed.Status);
            Assert.Equal(new[] { "b", "c" }, second.StartOrder);
            Assert.Equal(40, second.Requests["b"].Needs["a"]);
            Assert.Equal((NodeStatus.Succeeded, NodeReason.Resumed), (resumed["a"]!.Status, resumed["a"]!.Reason));
            Assert.Equal(NodeReason.PreviouslyFailed, resumed["b"]!.Reason);
            Assert.Equal(NodeReason.PreviouslySkipped, resumed["c"]!.Reason);
            Assert.Equal(NodeReason.Resumed, resumed["side"]!.Reason);
            Assert.Equal(failed.RunId, resumed.RunId);

            var state = CheckpointReader.Read(files.Path);
            Assert.Equal(2, state.Session);
            Assert.Equal(DagRunStatus.Succeeded, state.Status);
            Assert.All(state.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
        }

        [Fact]
        public async Task CtrlC_RecordsRunningNodesAsCancelled_AndAResumeRunsThemAgain()
        {
            var workflow = Dag("done", "long:done");
            var executor = new FakeExecutor();
            using var cancel = new CancellationTokenSource();
            var run = Run(workflow, executor, token: cancel.Token);
            await executor.WaitForStartAsync("done");
            executor.Succeed("done", 1);
            await executor.WaitForStartAsync("long");
            cancel.Cancel();
            await run.Within();

            var state = CheckpointReader.Read(files.Path);
            Assert.Equal(DagRunStatus.Cancelled, state.Status);
            Assert.Equal(NodeStatus.Cancelled, state.Nodes["long"]!.Status);

            var again = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(Array.Empty<object?>()) };
            var resumed = await Run(workflow, again, state).Within();
            Assert.Equal(new[] { "long" }, again.StartOrder);
            Assert.Equal(NodeReason.PreviouslyCancelled, resumed["long"]!.Reason);
        }

        [Fact]
        public async Task UnstorableOutput_IsStoredAsText_WithAWarningEvent()
        {
            var sink = new RecordingSink();
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { new System.IO.FileInfo("/tmp/some-file.txt") }) };
            var options = new RunOptions { CheckpointPath = files.Path };
            await new WorkflowRunner(Dag("a"), options, executor, sink).RunAsync(CancellationToken.None).Within();

            var warning = Assert.Single(sink.Events.OfType<NodeLogEvent>(), e => e.Stream == NodeLogStream.Warning);
            Assert.Contains("FileInfo", $"{warning.Data}");
            Assert.Equal(new object?[] { "/tmp/some-file.txt" }, CheckpointReader.Read(files.Path).Nodes["a"]!.RestoreOutput());
        }

        // The checkpoint's times were written without their offset: read (or exported) in another time zone they were
        // taken for that zone's, hours off. Each is now written with the offset of the run that took it.
        [Fact]
        public async Task TheCheckpointsTimes_CarryTheirRunsOffset_SoAnyTimeZoneReadsTheSameInstants()
        {
            var newYork = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 54, 0, TimeSpan.Zero));
            newYork.SetLocalTimeZone(Zone(-5));
            var failing = new FakeExecutor { AutoComplete = r => r.Node.Id == "b" ? NodeExecution.Failed(new InvalidOperationException("down")) : NodeExecution.Succeeded(Array.Empty<object?>()) };
            var first = await new WorkflowRunner(Dag("a", "b:a"), new RunOptions { CheckpointPath = files.Path, Clock = newYork }, failing, new RecordingSink())
                .RunAsync(CancellationToken.None).Within();

            var text = System.IO.File.ReadAllText(files.Path);
            Assert.Contains("\"startTime\": \"2026-12-05T04:54:00.0000000-05:00\"", text);
            var state = CheckpointReader.Read(files.Path);
            var firstStart = new DateTimeOffset(first.StartTime, TimeSpan.FromHours(-5));
            Assert.Equal(firstStart, new DateTimeOffset(state.StartTime));
            Assert.Equal(firstStart, new DateTimeOffset(state.Nodes["a"]!.StartTime!.Value));

            // Resumed an hour later in Tokyo: what was restored keeps its instant, what ran takes Tokyo's offset.
            var tokyo = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 54, 0, TimeSpan.Zero));
            tokyo.SetLocalTimeZone(Zone(9));
            var resumed = await new WorkflowRunner(Dag("a", "b:a"), new RunOptions { CheckpointPath = files.Path, Clock = tokyo, ResumeFrom = state }, new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(Array.Empty<object?>()) }, new RecordingSink())
                .RunAsync(CancellationToken.None).Within();

            Assert.Equal(DagRunStatus.Succeeded, resumed.Status);
            Assert.Contains("\"startTime\":\"2026-12-05T19:54:00.0000000+09:00\"", System.IO.File.ReadAllText(files.Path));
            var after = CheckpointReader.Read(files.Path);
            Assert.Equal(firstStart, new DateTimeOffset(after.Nodes["a"]!.StartTime!.Value));
            Assert.Equal(new DateTimeOffset(2026, 12, 5, 10, 54, 0, TimeSpan.Zero), new DateTimeOffset(after.Nodes["b"]!.StartTime!.Value));
        }

        private static TimeZoneInfo Zone(int hours)
            => TimeZoneInfo.CreateCustomTimeZone($"Test/UTC{hours:+0;-0}", TimeSpan.FromHours(hours), $"UTC{hours:+0;-0} (test)", $"UTC{hours:+0;-0}");

        [Fact]
        public async Task ANewRun_ReplacesTheOldCheckpoint()
        {
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(Array.Empty<object?>()) };
            var first = await Run(Dag("a"), executor).Within();
            var second = await Run(Dag("a"), new FakeExecutor { AutoComplete = executor.AutoComplete }).Within();

            var state = CheckpointReader.Read(files.Path);
            Assert.NotEqual(first.RunId, second.RunId);
            Assert.Equal(second.RunId, state.RunId);
            Assert.Equal(1, state.Session);
        }
    }
}
