using System;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
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
                    largestJournal <= Math.Max(CheckpointWriter.MinimumCompactionBytes, CheckpointWriter.JournalToSnapshot * finalSnapshot) + 2048,
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
    }
}
