using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    /// <summary>
    /// The journal's records copied into a mapping of reserved space (Linux, no fsync): on disk as each commit returns,
    /// zeros after them while the run goes on or after a kill, none once the writer closes.
    /// </summary>
    public class JournalMappingTests
    {
        private static readonly bool OnLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        [Fact]
        public void OnLinux_AJournalWithoutFsync_IsMapped_AndWithFsync_IsWritten()
        {
            using var files = new CheckpointFiles();
            Directory.CreateDirectory(Path.GetDirectoryName(files.Path)!);
            using (var plain = JournalFile.Open(files.Path, fsync: false))
            {
                Assert.Equal(OnLinux, plain.Mapped);
            }

            using var flushed = JournalFile.Open(files.Path, fsync: true);
            Assert.False(flushed.Mapped);
        }

        [Fact]
        public void WhereTheFileSystemRefusesAMapping_RecordsAreWrittenInstead_AndNoneIsLost()
        {
            using var files = new CheckpointFiles();
            Directory.CreateDirectory(Path.GetDirectoryName(files.Path)!);
            var first = Line(JournalRecord.NodeStarted(1, "run-1", "a", 1, T0));
            var second = Line(JournalRecord.NodeStarted(2, "run-1", "b", 1, T0));
            using (var journal = JournalFile.Open(files.Path, fsync: false, (_, _) => throw new IOException("No such device (this file system has no shared mappings)")))
            {
                journal.Truncate();
                journal.Append(first, first.Length);
                Assert.False(journal.Mapped); // gave up the mapping for the rest of the run
                journal.Append(second, second.Length);
                Assert.Equal(first.Length + second.Length, journal.Length);
            }

            var bytes = File.ReadAllBytes(files.Journal);
            Assert.Equal(first.Length + second.Length, bytes.Length); // the reservation it could not map is gone
            Assert.Equal(new[] { "a", "b" }, JournalFile.ReadRecords(files.Path).Select(r => r.Node));
        }

        [Fact]
        public void WhileTheRunGoesOn_TheFileEndsInReservedZeros_AndReadersSeeEveryCommittedRecord()
        {
            using var files = new CheckpointFiles();
            using var writer = files.StartNew("a", "b");
            writer.GroupRecords();
            writer.NodeStarted("a", 1, T0);
            writer.Commit();

            var bytes = File.ReadAllBytes(files.Journal);
            if (OnLinux)
            {
                Assert.Equal(JournalMapping.FirstReservation, bytes.Length); // reserved ahead, not written record by record
                Assert.Equal(0, bytes[bytes.Length - 1]);
            }

            Assert.Single(JournalFile.ReadRecords(files.Path));
            Assert.Equal(NodeStatus.Running, CheckpointReader.Read(files.Path, runIsLive: true).Nodes["a"]!.Status);
        }

        [Fact]
        public void RecordsPastTheFirstReservation_AreAllKept_InOrder()
        {
            using var files = new CheckpointFiles();
            var names = Enumerable.Range(0, 3000).Select(i => "node-" + i).ToArray();
            using var writer = files.StartNew(names);
            writer.GroupRecords();
            foreach (var name in names)
            {
                writer.NodeStarted(name, 1, T0);
                writer.Commit(); // one append each: the journal grows through several reservations
            }

            Assert.True(writer.JournalLength > JournalMapping.FirstReservation * 2, $"only {writer.JournalLength} bytes: the test needs more than two reservations");
            var records = JournalFile.ReadRecords(files.Path);
            Assert.Equal(names, records.Select(r => r.Node));
            Assert.Equal(Enumerable.Range(1, names.Length).Select(i => (long)i), records.Select(r => r.Sequence));
        }

        [Fact]
        public void AWriterThatCloses_LeavesNoZeros_OnlyItsRecords()
        {
            using var files = new CheckpointFiles();
            long length;
            using (var writer = files.StartNew("a", "b"))
            {
                writer.GroupRecords();
                writer.NodeStarted("a", 1, T0);
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, "out"), "hash-a");
                writer.Commit();
                length = writer.JournalLength;
            }

            var bytes = File.ReadAllBytes(files.Journal);
            Assert.Equal(length, bytes.Length);
            Assert.DoesNotContain((byte)0, bytes);
            Assert.Equal((byte)'\n', bytes[bytes.Length - 1]);
            Assert.Equal(NodeStatus.Succeeded, files.Read().Nodes["a"]!.Status);
        }

        [Fact]
        public void AJournalEndingInZeros_AfterAKill_IsReadUpToThem_ATornLineBeforeThemIgnored()
        {
            using var files = WithOneSuccess();
            // What a killed writer leaves: whole records, half of the next one, then the rest of its reservation.
            var records = File.ReadAllBytes(files.Journal);
            var torn = Encoding.UTF8.GetBytes("{\"seq\":2,\"run\":\"run-1\",\"type\":\"nodeSta");
            File.WriteAllBytes(files.Journal, records.Concat(torn).Concat(new byte[4096]).ToArray());

            var state = files.Read();
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
            Assert.Equal(new object?[] { "out" }, state.Nodes["a"]!.RestoreOutput());
            Assert.Equal(NodeStatus.NotRun, state.Nodes["b"]!.Status);
            Assert.Single(JournalFile.ReadRecords(files.Path));
        }

        [Fact]
        public void AReaderThatCatchesACopyHalfDone_StopsAtItsFirstZero_RatherThanCallingTheJournalCorrupt()
        {
            using var files = WithOneSuccess();
            // A copy need not land byte by byte in order: a reader may see the end of a line (its newline) before its middle.
            var records = File.ReadAllBytes(files.Journal);
            var line = Line(JournalRecord.NodeStarted(2, "run-1", "b", 1, T0));
            Array.Clear(line, 10, 20);
            File.WriteAllBytes(files.Journal, records.Concat(line).Concat(new byte[4096]).ToArray());

            Assert.Single(JournalFile.ReadRecords(files.Path));
            Assert.Equal(NodeStatus.NotRun, files.Read().Nodes["b"]!.Status);
        }

        [Fact]
        public void AResumedRun_AppendsAfterAKilledRunsZeros_WithoutReadingThemAsRecords()
        {
            using var files = WithOneSuccess();
            File.WriteAllBytes(files.Journal, File.ReadAllBytes(files.Journal).Concat(new byte[JournalMapping.FirstReservation]).ToArray());
            using (var resumed = CheckpointWriter.Continue(files.Path, files.Read(), fsync: false))
            {
                resumed.NodeFinished(Result("b", NodeStatus.Succeeded, "out-b"), "hash-b");
            }

            var state = files.Read();
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
            Assert.Equal(new object?[] { "out-b" }, state.Nodes["b"]!.RestoreOutput());
            Assert.DoesNotContain((byte)0, File.ReadAllBytes(files.Journal));
        }

        /// <summary>A closed checkpoint whose journal records that node 'a' succeeded with output "out"; 'b' never ran.</summary>
        private static CheckpointFiles WithOneSuccess()
        {
            var files = new CheckpointFiles();
            using (var writer = files.StartNew("a", "b"))
            {
                writer.NodeFinished(Result("a", NodeStatus.Succeeded, "out"), "hash-a");
            }

            return files;
        }

        private static byte[] Line(JournalRecord record)
        {
            using var buffer = new MemoryStream();
            using var json = new System.Text.Json.Utf8JsonWriter(buffer);
            record.WriteLine(json, buffer, utcOffset: null);
            return buffer.ToArray();
        }
    }
}
