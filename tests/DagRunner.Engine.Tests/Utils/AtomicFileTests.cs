using System;
using System.IO;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Utils;
using Xunit;

namespace DagRunner.Engine.Tests.Utils
{
    /// <summary>Every state file is replaced whole, and a failed write leaves the old file and no temporary file.</summary>
    public class AtomicFileTests : IDisposable
    {
        private readonly TempDirectory folder = new TempDirectory();

        public void Dispose() => folder.Dispose();

        [Fact]
        public void AWriteThatThrows_LeavesTheOldFile_AndNoTemporaryFile()
        {
            var path = Path.Combine(folder.Path, "state.json");
            File.WriteAllText(path, "old");

            Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
            {
                stream.WriteByte((byte)'n');
                throw new IOException("No space left on device");
            }));

            Assert.Equal("old", File.ReadAllText(path));
            Assert.False(File.Exists(AtomicFile.TempPath(path)));
        }

        [Fact]
        public void AWrite_ReplacesTheFileWhole_AndCreatesItsFolder()
        {
            var path = Path.Combine(folder.Path, "new", "state.json");

            var size = AtomicFile.Write(path, stream => stream.Write(new byte[] { 1, 2, 3 }, 0, 3));
            AtomicFile.Write(path, stream => stream.WriteByte(9));

            Assert.Equal(3, size);
            Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
            Assert.False(File.Exists(AtomicFile.TempPath(path)));
        }

        [Fact]
        public void HistoryThatCannotBeRenamedIntoPlace_LeavesNoTemporaryFile()
        {
            // A folder where the file should be: the content is written, the rename fails.
            var path = Path.Combine(folder.Path, "w.history.json");
            Directory.CreateDirectory(path);
            var history = RunHistory.Empty();

            Assert.ThrowsAny<Exception>(() => history.Save(path, "w"));

            Assert.False(File.Exists(path + ".tmp"));
        }

        [Fact]
        public void IncrementalStateThatCannotBeRenamedIntoPlace_LeavesNoTemporaryFile()
        {
            var source = Path.Combine(folder.Path, "source.json");
            File.WriteAllText(source, "{\"format\":1,\"nodes\":{\"a\":{\"definition\":\"d\",\"inputs\":\"i\",\"needs\":\"n\",\"output\":[]}}}");
            var state = IncrementalState.Load(source);
            state.Record(new Results.NodeResult("b") { Status = Results.NodeStatus.Succeeded }, new Fingerprint("d", "i", "n", true));
            var path = Path.Combine(folder.Path, "w.incremental.json");
            Directory.CreateDirectory(path);

            Assert.ThrowsAny<Exception>(() => state.SaveIfChanged(path));

            Assert.False(File.Exists(path + ".tmp"));
        }
    }
}
