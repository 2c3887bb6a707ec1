using System;
using System.IO;
using System.Text.Json;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// Reads a checkpoint: the snapshot, then the journal records it does not hold yet (same run id, higher
    /// sequence number). Returns a complete state or throws <see cref="CheckpointException"/>; it never returns
    /// part of a file.
    /// </summary>
    /// <remarks>
    /// A journal without its snapshot is reported as <see cref="CheckpointErrorKind.NotFound"/>: the journal alone
    /// does not say which workflow or nodes it belongs to, and the next Invoke-Dag replaces it. Records of another
    /// run id are left from a run whose replacement crashed before truncating the journal, and are skipped.
    /// </remarks>
    internal static class CheckpointReader
    {
        /// <summary>How often a read starts over when a writer compacted between reading the snapshot and the journal.</summary>
        private const int Attempts = 3;

        /// <summary>Reads the checkpoint of a run that is not going on now: an unfinished run reads as Interrupted.</summary>
        /// <exception cref="CheckpointException">NotFound, Corrupt or NewerFormat; nothing was applied.</exception>
        public static CheckpointState Read(string path) => Read(path, runIsLive: false);

        /// <param name="runIsLive">
        /// The checkpoint's run may still be going (its process holds the run lock; see <see cref="State.StateFolder.ReadCheckpoint"/>):
        /// an unfinished run and its unfinished nodes read as Running rather than Interrupted.
        /// </param>
        /// <exception cref="CheckpointException">NotFound, Corrupt or NewerFormat; nothing was applied.</exception>
        public static CheckpointState Read(string path, bool runIsLive)
        {
            var fullPath = Path.GetFullPath(Guard.NotNull(path));
            for (int attempt = 1; ; attempt++)
            {
                var document = ReadSnapshot(fullPath);
                if (TryReplayJournal(fullPath, document))
                {
                    var state = document.Freeze(fullPath, runIsLive);
                    CheckOutputs(state);
                    return state;
                }

                if (attempt == Attempts)
                {
                    throw CheckpointException.Corrupt(fullPath, $"its journal does not follow on from the snapshot: record {document.Sequence + 1} is missing.");
                }
            }
        }

        /// <summary>
        /// Reads the checkpoint at <paramref name="path"/> and refuses it unless a run of <paramref name="workflow"/>
        /// wrote it (same name, ignoring case: the file may have moved since).
        /// </summary>
        /// <exception cref="CheckpointException">NotFound, Corrupt, NewerFormat or ForeignWorkflow.</exception>
        public static CheckpointState Read(string path, WorkflowDefinition workflow)
        {
            Guard.NotNull(workflow);
            var state = Read(path);
            state.EnsureBelongsTo(workflow.Name);
            return state;
        }

        private static CheckpointDocument ReadSnapshot(string path)
        {
            byte[] bytes;
            try
            {
                bytes = JournalFile.ReadShared(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                var note = File.Exists(JournalFile.PathOf(path)) ? " (A journal is beside it, but without its snapshot it cannot be read; Invoke-Dag replaces it.)" : null;
                throw CheckpointException.NotFound(path, note);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw CheckpointException.Corrupt(path, $"the file cannot be opened ({e.Message}).", e);
            }

            try
            {
                using var json = JsonDocument.Parse(bytes, OutputJson.ReaderOptions);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"It holds a JSON {root.ValueKind}, not a checkpoint object.");
                }

                long format = CheckpointJson.RequiredInteger(root, "format");
                if (format > CheckpointHeader.CurrentFormatVersion)
                {
                    throw CheckpointException.NewerFormat(path, (int)Math.Min(int.MaxValue, format));
                }

                if (format < 1)
                {
                    throw new FormatException($"'format' is {format}; DagRunner checkpoints start at format 1.");
                }

                return CheckpointDocument.ReadSnapshot(root);
            }
            catch (JsonException e)
            {
                throw CheckpointException.Corrupt(path, $"it is not valid JSON ({e.Message}).", e);
            }
            catch (FormatException e)
            {
                throw CheckpointException.Corrupt(path, e.Message, e);
            }
        }

        /// <summary>
        /// Applies the journal; false when its records do not follow on from the snapshot (a writer compacted
        /// in between), so the read should start over.
        /// </summary>
        private static bool TryReplayJournal(string path, CheckpointDocument document)
        {
            try
            {
                foreach (var record in JournalFile.ReadRecords(path))
                {
                    if (!string.Equals(record.RunId, document.RunId, StringComparison.Ordinal) || record.Sequence <= document.Sequence)
                    {
                        continue; // another run's leftovers, or already in the snapshot
                    }

                    if (record.Sequence != document.Sequence + 1)
                    {
                        return false;
                    }

                    document.Apply(record);
                }

                return true;
            }
            catch (FormatException e)
            {
                throw CheckpointException.Corrupt(path, $"{e.Message} ({JournalFile.PathOf(path)})", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw CheckpointException.Corrupt(path, $"its journal cannot be read ({e.Message}).", e);
            }
        }

        /// <summary>Restores every output once, so a bad value is refused now rather than half-way through a resumed run.</summary>
        private static void CheckOutputs(CheckpointState state)
        {
            foreach (var node in state.Nodes)
            {
                try
                {
                    node.RestoreOutput();
                }
                catch (FormatException e)
                {
                    throw CheckpointException.Corrupt(state.Path, $"the output of node '{node.Name}' is not valid: {e.Message}.", e);
                }
            }
        }
    }
}
