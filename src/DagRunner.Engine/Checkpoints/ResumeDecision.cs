using System;
using DagRunner.Planning;
using DagRunner.Results;

namespace DagRunner.Checkpoints
{
    /// <summary>What a resumed run does with one planned node: restore it from the checkpoint, or run it, and why.</summary>
    public sealed class ResumeDecision
    {
        internal ResumeDecision(PlanNode node, bool restore, NodeReason reason, CheckpointNodeState? previous)
        {
            Node = node;
            Restore = restore;
            Reason = reason;
            Previous = previous;
        }

        public PlanNode Node { get; }

        public string Name => Node.Name;

        /// <summary>True: the node is not run; its checkpointed result and output are used.</summary>
        public bool Restore { get; }

        /// <summary>
        /// <see cref="NodeReason.Resumed"/> when restored; otherwise why it runs: DefinitionChanged, UpstreamChanged,
        /// PreviouslyFailed, PreviouslyCancelled, PreviouslySkipped or PreviouslyNotRun.
        /// </summary>
        public NodeReason Reason { get; }

        /// <summary>The node's record in the checkpoint; null when the checkpoint does not list it.</summary>
        public CheckpointNodeState? Previous { get; }

        /// <summary>
        /// The result a restored node gets: Succeeded, Reason Resumed, the recorded attempts, and the output restored
        /// as new objects (so each call gives values no other consumer has changed). It has no start or end: it ran
        /// in an earlier session, and a result times only the work of its own.
        /// </summary>
        /// <exception cref="InvalidOperationException">The node is not restored.</exception>
        public NodeResult CreateRestoredResult()
        {
            var location = Node.Definition.Location;
            var result = new NodeResult(Name)
            {
                Level = Node.Level,
                Source = location.HasPosition ? $"{location.File}({location.Line})" : null,
            };
            ApplyTo(result);
            return result;
        }

        /// <summary>Sets the restored fields on a result the scheduler already made for the node.</summary>
        /// <exception cref="InvalidOperationException">The node is not restored.</exception>
        internal void ApplyTo(NodeResult result)
        {
            if (!Restore || Previous == null)
            {
                throw new InvalidOperationException($"Node '{Name}' runs again ({Reason}); only restored nodes have a restored result.");
            }

            result.Status = NodeStatus.Succeeded;
            result.Reason = NodeReason.Resumed;
            result.Attempts = Previous.Attempts;
            result.Output = Previous.RestoreOutput();
        }

        public override string ToString() => $"{Name}: {(Restore ? "restore" : "run")} ({Reason})";
    }
}
