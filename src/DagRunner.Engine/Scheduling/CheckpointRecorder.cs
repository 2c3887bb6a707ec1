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
    /// completions it drained in one turn cost one journal write.
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

        public void NodeStarted(NodeDefinition node, int attempt, DateTime time) => writer.NodeStarted(node.Id, attempt, time);

        public IReadOnlyList<string> NodeFinished(NodeResult result, NodeDefinition node) => writer.NodeFinished(result, DefinitionHash.Of(node, hashes, variables));

        public IReadOnlyList<string> Invalidate(NodeDefinition node, IReadOnlyList<string> targets) => writer.Invalidate(node.Id, targets);

        public void Commit() => writer.Commit();

        public void RunFinished(DagRunResult result) => writer.RunFinished(result.Status, result.EndTime);

        public void Dispose() => writer.Dispose();
    }
}
