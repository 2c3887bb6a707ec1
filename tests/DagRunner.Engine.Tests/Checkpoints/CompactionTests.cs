using System;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class CompactionTests
    {
        private const int NodeCount = 10_000;

        [Fact]
        public void TenThousandNodes_RewriteTheSnapshotLogarithmicallyOften_AndKeepEveryRecord()
        {
            using var files = new CheckpointFiles();
            var names = Enumerable.Range(0, NodeCount).Select(i => $"node{i:00000}").ToArray();
            var padding = new string('x', 1000); // outputs that outgrow the snapshot of NotRun nodes four times over
            long largestJournal = 0;
            int writesAtStart;
            long bytesAtStart;
            using (var writer = files.StartNew(names))
            {
                writesAtStart = writer.SnapshotWrites;
                bytesAtStart = writer.SnapshotBytes;
                foreach (var name in names)
                {
                    writer.NodeStarted(name, 1, T0);
                    writer.NodeFinished(Result(name, NodeStatus.Succeeded, name, 42, padding), "hash-" + name);
                    largestJournal = Math.Max(largestJournal, writer.JournalLength);
                }

                int midRunWrites = writer.SnapshotWrites - writesAtStart;
                long midRunBytes = writer.SnapshotBytes - bytesAtStart;
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddHours(1));
                long finalSnapshot = new System.IO.FileInfo(files.Path).Length;

                // 20,000 records: a snapshot per record would be 20,000 rewrites of a growing file.
                int bound = 2 * (int)Math.Ceiling(Math.Log(2 * NodeCount, 2)); // 30
                Assert.InRange(midRunWrites, 1, bound);

                // Amortized O(1): the bytes of all snapshots stay within a small multiple of the final one.
                Assert.True(midRunBytes <= 4 * finalSnapshot, $"{midRunBytes} bytes of snapshots for a final one of {finalSnapshot}");
                Assert.True(
                    largestJournal <= Math.Max(SnapshotSchedule.MinimumJournalBytes, SnapshotSchedule.JournalToSnapshot * finalSnapshot) + 2048,
                    $"the journal grew to {largestJournal} bytes");
            }

            var state = files.Read();
            Assert.Equal(NodeCount, state.Nodes.Count);
            Assert.All(state.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
            Assert.Equal(new object[] { "node09999", 42, padding }, state.Nodes["node09999"]!.RestoreOutput());
            Assert.Equal(new object[] { "node00000", 42, padding }, state.Nodes["node00000"]!.RestoreOutput());
        }

        [Fact]
        public void ACompactionMidRun_KeepsEverythingRecordedBeforeAndAfterIt()
        {
            using var files = new CheckpointFiles();
            var big = new string('x', 40 * 1024);
            using (var writer = files.StartNew("a", "b", "c"))
            {
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, big), "hash-a");
                int before = writer.SnapshotWrites;
                writer.NodeFinished(Result("b", NodeStatus.Succeeded, big), "hash-b"); // past 64 KB: compacts
                Assert.Equal(before + 1, writer.SnapshotWrites);
                Assert.Equal(0, writer.JournalLength);
                writer.NodeStarted("c", 1, T0);
                Assert.True(writer.JournalLength > 0);
            }

            var state = files.Read();
            Assert.Equal(new object[] { big }, state.Nodes["a"]!.RestoreOutput());
            Assert.Equal(new object[] { big }, state.Nodes["b"]!.RestoreOutput());
            Assert.Equal(NodeStatus.Interrupted, state.Nodes["c"]!.Status);
        }

        [Fact]
        public void GroupedCommits_AfterALargeOutput_WriteEachRecordOnce()
        {
            // The commit's line buffer is reused, and replaced after a large output: no record may be lost or doubled.
            using var files = new CheckpointFiles();
            var large = new string('y', 2 * 1024 * 1024);
            using (var writer = files.StartNew("a", "b", "c"))
            {
                writer.GroupRecords();
                writer.NodeStarted("a", 1, T0);
                writer.NodeStarted("b", 1, T0);
                writer.Commit();
                writer.NodeFinished(Result("b", NodeStatus.Succeeded, "small"), "hash-b");
                writer.Commit();
                Assert.Equal(new long[] { 1, 2, 3 }, JournalFile.ReadRecords(files.Path).Select(r => r.Sequence));
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, large), "hash-a"); // the journal outgrows the snapshot: compacted
                writer.Commit();
                writer.NodeStarted("c", 1, T0);
                writer.Commit();
                Assert.Equal(new long[] { 5 }, JournalFile.ReadRecords(files.Path).Select(r => r.Sequence));
            }

            var state = files.Read();
            Assert.Equal(new object[] { large }, state.Nodes["a"]!.RestoreOutput());
            Assert.Equal(new object[] { "small" }, state.Nodes["b"]!.RestoreOutput());
            Assert.Equal(NodeStatus.Interrupted, state.Nodes["c"]!.Status);
            Assert.Equal(5, state.LastSequence); // two starts, two ends, one start
        }

        // A directory where a snapshot's new file must go makes its writing fail as a full disk does (the tests run as
        // root, whom file modes do not stop); the journal's appends go on. tests/Pester/DiskFull.Tests.ps1 has the real disk.
        [Fact]
        public void ASnapshotThatCannotBeWritten_LosesNoRecord_AndTheRunGoesOnUntilOneCanBe()
        {
            using var files = new CheckpointFiles();
            var names = Enumerable.Range(0, 300).Select(i => $"node{i:000}").ToArray();
            var padding = new string('x', 1000);
            var blocker = AtomicFile.TempPath(files.Path);
            using (var writer = files.StartNew(names))
            {
                int writesAtStart = writer.SnapshotWrites;
                Directory.CreateDirectory(blocker);
                foreach (var name in names.Take(150))
                {
                    writer.NodeStarted(name, 1, T0);
                    writer.NodeFinished(Result(name, NodeStatus.Succeeded, name, padding), "hash-" + name);
                }

                Assert.Equal(writesAtStart, writer.SnapshotWrites);
                Assert.NotNull(writer.SnapshotFailure);
                var midRun = files.Read();
                Assert.Equal(150, midRun.Nodes.Count(n => n.Status == NodeStatus.Succeeded));

                Directory.Delete(blocker);
                foreach (var name in names.Skip(150))
                {
                    writer.NodeStarted(name, 1, T0);
                    writer.NodeFinished(Result(name, NodeStatus.Succeeded, name, padding), "hash-" + name);
                }

                Assert.True(writer.SnapshotWrites > writesAtStart, "once the journal had doubled, a snapshot was tried again and written");
                Assert.Null(writer.SnapshotFailure);
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddHours(1));
            }

            var state = files.Read();
            Assert.All(state.Nodes, n => Assert.Equal(NodeStatus.Succeeded, n.Status));
            Assert.Equal(new object[] { "node000", padding }, state.Nodes["node000"]!.RestoreOutput());
            Assert.Equal(new object[] { "node299", padding }, state.Nodes["node299"]!.RestoreOutput());
        }

        [Fact]
        public void ALastSnapshotThatCannotBeWritten_LeavesTheWholeRunInTheJournal()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a", "b"))
            {
                writer.NodeStarted("a", 1, T0);
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, "out-a"), "hash-a");
                writer.NodeStarted("b", 1, T0);
                writer.NodeFinished(Result("b", NodeStatus.Failed), "hash-b");
                Directory.CreateDirectory(AtomicFile.TempPath(files.Path));

                writer.RunFinished(DagRunStatus.Failed, T0.AddHours(1));

                Assert.NotNull(writer.SnapshotFailure);
            }

            var state = files.Read();
            Assert.Equal(DagRunStatus.Failed, state.Status);
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
            Assert.Equal(new object[] { "out-a" }, state.Nodes["a"]!.RestoreOutput());
            Assert.Equal(NodeStatus.Failed, state.Nodes["b"]!.Status);
        }
    }
}
