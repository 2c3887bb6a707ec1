using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The journal's growing end as a shared mapping of space reserved ahead: an append is a copy into the OS's page
    /// cache instead of a write system call, and is with the OS once copied, so a killed process loses none of it (the
    /// same promise as a write). Used on Linux without fsync, where a write call per scheduler turn was most of what the
    /// journal cost a run of short nodes.
    /// </summary>
    /// <remarks>
    /// Reserved space is zeros until records fill it: readers stop at the first zero byte (no record holds one: JSON
    /// escapes control characters), and <see cref="Close"/> cuts the file back to its records. Space is reserved by
    /// writing zeros, never by a sparse extension, so a full disk fails that write with an <see cref="IOException"/>;
    /// storing into an unbacked page of a sparse file would kill the process instead (SIGBUS).
    /// </remarks>
    internal sealed class JournalMapping : IDisposable
    {
        /// <summary>The first reservation. <value>64 KB.</value></summary>
        internal const int FirstReservation = 64 * 1024;

        /// <summary>Each reservation doubles the reserved space, but adds at most this much. <value>4 MB.</value></summary>
        internal const int LargestReservation = 4 * 1024 * 1024;

        private static readonly byte[] Zeros = new byte[FirstReservation];

        private readonly FileStream stream;
        private readonly Func<FileStream, long, MemoryMappedFile> mapFile;
        private MemoryMappedFile? map;
        private MemoryMappedViewAccessor? view;
        private long capacity;

        private JournalMapping(FileStream stream, Func<FileStream, long, MemoryMappedFile> mapFile)
        {
            this.stream = stream;
            this.mapFile = mapFile;
        }

        /// <summary>Bytes reserved in the file: its records, then zeros.</summary>
        internal long Capacity => capacity;

        /// <summary>
        /// Whether appends go through a mapping: on Linux, without fsync (a disk flush per commit would cost far more
        /// than the write it replaces). Elsewhere appends are writes: other systems are not tested with the mapping.
        /// </summary>
        public static bool Suits(bool fsync) => !fsync && RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>A mapping of <paramref name="stream"/>'s end; the stream must be readable and writable, and empty or cut back first (<see cref="Reset"/>).</summary>
        /// <param name="mapFile">Maps the file's first bytes; a test passes one that refuses, as some file systems do.</param>
        public static JournalMapping Over(FileStream stream, Func<FileStream, long, MemoryMappedFile>? mapFile = null)
            => new JournalMapping(stream, mapFile ?? MapFile);

        /// <summary>
        /// Copies the first <paramref name="count"/> bytes of <paramref name="bytes"/> to offset <paramref name="at"/>,
        /// reserving space first when they do not fit. False when the file system refuses a shared mapping (some network
        /// and FUSE file systems): nothing was copied, the file is cut back to <paramref name="at"/>, and the caller writes instead.
        /// </summary>
        /// <exception cref="IOException">Space could not be reserved (disk full); the file's records are as they were.</exception>
        public bool TryWrite(long at, byte[] bytes, int count)
        {
            if (count == 0)
            {
                return true;
            }

            if (at + count > capacity || view == null)
            {
                Reserve(at + count);
                if (!TryMap())
                {
                    GiveUp(at);
                    return false;
                }
            }

            view!.WriteArray(at, bytes, 0, count);
            return true;
        }

        /// <summary>The file was cut to nothing: the next write reserves from its start.</summary>
        public void Reset()
        {
            Unmap();
            capacity = 0;
        }

        /// <summary>Unmaps and cuts the file back to <paramref name="recordsEnd"/>, so a run that ended leaves no zeros.</summary>
        public void Close(long recordsEnd)
        {
            Unmap();
            if (capacity > recordsEnd)
            {
                stream.SetLength(recordsEnd);
                capacity = recordsEnd;
            }
        }

        public void Dispose() => Unmap();

        private void Reserve(long needed)
        {
            Unmap();
            long reserved = capacity;
            long target = capacity;
            while (target < needed)
            {
                target += Math.Max(FirstReservation, Math.Min(LargestReservation, target));
            }

            try
            {
                stream.Position = reserved;
                while (reserved < target)
                {
                    int chunk = (int)Math.Min(Zeros.Length, target - reserved);
                    stream.Write(Zeros, 0, chunk);
                    reserved += chunk;
                }

                stream.Flush();
                capacity = target;
            }
            catch (IOException)
            {
                TryCutBack();
                throw;
            }
        }

        /// <summary>The file system refused the mapping: drop the reservation, so the writes that follow start at the records' end.</summary>
        private void GiveUp(long recordsEnd)
        {
            Unmap();
            capacity = recordsEnd;
            TryCutBack();
        }

        private void TryCutBack()
        {
            try
            {
                stream.SetLength(capacity);
            }
            catch (IOException)
            {
                // Zeros past the reserved space are harmless: readers stop at the first zero byte.
            }
        }

        private static MemoryMappedFile MapFile(FileStream stream, long capacity)
            => MemoryMappedFile.CreateFromFile(stream, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);

        private bool TryMap()
        {
            try
            {
                map = mapFile(stream, capacity);
                view = map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                Unmap();
                return false;
            }
        }

        private void Unmap()
        {
            // Closing the view's handle first unmaps it without the synchronous msync the accessor's Dispose makes,
            // which wrote the dirty pages to the disk on the scheduler's thread: the OS writes them back as it would a write's.
            view?.SafeMemoryMappedViewHandle.Dispose();
            view?.Dispose();
            view = null;
            map?.Dispose();
            map = null;
        }
    }
}
