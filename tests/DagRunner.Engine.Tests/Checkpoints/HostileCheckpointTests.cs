using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using Xunit;
using Xunit.Abstractions;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    /// <summary>
    /// A checkpoint cut or scrambled anywhere is read whole or refused as Corrupt: the reader never throws anything
    /// else and never hands back part of a file. The cmdlet-level tests (marker files, Resume-Dag) are in
    /// tests/Pester/HostileCheckpoint.Tests.ps1.
    /// </summary>
    public class HostileCheckpointTests
    {
        private readonly ITestOutputHelper output;

        public HostileCheckpointTests(ITestOutputHelper output) => this.output = output;

        /// <summary>A real checkpoint: a snapshot of three nodes and a journal with a finished node in it.</summary>
        private static void WriteRealCheckpoint(CheckpointFiles files)
        {
            using var writer = files.StartNew("a", "b", "c");
            var item = new PSObject();
            item.Properties.Add(new PSNoteProperty("Name", "web1"));
            item.Properties.Add(new PSNoteProperty("$type", "System.IO.FileInfo"));
            writer.NodeStarted("a", 1, T0);
            writer.NodeFinished(Result("a", NodeStatus.Succeeded, "text", 42, item, new[] { 1, 2 }), "hash-a");
            writer.NodeStarted("b", 1, T0);
        }

        [Fact]
        public void ASnapshotCutAtAnyByte_IsRefusedAsCorrupt()
        {
            using var files = new CheckpointFiles();
            WriteRealCheckpoint(files);
            File.WriteAllBytes(files.Journal, Array.Empty<byte>());
            var whole = File.ReadAllBytes(files.Path);
            int end = whole.Length;
            while (end > 0 && char.IsWhiteSpace((char)whole[end - 1]))
            {
                end--;
            }

            for (int length = 0; length < end; length++)
            {
                File.WriteAllBytes(files.Path, whole.AsSpan(0, length).ToArray());
                var error = Assert.Throws<CheckpointException>(() => files.Read());
                Assert.Equal(CheckpointErrorKind.Corrupt, error.Kind);
            }
        }

        [Fact]
        public void AJournalCutAtAnyByte_ReadsTheWholeRecordsBeforeTheCut()
        {
            using var files = new CheckpointFiles();
            WriteRealCheckpoint(files);
            var journal = files.JournalBytes();
            for (int length = 0; length <= journal.Length; length++)
            {
                File.WriteAllBytes(files.Journal, journal.AsSpan(0, length).ToArray());
                var state = files.Read(); // a torn last line is a write that did not finish: left out, never an error
                int wholeLines = 0;
                for (int i = 0; i < length; i++)
                {
                    wholeLines += journal[i] == (byte)'\n' ? 1 : 0;
                }

                Assert.Equal(wholeLines, state.LastSequence);
            }
        }

        [Theory]
        [InlineData(7, 600)]
        public void ScrambledCheckpoints_AreReadOrRefusedAsCorruptNeverAnythingElse(int seed, int count)
        {
            using var files = new CheckpointFiles();
            WriteRealCheckpoint(files);
            var snapshot = File.ReadAllBytes(files.Path);
            var journal = files.JournalBytes();
            var random = new Random(seed);
            var specials = new[] { "\"", "{", "}", "[", "]", ",", ":", "-1", "1e999", "null", "true", "\"$type\"", "\"$hashtable\"", "\"$$x\"", "\\u0000", "\n" };
            int refused = 0;
            for (int i = 0; i < count; i++)
            {
                bool inJournal = random.Next(2) == 0;
                var bytes = (inJournal ? journal : snapshot).AsSpan().ToArray();
                var text = new StringBuilder(Encoding.UTF8.GetString(bytes));
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    int at = random.Next(text.Length + 1);
                    switch (random.Next(3))
                    {
                        case 0:
                            if (at < text.Length)
                            {
                                text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(8)));
                            }

                            break;
                        case 1:
                            text.Insert(at, specials[random.Next(specials.Length)]);
                            break;
                        default:
                            text.Insert(at, (char)random.Next(0, 0x800));
                            break;
                    }
                }

                File.WriteAllBytes(files.Path, inJournal ? snapshot : Encoding.UTF8.GetBytes(text.ToString()));
                File.WriteAllBytes(files.Journal, inJournal ? Encoding.UTF8.GetBytes(text.ToString()) : journal);
                try
                {
                    var state = files.Read();
                    foreach (var node in state.Nodes)
                    {
                        node.RestoreOutput(); // checked by the reader already; must not throw now
                    }
                }
                catch (CheckpointException error)
                {
                    Assert.Equal(CheckpointErrorKind.Corrupt, error.Kind);
                    refused++;
                }
            }

            output.WriteLine($"Checkpoint fuzz (seed {seed}): {count} tried, {count} passed, {refused} refused as corrupt.");
            Assert.InRange(refused, 1, count - 1);
        }

        [Theory]
        [InlineData("[\"$(Remove-Item -Recurse /)\", \"{ Remove-Item x }\"]")]
        [InlineData("[\"<Objs Version=\\\"1.1.0.1\\\"><Obj RefId=\\\"0\\\"><TN RefId=\\\"0\\\"><T>System.Diagnostics.Process</T></TN></Obj></Objs>\"]")]
        public void CodeAndSerializedObjectsInOutputs_AreStrings(string outputJson)
        {
            using var files = new CheckpointFiles();
            WriteRealCheckpoint(files);
            var text = File.ReadAllText(files.Journal);
            var start = text.IndexOf("\"output\":", StringComparison.Ordinal) + "\"output\":".Length;
            var end = text.IndexOf('\n', start);
            var recordEnd = text.LastIndexOf('}', end);
            File.WriteAllText(files.Journal, text.Substring(0, start) + outputJson + text.Substring(recordEnd));

            var restored = files.Read().Nodes["a"]!.RestoreOutput();

            Assert.All(restored, value => Assert.IsType<string>(value));
            Assert.Equal(2 - (outputJson.Contains("Objs") ? 1 : 0), restored.Length);
        }
    }
}
