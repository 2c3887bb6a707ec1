using System;
using System.Collections.Generic;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Records a run into its checkpoint through a <see cref="CheckpointWriter"/>, each node with its definition hash.
    /// Records are grouped (<see cref="CheckpointWriter.GroupRecords"/>): the scheduler commits once per turn, so the
    /// completions it drained in one turn cost one journal write. A write that fails once the run has begun throws
    /// <see cref="CheckpointWriteException"/>, which stops the run.
    /// </summary>
    internal sealed class CheckpointRecorder : IRunRecorder, IDisposable
    {
        private readonly CheckpointWriter writer;
        private readonly IReadOnlyDictionary<string, string> hashes;
        private readonly IReadOnlyDictionary<string, object?> variables;

        public CheckpointRecorder(CheckpointWriter writer, IReadOnlyDictionary<string, string> hashes, IReadOnlyDictionary<string, object?> variables)
        {
            this.writer = writer;
            this.hashes = hashes;
            this.variables = variables;
            writer.GroupRecords();
        }

        // Records are grouped, so only these write: the turn's commit, invalidates: (which commits first) and the run's end.
        public void NodeStarted(NodeDefinition node, int attempt, DateTime time) => writer.NodeStarted(node.Id, attempt, time);

        public IReadOnlyList<string> NodeFinished(NodeResult result, NodeDefinition node) => writer.NodeFinished(result, DefinitionHash.Of(node, hashes, variables));

        public IReadOnlyList<string> Invalidate(NodeDefinition node, IReadOnlyList<string> targets)
        {
            try
            {
                return writer.Invalidate(node.Id, targets);
            }
            catch (Exception ex) when (CheckpointWriteException.IsWriteFailure(ex))
            {
                throw new CheckpointWriteException(writer.Path, ex);
            }
        }

        public void Commit()
        {
            try
            {
                writer.Commit();
            }
            catch (Exception ex) when (CheckpointWriteException.IsWriteFailure(ex))
            {
                throw new CheckpointWriteException(writer.Path, ex);
            }
        }

        public void RunFinished(DagRunResult result)
        {
            try
            {
                writer.RunFinished(result.Status, result.EndTime);
            }
            catch (Exception ex) when (CheckpointWriteException.IsWriteFailure(ex))
            {
                throw new CheckpointWriteException(writer.Path, ex);
            }
        }

        /// <summary>Why the last snapshot could not be written (<see cref="CheckpointWriter.SnapshotFailure"/>); null when it was.</summary>
        public Exception? SnapshotFailure => writer.SnapshotFailure;

        public void Dispose() => writer.Dispose();
    }
}
