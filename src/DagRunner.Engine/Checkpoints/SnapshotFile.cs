using System;
using System.IO;

namespace DagRunner.Checkpoints
{
    /// <summary>
    /// Replaces the snapshot atomically: the full document goes to <c>&lt;path&gt;.tmp</c>, is flushed, then renamed
    /// over <c>&lt;path&gt;</c>. A crash leaves the old snapshot or the new one, never a mix; a stale <c>.tmp</c> is
    /// overwritten next time and never read.
    /// </summary>
    internal static class SnapshotFile
    {
        private const int BufferSize = 64 * 1024;

        public static string TempPath(string path) => path + ".tmp";

        /// <summary>Writes <paramref name="document"/> and returns the snapshot's size in bytes.</summary>
        /// <param name="fsync">Flush to the disk before the rename, not only to the OS, so the new file survives power loss.</param>
        /// <exception cref="IOException">The disk is full, the folder is not writable, or the rename failed; the old snapshot is intact.</exception>
        public static long Write(string path, CheckpointDocument document, bool fsync)
        {
            var temp = TempPath(path);
            try
            {
                long size;
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
                {
                    document.WriteSnapshot(stream);
                    stream.Flush(flushToDisk: fsync);
                    size = stream.Length;
                }

                ReplaceWith(temp, path);
                return size;
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>
        /// rename(2) on Unix, which replaces the target atomically (File.Replace is a rename there); ReplaceFile on
        /// Windows. File.Replace needs an existing target, so the first snapshot is a plain move.
        /// </summary>
        private static void ReplaceWith(string temp, string path)
        {
            if (File.Exists(path))
            {
                File.Replace(temp, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(temp, path);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A leftover .tmp is harmless: it is never read and the next write replaces it.
            }
        }
    }
}
