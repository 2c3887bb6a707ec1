using System;
using System.IO;

namespace DagRunner.Engine.Utils
{
    /// <summary>
    /// Replaces a file whole: the new content goes to <c>&lt;path&gt;.tmp</c>, is flushed, then renamed over
    /// <c>&lt;path&gt;</c>. A crash leaves the old file or the new one, never a mix. When the write or the rename
    /// fails, the temporary file is deleted and the old file is untouched. Every state file (the checkpoint's
    /// snapshot, the run history, the incremental state, the lock's holder) is written through here.
    /// </summary>
    internal static class AtomicFile
    {
        private const int BufferSize = 64 * 1024;

        public static string TempPath(string path) => path + ".tmp";

        /// <summary>Writes what <paramref name="write"/> puts in the stream and returns the file's size in bytes.</summary>
        /// <param name="fsync">Flush to the disk before the rename, not only to the OS, so the new file survives power loss.</param>
        /// <exception cref="IOException">The disk is full, the folder is not writable, or the rename failed; the old file is intact.</exception>
        /// <exception cref="UnauthorizedAccessException">The folder or the file may not be written; the old file is intact.</exception>
        public static long Write(string path, Action<Stream> write, bool fsync = false)
        {
            var temp = TempPath(path);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                long size;
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
                {
                    write(stream);
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

        /// <summary>Deletes <paramref name="path"/> if it is there; false when it could not be deleted.</summary>
        public static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A leftover .tmp is harmless: it is never read and the next write replaces it.
                return false;
            }
        }

        /// <summary>
        /// rename(2) on Unix, which replaces the target atomically (File.Replace is a rename there); ReplaceFile on
        /// Windows. File.Replace needs an existing target, so the first write is a plain move.
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
    }
}
