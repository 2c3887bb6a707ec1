using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class CheckpointWriterTests
    {
        [Fact]
        public void StartNew_CreatesTheFolder_AndASnapshotListingEveryPlannedNodeAsNotRun()
        {
            using var files = new CheckpointFiles();
            Assert.False(Directory.Exists(Path.GetDirectoryName(files.Path)));

            using (files.StartNew("a", "b"))
            {
            }

            var state = files.Read();
            Assert.Equal("run-1", state.RunId);
            Assert.Equal("test", state.WorkflowName);
            Assert.Equal("/repo/test.dag.yaml", state.WorkflowPath);
            Assert.Equal("workflow-hash", state.WorkflowHash);
            Assert.Equal(2, state.FormatVersion);
            Assert.Equal(1, state.Session);
            Assert.Equal(T0, state.StartTime);
            Assert.Equal(DagRunStatus.Interrupted, state.Status); // not finished, and no process holds its lock
            Assert.Equal(new[] { "a", "b" }, state.Nodes.Select(n => n.Name));
            Assert.All(state.Nodes, n => Assert.Equal(NodeStatus.NotRun, n.Status));
            Assert.Equal("hash-b", state.Nodes["B"]!.DefinitionHash);
            Assert.Empty(files.JournalBytes());
        }

        [Fact]
        public void EachRecord_IsOneJournalLine_ReadableBeforeTheNextCall()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a", "b");

            writer.NodeStarted("a", 1, T0);
            Assert.Single(files.JournalLines());
            Assert.Equal(NodeStatus.Interrupted, files.Read().Nodes["a"]!.Status); // started, not finished, and no process holds the lock
            Assert.Equal(NodeStatus.Running, CheckpointReader.Read(files.Path, runIsLive: true).Nodes["a"]!.Status);

            var output = new PSObject();
            output.Properties.Add(new PSNoteProperty("Version", "1.2.3"));
            writer.NodeFinished(Result("a", NodeStatus.Succeeded, output, 7), "hash-a2");
            Assert.Equal(2, files.JournalLines().Length);

            var a = files.Read().Nodes["a"]!;
            Assert.Equal(NodeStatus.Succeeded, a.Status);
            Assert.Equal(NodeReason.None, a.Reason);
            Assert.Equal(1, a.Attempts);
            Assert.Equal(T0.AddSeconds(1), a.StartTime);
            Assert.Equal(T0.AddSeconds(2), a.EndTime);
            Assert.Equal("hash-a2", a.DefinitionHash);
            var restored = a.RestoreOutput();
            Assert.Equal("1.2.3", ((PSObject)restored[0]!).Properties["Version"].Value);
            Assert.Equal(7, restored[1]);
            Assert.Equal(NodeStatus.NotRun, files.Read().Nodes["b"]!.Status);
        }

        [Fact]
        public void TheHostANodeRanOn_IsRecorded_InTheJournalAndTheSnapshot_AndAbsentForALocalNode()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("remote", "local"))
            {
                writer.NodeStarted("remote", 1, T0);
                var remote = Result("remote");
                remote.Host = "w2";
                writer.NodeFinished(remote, "hash-remote");
                Assert.Equal("w2", files.Read().Nodes["remote"]!.Host);
                writer.NodeFinished(Result("local"), "hash-local");
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddSeconds(3));
            }

            var state = files.Read();
            Assert.Equal("w2", state.Nodes["remote"]!.Host);
            Assert.Null(state.Nodes["local"]!.Host);
            Assert.Contains("\"host\":\"w2\"", File.ReadAllText(files.Path));
            Assert.DoesNotContain("\"host\":null", File.ReadAllText(files.Path));
        }

        [Fact]
        public void AJournalRecordWithoutHost_AsEarlierVersionsWroteIt_ReadsAsNoHost()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a"))
            {
                var ran = Result("a");
                ran.Host = "w1";
                writer.NodeFinished(ran, "hash-a");
            }

            Assert.Contains(",\"host\":\"w1\"", string.Join("\n", files.JournalLines()));
            File.WriteAllLines(files.Journal, files.JournalLines().Select(line => line.Replace(",\"host\":\"w1\"", string.Empty)));

            var a = files.Read().Nodes["a"]!;
            Assert.Equal(NodeStatus.Succeeded, a.Status);
            Assert.Null(a.Host);
        }

        [Fact]
        public void TheJournalAndSnapshotLines_AreWhatEarlierVersionsWrote()
        {
            // Pinned from the code of 2026-12-05 (1315aab), before the field names were encoded once: readers of
            // other versions, and users' own tools, read these lines.
            using var files = new CheckpointFiles();
            using var writer = CheckpointWriter.StartNew(files.Path, Header(runId: "run-\u00e9\"1", nodes: new[] { "a", "b" }), fsync: false);
            writer.NodeStarted("a", 1, T0);
            var failed = Result("a", NodeStatus.Failed, null, 7, "s\u00e9");
            failed.Reason = NodeReason.TimedOut;
            failed.Error = new InvalidOperationException("The \"build\" broke.");
            writer.NodeFinished(failed, "hash-a2");
            writer.NodeStarted("b", 1, T0);

            Assert.Equal(
                new[]
                {
                    "{\"seq\":1,\"run\":\"run-\u00e9\\\"1\",\"type\":\"nodeStarted\",\"node\":\"a\",\"attempt\":1,\"time\":\"2024-05-01T10:00:00.0000000Z\"}",
                    "{\"seq\":2,\"run\":\"run-\u00e9\\\"1\",\"type\":\"nodeFinished\",\"name\":\"a\",\"hash\":\"hash-a2\",\"status\":\"Failed\",\"reason\":\"TimedOut\",\"attempts\":1,\"startTime\":\"2024-05-01T10:00:01.0000000Z\",\"endTime\":\"2024-05-01T10:00:02.0000000Z\",\"error\":\"The \\\"build\\\" broke.\",\"output\":[null,7,\"s\u00e9\"]}",
                    "{\"seq\":3,\"run\":\"run-\u00e9\\\"1\",\"type\":\"nodeStarted\",\"node\":\"b\",\"attempt\":1,\"time\":\"2024-05-01T10:00:00.0000000Z\"}",
                },
                files.JournalLines());

            writer.RunFinished(DagRunStatus.Failed, T0.AddSeconds(3));
            var nodeLines = File.ReadAllLines(files.Path).Where(line => line.StartsWith("    {", StringComparison.Ordinal)).Select(line => line.Trim().TrimEnd(','));
            Assert.Equal(
                new[]
                {
                    "{\"name\":\"a\",\"hash\":\"hash-a2\",\"status\":\"Failed\",\"reason\":\"TimedOut\",\"attempts\":1,\"startTime\":\"2024-05-01T10:00:01.0000000Z\",\"endTime\":\"2024-05-01T10:00:02.0000000Z\",\"error\":\"The \\\"build\\\" broke.\",\"output\":[null,7,\"s\u00e9\"]}",
                    "{\"name\":\"b\",\"hash\":\"hash-b\",\"status\":\"Running\",\"attempts\":1,\"startTime\":\"2024-05-01T10:00:00.0000000Z\"}",
                },
                nodeLines);
        }

        [Fact]
        public void FailureReasonAttemptsAndError_AreRecorded()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a"))
            {
                writer.NodeStarted("a", 1, T0);
                writer.NodeStarted("a", 2, T0.AddSeconds(5));
                var failed = Result("a", NodeStatus.Failed);
                failed.Attempts = 2;
                failed.Reason = NodeReason.TimedOut;
                failed.Error = new InvalidOperationException("The build broke.\nsecond line");
                writer.NodeFinished(failed, "hash-a");
            }

            var a = files.Read().Nodes["a"]!;
            Assert.Equal(NodeStatus.Failed, a.Status);
            Assert.Equal(NodeReason.TimedOut, a.Reason);
            Assert.Equal(2, a.Attempts);
            Assert.Equal("The build broke.", a.ErrorMessage);
        }

        [Fact]
        public void ANodeThatStartedAndNeverFinished_ReadsAsInterrupted_NotCancelled()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a"))
            {
                writer.NodeStarted("a", 1, T0);
                writer.NodeStarted("a", 2, T0.AddSeconds(3));
            }

            var a = files.Read().Nodes["a"]!;
            Assert.Equal(NodeStatus.Interrupted, a.Status);
            Assert.Equal(NodeReason.None, a.Reason);
            Assert.Equal(2, a.Attempts);
            Assert.Equal(T0, a.StartTime);
            Assert.Null(a.EndTime);
        }

        [Fact]
        public void RunFinished_RecordsTheStatus_AndFoldsTheJournalIntoTheSnapshot()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a"))
            {
                writer.NodeStarted("a", 1, T0);
                writer.NodeFinished(Result("a"), "hash-a");
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddMinutes(1));
            }

            Assert.Empty(files.JournalBytes());
            var state = files.Read();
            Assert.Equal(DagRunStatus.Succeeded, state.Status);
            Assert.Equal(T0.AddMinutes(1), state.EndTime);
            Assert.Equal(T0.AddMinutes(1), state.LastUpdate);
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
        }

        [Fact]
        public void StartNew_ReplacesTheCheckpointAndJournalOfTheLastRun()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("old"))
            {
                writer.NodeFinished(Result("old"), "hash-old");
            }

            using (CheckpointWriter.StartNew(files.Path, Header("run-2", nodes: "new"), fsync: false))
            {
            }

            var state = files.Read();
            Assert.Equal("run-2", state.RunId);
            Assert.Equal(new[] { "new" }, state.Nodes.Select(n => n.Name));
        }

        [Fact]
        public void Continue_KeepsTheRunAndItsRecords_CountsTheSession_AndAddsNewRecords()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a", "b"))
            {
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, "out"), "hash-a");
                writer.NodeFinished(Result("b", NodeStatus.Failed), "hash-b");
                writer.RunFinished(DagRunStatus.Failed, T0.AddMinutes(1));
            }

            using (var writer = CheckpointWriter.Continue(files.Path, files.Read(), fsync: false, workflowHash: "changed"))
            {
                Assert.Equal(DagRunStatus.Interrupted, files.Read().Status); // running again, without a lock in this test
                writer.NodeStarted("b", 1, T0.AddHours(1));
                writer.NodeFinished(Result("b"), "hash-b");
                writer.NodeFinished(Result("c"), "hash-c"); // added to the workflow since
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddHours(2));
            }

            var state = files.Read();
            Assert.Equal("run-1", state.RunId);
            Assert.Equal(2, state.Session);
            Assert.Equal("changed", state.WorkflowHash);
            Assert.Equal(DagRunStatus.Succeeded, state.Status);
            Assert.Equal(new[] { "a", "b", "c" }, state.Nodes.Select(n => n.Name));
            Assert.Equal(new object[] { "out" }, state.Nodes["a"]!.RestoreOutput());
            Assert.All(state.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
        }

        [Fact]
        public void NodeFinished_ReturnsAWarningForOutputStoredAsText()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a");

            var warnings = writer.NodeFinished(Result("a", NodeStatus.Succeeded, new FileInfo("/tmp/x.txt"), "fine"), "hash-a");

            Assert.Contains("System.IO.FileInfo", Assert.Single(warnings));
            Assert.Equal(new object[] { "/tmp/x.txt", "fine" }, files.Read().Nodes["a"]!.RestoreOutput());
        }

        [Fact]
        public void WithFsync_EveryWriteStillLandsAndReadsBack()
        {
            using var files = new CheckpointFiles();
            using (var writer = CheckpointWriter.StartNew(files.Path, Header(nodes: "a"), fsync: true))
            {
                writer.NodeStarted("a", 1, T0);
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, 1), "hash-a");
                Assert.Equal(2, files.JournalLines().Length);
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddMinutes(1));
            }

            Assert.Equal(DagRunStatus.Succeeded, files.Read().Status);
        }

        [Fact]
        public void CallsFromManyThreads_AreSerialized()
        {
            using var files = new CheckpointFiles();
            var names = Enumerable.Range(0, 200).Select(i => "n" + i).ToArray();
            using (var writer = files.StartNew(names))
            {
                Parallel.ForEach(names, name =>
                {
                    writer.NodeStarted(name, 1, T0);
                    writer.NodeFinished(Result(name, NodeStatus.Succeeded, name), "hash-" + name);
                });
            }

            var state = files.Read();
            Assert.All(names, name => Assert.Equal(new object[] { name }, state.Nodes[name]!.RestoreOutput()));
        }

        [Fact]
        public void TwoRunsRecordingAtOnce_EachJournalCarriesOnlyItsOwnRunId()
        {
            // Writers remember the last run id they encoded, in one place for the process: two runs in parallel
            // runspaces swap it back and forth, and neither may ever write the other's.
            using var first = new CheckpointFiles();
            using var second = new CheckpointFiles();
            var names = Enumerable.Range(0, 500).Select(i => "n" + i).ToArray();
            using (var one = CheckpointWriter.StartNew(first.Path, Header(runId: "run-one", nodes: names), fsync: false))
            using (var two = CheckpointWriter.StartNew(second.Path, Header(runId: "run-two", nodes: names), fsync: false))
            {
                Parallel.ForEach(names.SelectMany(name => new[] { (one, name), (two, name) }), job =>
                {
                    job.Item1.NodeStarted(job.name, 1, T0);
                    job.Item1.NodeFinished(Result(job.name), "hash-" + job.name);
                });

                Assert.NotEmpty(first.JournalLines()); // the records since the last snapshot that absorbed the journal
                Assert.NotEmpty(second.JournalLines());
                Assert.All(first.JournalLines(), line => Assert.Contains("\"run\":\"run-one\"", line, StringComparison.Ordinal));
                Assert.All(second.JournalLines(), line => Assert.Contains("\"run\":\"run-two\"", line, StringComparison.Ordinal));
            }

            Assert.All(first.Read().Nodes, node => Assert.Equal(NodeStatus.Succeeded, node.Status));
            Assert.All(second.Read().Nodes, node => Assert.Equal(NodeStatus.Succeeded, node.Status));
        }

        [Fact]
        public void ADisposedWriter_RefusesToWrite()
        {
            using var files = new CheckpointFiles();
            var writer = files.StartNew("a");
            writer.Dispose();

            Assert.Throws<ObjectDisposedException>(() => writer.NodeStarted("a", 1, T0));
        }
    }
}
