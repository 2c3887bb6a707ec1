using System;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// When a <see cref="CheckpointWriter"/> rewrites its snapshot mid-run, and what its snapshots came to. A snapshot is due
    /// once the journal has grown past max(<see cref="MinimumJournalBytes"/>, <see cref="JournalToSnapshot"/> × the last
    /// snapshot's size): each rewrite is paid for by at least that many journal bytes, so the cost per record stays O(1)
    /// however many nodes run. After one that could not be written (a full disk: it needs room for a whole copy), the next
    /// is due only once the journal has doubled, so a full disk does not cost a whole snapshot's writing every turn.
    /// </summary>
    internal sealed class SnapshotSchedule
    {
        /// <summary>The journal never makes a snapshot due before it holds this many bytes. <value>64 KB.</value></summary>
        internal const long MinimumJournalBytes = 64 * 1024;

        /// <summary>
        /// How many times the last snapshot's size the journal may grow to before a new snapshot absorbs it. Each
        /// rewrite is then paid for by this many journal bytes; a reader (Resume-Dag, Get-DagCheckpoint) reads at most
        /// this many more. <value>4.</value>
        /// </summary>
        internal const int JournalToSnapshot = 4;

        private long lastSize;
        private long deferredUntil;

        /// <summary>How many snapshots were written.</summary>
        public int Writes { get; private set; }

        /// <summary>The bytes of all snapshots written.</summary>
        public long Bytes { get; private set; }

        /// <summary>Why the last snapshot could not be written, when the last try failed; null once one is written.</summary>
        public Exception? Failure { get; private set; }

        /// <summary>True when a journal of <paramref name="journalLength"/> bytes should be absorbed into a new snapshot.</summary>
        public bool IsDue(long journalLength)
            => journalLength > Math.Max(Math.Max(MinimumJournalBytes, JournalToSnapshot * lastSize), deferredUntil);

        /// <summary>A snapshot of <paramref name="size"/> bytes was written.</summary>
        public void Written(long size)
        {
            lastSize = size;
            deferredUntil = 0;
            Writes++;
            Bytes += size;
            Failure = null;
        }

        /// <summary>A snapshot could not be written while the journal held <paramref name="journalLength"/> bytes.</summary>
        public void Failed(Exception failure, long journalLength)
        {
            Failure = failure;
            deferredUntil = 2 * journalLength;
        }
    }
}
