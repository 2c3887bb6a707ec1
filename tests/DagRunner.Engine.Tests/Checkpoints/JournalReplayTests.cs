using System;
using System.IO;
using System.Linq;
using System.Text;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class JournalReplayTests
    {
        /// <summary>a and b finished, then c's record (the last line of the journal).</summary>
        private static void WriteThreeNodes(CheckpointFiles files)
        {
            using var writer = files.StartNew("a", "b", "c");
            writer.NodeFinished(Result("a", NodeStatus.Succeeded, "A"), "hash-a");
            writer.NodeFinished(Result("b", NodeStatus.Succeeded, "B"), "hash-b");
            writer.NodeFinished(Result("c", NodeStatus.Succeeded, "C with some longer output \u00e9\u4e2d"), "hash-c");
        }

        [Fact]
        public void ATornLastRecord_IsIgnored_AtEveryByteWhereAWriteCanStop()
        {
            using var files = new CheckpointFiles();
            WriteThreeNodes(files);
            var journal = files.JournalBytes();
            int lastLineStart = Array.LastIndexOf(journal, (byte)'\n', journal.Length - 2) + 1;

            for (int kept = lastLineStart; kept < journal.Length; kept++)
            {
                File.WriteAllBytes(files.Journal, journal.Take(kept).ToArray());

                var state = files.Read();

                Assert.True(state.Nodes["a"]!.Status == NodeStatus.Succeeded, $"a lost with {kept} bytes kept");
                Assert.Equal(new object[] { "B" }, state.Nodes["b"]!.RestoreOutput());
                Assert.True(state.Nodes["c"]!.Status == NodeStatus.NotRun, $"c applied from a torn line of {kept - lastLineStart} bytes");
            }

            File.WriteAllBytes(files.Journal, journal);
            Assert.Equal(NodeStatus.Succeeded, files.Read().Nodes["c"]!.Status);
        }

        [Fact]
        public void ALastLineOfGarbage_EvenWithItsNewline_IsATornTail()
        {
            using var files = new CheckpointFiles();
            WriteThreeNodes(files);
            File.AppendAllText(files.Journal, "\0\0\0\0{\"seq\":9\n");

            Assert.Equal(NodeStatus.Succeeded, files.Read().Nodes["c"]!.Status);
        }

        [Theory]
        [InlineData("not json at all")]
        [InlineData("{\"seq\":2,\"run\":\"run-1\",\"type\":\"nodeExploded\"}")]
        [InlineData("{\"seq\":2,\"run\":\"run-1\",\"type\":\"nodeStarted\",\"node\":\"a\"}")]
        [InlineData("")]
        public void ABadLineBeforeTheLast_IsCorruption(string badLine)
        {
            using var files = new CheckpointFiles();
            WriteThreeNodes(files);
            var lines = files.JournalLines();
            lines[1] = badLine;
            File.WriteAllText(files.Journal, string.Join("\n", lines) + "\n");

            var error = Assert.Throws<CheckpointException>(() => files.Read());

            Assert.Equal(CheckpointErrorKind.Corrupt, error.Kind);
            Assert.Equal("CheckpointCorrupt", error.ErrorId);
            Assert.Contains("Line 2", error.Message);
            Assert.Contains("Invoke-Dag", error.Message);
        }

        [Fact]
        public void RecordsTheSnapshotAlreadyHolds_AreSkipped_SoACrashBetweenRenameAndTruncateIsHarmless()
        {
            using var files = new CheckpointFiles();
            byte[] journalBeforeCompaction;
            using (var writer = files.StartNew("a"))
            {
                writer.NodeStarted("a", 1, T0);
                journalBeforeCompaction = files.JournalBytes();
                writer.NodeFinished(Result("a"), "hash-a");
                writer.RunFinished(DagRunStatus.Succeeded, T0.AddMinutes(1));
            }

            // As if the process died after the snapshot was renamed into place but before the journal was truncated.
            File.WriteAllBytes(files.Journal, journalBeforeCompaction);

            var state = files.Read();
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status); // re-applying 'started' would make it Cancelled
            Assert.Equal(DagRunStatus.Succeeded, state.Status);
        }

        [Fact]
        public void RecordsOfAnotherRun_AreSkipped()
        {
            using var files = new CheckpointFiles();
            using (var writer = files.StartNew("a"))
            {
            }

            var foreign = "{\"seq\":1,\"run\":\"run-0\",\"type\":\"nodeStarted\",\"node\":\"a\",\"attempt\":1,\"time\":\"2024-05-01T10:00:00.0000000Z\"}\n";
            File.WriteAllText(files.Journal, foreign);

            Assert.Equal(NodeStatus.NotRun, files.Read().Nodes["a"]!.Status);
        }

        [Fact]
        public void AMissingRecord_IsCorruption()
        {
            using var files = new CheckpointFiles();
            WriteThreeNodes(files);
            var lines = files.JournalLines();
            File.WriteAllText(files.Journal, lines[0] + "\n" + lines[2] + "\n");

            var error = Assert.Throws<CheckpointException>(() => files.Read());

            Assert.Equal(CheckpointErrorKind.Corrupt, error.Kind);
            Assert.Contains("record 2 is missing", error.Message);
        }

        [Fact]
        public void Continue_DropsATornTail_SoLaterRecordsDoNotFollowHalfALine()
        {
            using var files = new CheckpointFiles();
            WriteThreeNodes(files);
            var journal = files.JournalBytes();
            File.WriteAllBytes(files.Journal, journal.Take(journal.Length - 10).ToArray());

            using (var writer = CheckpointWriter.Continue(files.Path, files.Read(), fsync: false))
            {
                writer.NodeFinished(Result("c", NodeStatus.Succeeded, "again"), "hash-c");
            }

            var state = files.Read();
            Assert.Equal(new object[] { "again" }, state.Nodes["c"]!.RestoreOutput());
            Assert.Equal(2, state.Session);
        }

        [Fact]
        public void TheJournalIsJsonLines_WithRunIdAndSequenceOnEveryLine()
        {
            using var files = new CheckpointFiles();
            WriteThreeNodes(files);

            var lines = files.JournalLines();
            Assert.Equal(3, lines.Length);
            for (int i = 0; i < lines.Length; i++)
            {
                using var record = System.Text.Json.JsonDocument.Parse(lines[i]);
                Assert.Equal(i + 1, record.RootElement.GetProperty("seq").GetInt64());
                Assert.Equal("run-1", record.RootElement.GetProperty("run").GetString());
            }

            Assert.EndsWith("\n", Encoding.UTF8.GetString(files.JournalBytes()));
        }
    }
}
