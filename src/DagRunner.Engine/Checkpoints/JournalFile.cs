using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Text.Json;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The checkpoint's journal, <c>&lt;path&gt;.journal</c>: one JSON record per line, appended as the run goes.
    /// Each append is with the OS (and with <c>fsync</c> on the disk) before <see cref="Append"/> returns, so before
    /// the scheduler starts anything that depends on it: on Linux without fsync it is copied into a shared mapping of
    /// space reserved ahead (<see cref="JournalMapping"/>), elsewhere it is one write, flushed.
    /// </summary>
    /// <remarks>
    /// The handle is opened for writing at the end rather than in append mode, so a failed write (disk full) can be
    /// cut back to the last whole record: a later record must never follow half a line, which readers would take
    /// for corruption. A journal may end in zeros (space reserved by a run that is going on, or was killed): readers
    /// stop at the first zero byte.
    /// </remarks>
    internal sealed class JournalFile : IDisposable
    {
        private readonly FileStream stream;
        private readonly bool fsync;
        private JournalMapping? mapping;

        private JournalFile(FileStream stream, bool fsync, JournalMapping? mapping)
        {
            this.stream = stream;
            this.fsync = fsync;
            this.mapping = mapping;
            Length = stream.Seek(0, SeekOrigin.End);
        }

        public static string PathOf(string checkpointPath) => checkpointPath + ".journal";

        /// <summary>Bytes of whole records in the file.</summary>
        public long Length { get; private set; }

        /// <summary>How many appends succeeded: each is one write and one flush (with fsync, one disk flush), or one copy into the mapping.</summary>
        public int Writes { get; private set; }

        /// <summary>A failed write left bytes that could not be cut back; truncate (after a snapshot) before the next append.</summary>
        public bool Damaged { get; private set; }

        /// <summary>Opens the journal of <paramref name="checkpointPath"/>; the caller truncates it (<see cref="Truncate"/>) before its first append.</summary>
        /// <param name="mapFile">For tests: how the mapping maps the file (<see cref="JournalMapping.Over"/>).</param>
        public static JournalFile Open(string checkpointPath, bool fsync, Func<FileStream, long, MemoryMappedFile>? mapFile = null)
        {
            bool mapped = JournalMapping.Suits(fsync);
            var stream = new FileStream(PathOf(checkpointPath), FileMode.OpenOrCreate, mapped ? FileAccess.ReadWrite : FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1);
            return new JournalFile(stream, fsync, mapped ? JournalMapping.Over(stream, mapFile) : null);
        }

        /// <summary>Whether appends are copies into a mapping rather than writes (<see cref="JournalMapping.Suits"/>).</summary>
        internal bool Mapped => mapping != null;

        /// <summary>Appends the first <paramref name="count"/> bytes of <paramref name="lines"/>: whole records, in one write and one flush, or one copy.</summary>
        /// <exception cref="IOException">The records could not be written; the file is as it was before.</exception>
        public void Append(byte[] lines, int count)
        {
            try
            {
                if (mapping != null && !mapping.TryWrite(Length, lines, count))
                {
                    // Its file system refuses shared mappings: write from here on, after the records.
                    mapping.Dispose();
                    mapping = null;
                    stream.Position = Length;
                }

                if (mapping == null)
                {
                    stream.Write(lines, 0, count);
                    stream.Flush(flushToDisk: fsync);
                }

                Length += count;
                Writes++;
            }
            catch (IOException)
            {
                // A mapping cuts back its own reservation; cutting the file under its pages would fault the next copy.
                if (mapping == null)
                {
                    TryCutBack();
                }

                throw;
            }
        }

        public void Truncate()
        {
            mapping?.Reset();
            stream.SetLength(0);
            stream.Position = 0;
            stream.Flush(flushToDisk: fsync);
            Length = 0;
            Damaged = false;
        }

        public void Dispose()
        {
            try
            {
                mapping?.Close(Length);
            }
            catch (IOException)
            {
                // The zeros stay: readers stop at the first one.
            }
            finally
            {
                mapping?.Dispose();
                stream.Dispose();
            }
        }

        /// <summary>
        /// The records of the journal of <paramref name="checkpointPath"/>, in file order; none when there is no journal.
        /// A last line that has no newline or does not parse is a torn write and is left out.
        /// </summary>
        /// <exception cref="FormatException">A line before the last one is not a record: the journal is corrupt.</exception>
        public static List<JournalRecord> ReadRecords(string checkpointPath)
        {
            var records = new List<JournalRecord>();
            byte[] bytes;
            try
            {
                bytes = ReadShared(PathOf(checkpointPath));
            }
            catch (FileNotFoundException)
            {
                return records;
            }

            int limit = RecordsEnd(bytes);
            int start = 0;
            int lineNumber = 0;
            while (true)
            {
                int end = start < limit ? Array.IndexOf(bytes, (byte)'\n', start, limit - start) : -1;
                if (end < 0)
                {
                    return records; // nothing, or a last line without its newline: torn, ignored
                }

                lineNumber++;
                bool isLast = end == limit - 1;
                var record = TryParse(new ReadOnlyMemory<byte>(bytes, start, end - start), out var problem);
                if (record != null)
                {
                    records.Add(record);
                }
                else if (!isLast)
                {
                    throw new FormatException($"Line {lineNumber} of the journal is not a record ({problem}), and records follow it.");
                }

                start = end + 1;
            }
        }

        private static JournalRecord? TryParse(ReadOnlyMemory<byte> line, out string problem)
        {
            try
            {
                using var document = JsonDocument.Parse(line, OutputJson.ReaderOptions);
                problem = string.Empty;
                return JournalRecord.Parse(document.RootElement);
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                problem = e.Message;
                return null;
            }
        }

        /// <summary>
        /// Where the records of a journal's <paramref name="bytes"/> end: at the first zero byte, for space a live or
        /// killed run reserved for its next records is zeros, and no record holds one; else at the end.
        /// </summary>
        internal static int RecordsEnd(byte[] bytes)
        {
            int zero = Array.IndexOf(bytes, (byte)0);
            return zero < 0 ? bytes.Length : zero;
        }

        /// <summary>Reads while the writer may still have the file open.</summary>
        internal static byte[] ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private void TryCutBack()
        {
            try
            {
                stream.SetLength(Length);
                stream.Position = Length;
            }
            catch (IOException)
            {
                // Still failing: a reader takes the half line for a torn tail as long as nothing follows it.
                Damaged = true;
            }
        }
    }
}
