using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The checkpoint's journal, <c>&lt;path&gt;.journal</c>: one JSON record per line, appended as the run goes.
    /// Each record is one write, flushed before <see cref="Append"/> returns, so it is with the OS (and with
    /// <c>fsync</c> on the disk) before the scheduler starts anything that depends on it.
    /// </summary>
    /// <remarks>
    /// The handle is opened for writing at the end rather than in append mode, so a failed write (disk full) can be
    /// cut back to the last whole record: a later record must never follow half a line, which readers would take
    /// for corruption.
    /// </remarks>
    internal sealed class JournalFile : IDisposable
    {
        private readonly FileStream stream;
        private readonly bool fsync;

        private JournalFile(FileStream stream, bool fsync)
        {
            this.stream = stream;
            this.fsync = fsync;
            Length = stream.Seek(0, SeekOrigin.End);
        }

        public static string PathOf(string checkpointPath) => checkpointPath + ".journal";

        /// <summary>Bytes of whole records in the file.</summary>
        public long Length { get; private set; }

        /// <summary>How many appends succeeded: each is one write and one flush (with fsync, one disk flush).</summary>
        public int Writes { get; private set; }

        /// <summary>A failed write left bytes that could not be cut back; truncate (after a snapshot) before the next append.</summary>
        public bool Damaged { get; private set; }

        public static JournalFile Open(string checkpointPath, bool fsync)
            => new JournalFile(
                new FileStream(PathOf(checkpointPath), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1),
                fsync);

        /// <summary>Appends the first <paramref name="count"/> bytes of <paramref name="lines"/>: whole records, in one write and one flush.</summary>
        /// <exception cref="IOException">The records could not be written; the file is as it was before.</exception>
        public void Append(byte[] lines, int count)
        {
            try
            {
                stream.Write(lines, 0, count);
                stream.Flush(flushToDisk: fsync);
                Length += count;
                Writes++;
            }
            catch (IOException)
            {
                TryCutBack();
                throw;
            }
        }

        public void Truncate()
        {
            stream.SetLength(0);
            stream.Position = 0;
            stream.Flush(flushToDisk: fsync);
            Length = 0;
            Damaged = false;
        }

        public void Dispose() => stream.Dispose();

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

            int start = 0;
            int lineNumber = 0;
            while (true)
            {
                int end = Array.IndexOf(bytes, (byte)'\n', start);
                if (end < 0)
                {
                    return records; // nothing, or a last line without its newline: torn, ignored
                }

                lineNumber++;
                bool isLast = end == bytes.Length - 1;
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
