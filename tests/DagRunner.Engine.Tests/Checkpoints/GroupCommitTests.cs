using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    /// <summary>Group commit: after GroupRecords, records wait in memory and one Commit writes them all at once.</summary>
    public class GroupCommitTests
    {
        [Fact]
        public void GroupedRecords_AreNotOnDisk_UntilCommit_ThenOneJournalWriteHoldsThemAll()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a", "b", "c");
            writer.GroupRecords();
            int writesBefore = writer.JournalWrites;

            writer.NodeFinished(Result("a", NodeStatus.Succeeded, "a-out"), "hash-a");
            writer.NodeFinished(Result("b", NodeStatus.Failed), "hash-b");
            writer.NodeStarted("c", 1, T0);
            Assert.Empty(files.JournalBytes());
            Assert.Equal(NodeStatus.NotRun, files.Read().Nodes["a"]!.Status);

            writer.Commit();

            Assert.Equal(writesBefore + 1, writer.JournalWrites);
            Assert.Equal(3, files.JournalLines().Length);
            var state = CheckpointReader.Read(files.Path, runIsLive: true);
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
            Assert.Equal(new object?[] { "a-out" }, state.Nodes["a"]!.RestoreOutput());
            Assert.Equal(NodeStatus.Failed, state.Nodes["b"]!.Status);
            Assert.Equal(NodeStatus.Running, state.Nodes["c"]!.Status);
        }

        [Fact]
        public void Commit_WithNothingQueued_WritesNothing()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a");
            writer.GroupRecords();
            int writesBefore = writer.JournalWrites;

            writer.Commit();

            Assert.Equal(writesBefore, writer.JournalWrites);
            Assert.Empty(files.JournalBytes());
        }

        [Fact]
        public void GroupedRecords_KeepTheirSequence_AcrossCommits()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a", "b");
            writer.GroupRecords();

            writer.NodeStarted("a", 1, T0);
            writer.NodeStarted("b", 1, T0);
            writer.Commit();
            writer.NodeFinished(Result("a"), "hash-a");
            writer.Commit();

            var sequences = JournalFile.ReadRecords(files.Path).Select(r => r.Sequence).ToArray();
            Assert.Equal(3, sequences.Length);
            Assert.Equal(new[] { sequences[0], sequences[0] + 1, sequences[0] + 2 }, sequences);
            Assert.Equal(NodeStatus.Succeeded, files.Read().Nodes["a"]!.Status);
        }

        [Fact]
        public void Invalidate_SeesASuccessStillQueued_InTheSameTurn()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a", "b");
            writer.GroupRecords();

            writer.NodeFinished(Result("a"), "hash-a");
            var voided = writer.Invalidate("b", new[] { "a" });
            writer.Commit();

            Assert.Equal(new[] { "a" }, voided);
            Assert.Equal((NodeStatus.NotRun, NodeReason.Invalidated), (files.Read().Nodes["a"]!.Status, files.Read().Nodes["a"]!.Reason));
        }

        [Fact]
        public void RunFinished_WritesWhatIsStillQueued_IntoTheFinalSnapshot()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a"))
            {
                writer.GroupRecords();
                writer.NodeFinished(Result("a"), "hash-a");
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddSeconds(3));
            }

            var state = files.Read();
            Assert.Equal(DagRunStatus.Succeeded, state.Status);
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
        }
    }
}
