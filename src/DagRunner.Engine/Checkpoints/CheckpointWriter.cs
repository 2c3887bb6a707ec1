using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Records a run as it goes: a journal line per event, and now and then a fresh snapshot that absorbs the
    /// journal. Every call returns after its record is handed to the OS (and, with fsync, to the disk), so the
    /// scheduler may start a node's dependents as soon as <see cref="NodeFinished"/> returns; after
    /// <see cref="GroupRecords"/>, records wait in memory until <see cref="Commit"/> writes them all at once.
    /// </summary>
    /// <remarks>
    /// The snapshot is rewritten when the run starts, when it finishes, and when the journal has grown enough
    /// (<see cref="SnapshotSchedule"/>: the cost per record stays O(1) however many nodes run). Calls are serialized with a lock. Values a
    /// node outputs never make a call throw; failing I/O (disk full, folder not writable) throws <see cref="IOException"/>
    /// (or <see cref="UnauthorizedAccessException"/>), and what was recorded before stays readable. A snapshot that
    /// cannot be rewritten once the run is under way (a full disk: it needs room for a whole copy) throws nothing: the
    /// journal holds every record and readers read it, so the run goes on until a record itself cannot be written
    /// (<see cref="SnapshotFailure"/>).
    /// </remarks>
    internal sealed class CheckpointWriter : IDisposable
    {
        /// <summary>The line buffer is kept between commits up to this size. <value>1 MB.</value></summary>
        private const int KeptLineBuffer = 1024 * 1024;

        private readonly object gate = new object();
        private readonly CheckpointDocument document;
        private readonly JournalFile journal;
        private readonly bool fsync;
        private readonly List<JournalRecord> pending = new List<JournalRecord>();
        private readonly SnapshotSchedule snapshots = new SnapshotSchedule();

        // One buffer and one JSON writer for every commit: a turn's records are small, and a commit runs every turn.
        private MemoryStream lines = new MemoryStream();
        private System.Text.Json.Utf8JsonWriter lineWriter;
        private bool grouping;
        private bool disposed;

        private CheckpointWriter(string path, CheckpointDocument document, JournalFile journal, bool fsync)
        {
            Path = path;
            this.document = document;
            this.journal = journal;
            this.fsync = fsync;
            lineWriter = new System.Text.Json.Utf8JsonWriter(lines, OutputJson.WriterOptions);
        }

        /// <summary>The checkpoint (snapshot) file; the journal is beside it with <c>.journal</c> added.</summary>
        public string Path { get; }

        /// <summary>How many snapshots this writer has written.</summary>
        internal int SnapshotWrites => snapshots.Writes;

        /// <summary>The bytes of all snapshots this writer has written.</summary>
        internal long SnapshotBytes => snapshots.Bytes;

        /// <summary>The journal's size now, in bytes.</summary>
        internal long JournalLength => journal.Length;

        /// <summary>How many writes (each followed by one flush, and with fsync one disk flush) the journal has had.</summary>
        internal int JournalWrites => journal.Writes;

        /// <summary>
        /// Why the last snapshot could not be written, when the last try failed (null once one succeeds): the records since
        /// the snapshot before are in the journal, which readers read with it.
        /// </summary>
        public Exception? SnapshotFailure => snapshots.Failure;

        /// <summary>
        /// Group commit: from now on each call only queues its record, and <see cref="Commit"/> appends every queued
        /// record to the journal in one write and one flush. The scheduler commits once per turn, before it starts any
        /// node, so a need's record is still on disk before its dependents start; a crash loses at most the records
        /// of the turn it cut, which are those of nodes no dependent has seen yet.
        /// </summary>
        public void GroupRecords()
        {
            lock (gate)
            {
                grouping = true;
            }
        }

        /// <summary>Writes the queued records (<see cref="GroupRecords"/>) in one journal append; nothing when none is queued.</summary>
        /// <exception cref="IOException">The records could not be written; the journal is as it was before them.</exception>
        public void Commit()
        {
            lock (gate)
            {
                WritePending();
            }
        }

        /// <summary>Starts the checkpoint of a new run, replacing any checkpoint and journal at <paramref name="path"/>.</summary>
        /// <param name="fsync">Flush every record to the disk (<c>checkpoint: { fsync: true }</c>): survives power loss, costs a disk flush per record.</param>
        public static CheckpointWriter StartNew(string path, CheckpointHeader header, bool fsync)
        {
            Guard.NotNull(header);
            var fullPath = Prepare(path);
            var journal = JournalFile.Open(fullPath, fsync);
            try
            {
                // Old records first: a crash before the new snapshot lands leaves the old run without its tail, never mixed with the new one.
                journal.Truncate();
                var writer = new CheckpointWriter(fullPath, CheckpointDocument.From(header), journal, fsync);
                writer.Compact();
                return writer;
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Goes on recording the run <paramref name="state"/> was read from (Resume-Dag): same run id, the next
        /// session number, every node record kept until the node runs again.
        /// </summary>
        /// <param name="workflowHash">The workflow's hash now, when the resumed workflow changed; null keeps the checkpoint's.</param>
        /// <param name="utcOffset">The UTC offset of this session's clock, which the times it records are in.</param>
        public static CheckpointWriter Continue(string path, CheckpointState state, bool fsync, string? workflowHash = null, TimeSpan? utcOffset = null)
        {
            Guard.NotNull(state);
            var fullPath = Prepare(path);
            var document = CheckpointDocument.From(state);
            document.Session = state.Session + 1;
            document.Status = null;
            document.EndTime = null;
            document.WorkflowHash = workflowHash ?? document.WorkflowHash;
            document.UtcOffset = state.UtcOffset;
            if (utcOffset is TimeSpan now)
            {
                document.MoveTo(now); // what it restores, into the offset this session's times are in
            }
            var journal = JournalFile.Open(fullPath, fsync);
            try
            {
                var writer = new CheckpointWriter(fullPath, document, journal, fsync);
                writer.Compact(); // also drops a torn tail the last session left
                return writer;
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }

        /// <summary>Records that attempt <paramref name="attempt"/> (1-based) of <paramref name="node"/> started.</summary>
        public void NodeStarted(string node, int attempt, DateTime time)
        {
            Guard.NotNull(node);
            lock (gate)
            {
                Record(JournalRecord.NodeStarted(NextSequence, document.RunId, node, attempt, time));
            }
        }

        /// <summary>
        /// Records how <paramref name="result"/>'s node ended, its output included. Returns one warning per output
        /// value stored as its string form (a type JSON cannot hold, or nested too deep); empty when all is data.
        /// </summary>
        /// <param name="definitionHash">The node's <see cref="DefinitionHash.ForNode"/> in this run.</param>
        public IReadOnlyList<string> NodeFinished(NodeResult result, string definitionHash)
        {
            Guard.NotNull(result);
            Guard.NotNull(definitionHash);
            var warnings = new List<string>();
            var entry = new NodeEntry(result.Name)
            {
                DefinitionHash = definitionHash,
                Status = result.Status,
                Reason = result.Reason,
                Attempts = result.Attempts,
                StartTime = result.StartTime,
                EndTime = result.EndTime,
                ErrorMessage = result.ErrorMessage,
                Host = result.Host,
                OutputJson = OutputJson.Serialize(result.OutputList, result.Name, warnings),
                Inputs = result.Inputs, // what its inputs: held when it ran, for the next resume to compare
            };

            lock (gate)
            {
                Record(JournalRecord.NodeFinished(NextSequence, document.RunId, entry));
            }

            return warnings;
        }

        /// <summary>
        /// <c>invalidates:</c>: voids the recorded successes of <paramref name="nodes"/> and of their foreach instances
        /// (<c>node[key]</c>), because <paramref name="invalidator"/> started and undoes them. Each becomes NotRun
        /// (Invalidated), without output, so a resume runs it again. Returns the names voided.
        /// </summary>
        public IReadOnlyList<string> Invalidate(string invalidator, IEnumerable<string> nodes)
        {
            Guard.NotNull(invalidator);
            var targets = new HashSet<string>(Guard.NotNull(nodes), StringComparer.OrdinalIgnoreCase);
            lock (gate)
            {
                WritePending(); // the document must hold this turn's successes before they can be voided
                var voided = document.Nodes
                    .Where(n => n.Status == NodeStatus.Succeeded && !n.Running && (targets.Contains(n.Name) || targets.Contains(InstanceId.GroupOf(n.Name))))
                    .Select(n => n.Invalidated(invalidator))
                    .ToList();
                foreach (var entry in voided)
                {
                    Record(JournalRecord.NodeFinished(NextSequence, document.RunId, entry));
                }

                return voided.Select(e => e.Name).ToList();
            }
        }

        /// <summary>Records how the run ended and writes the final snapshot.</summary>
        public void RunFinished(DagRunStatus status, DateTime endTime)
        {
            lock (gate)
            {
                Record(JournalRecord.RunFinished(NextSequence, document.RunId, status, endTime));
                WritePending();
                TryCompact();
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (!disposed)
                {
                    disposed = true;
                    journal.Dispose();
                    lineWriter.Dispose();
                }
            }
        }

        private static string Prepare(string path)
        {
            var fullPath = System.IO.Path.GetFullPath(Guard.NotNull(path));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
            return fullPath;
        }

        /// <summary>The sequence number of the next record: after the document's and the queued ones.</summary>
        private long NextSequence => document.Sequence + pending.Count + 1;

        private void Record(JournalRecord record)
        {
            if (disposed)
            {
                throw new ObjectDisposedException(nameof(CheckpointWriter));
            }

            pending.Add(record);
            if (!grouping)
            {
                WritePending();
            }
        }

        /// <summary>Disk first, memory second: the document never holds what the files do not.</summary>
        private void WritePending()
        {
            if (pending.Count == 0)
            {
                return;
            }

            try
            {
                if (disposed)
                {
                    throw new ObjectDisposedException(nameof(CheckpointWriter));
                }

                if (journal.Damaged)
                {
                    Compact();
                }

                lines.SetLength(0);
                foreach (var record in pending)
                {
                    record.WriteLine(lineWriter, lines, document.UtcOffset);
                }

                journal.Append(lines.GetBuffer(), (int)lines.Length);
                if (lines.Capacity > KeptLineBuffer)
                {
                    // A large output grew them: let that memory go rather than hold it for the rest of the run.
                    lineWriter.Dispose();
                    lines = new MemoryStream();
                    lineWriter = new System.Text.Json.Utf8JsonWriter(lines, OutputJson.WriterOptions);
                }

                foreach (var record in pending)
                {
                    document.Apply(record);
                }
            }
            finally
            {
                pending.Clear(); // written, or failed as a whole: never written twice
            }

            if (snapshots.IsDue(journal.Length))
            {
                TryCompact();
            }
        }

        /// <summary>A snapshot once the run is under way: on failure the journal, which holds every record, stays as it is.</summary>
        private void TryCompact()
        {
            try
            {
                Compact();
            }
            catch (Exception ex) when (CheckpointWriteException.IsWriteFailure(ex))
            {
                snapshots.Failed(ex, journal.Length);
            }
        }

        /// <summary>
        /// Snapshot, then truncate the journal. A crash in between is harmless: the journal's records all have
        /// sequence numbers the new snapshot already holds, and readers skip those.
        /// </summary>
        private void Compact()
        {
            snapshots.Written(AtomicFile.Write(Path, document.WriteSnapshot, fsync));
            journal.Truncate();
        }
    }
}
