using System;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// What a resumed run does with one planned node, or one instance of a <c>foreach</c> node: restore it from the
    /// checkpoint, or run it, and why.
    /// </summary>
    public sealed class ResumeDecision
    {
        internal ResumeDecision(PlanNode node, bool restore, NodeReason reason, CheckpointNodeState? previous, string? detail = null)
        {
            Node = node;
            Restore = restore;
            Reason = reason;
            Previous = previous;
            Detail = detail;
        }

        public PlanNode Node { get; }

        public string Name => Node.Name;

        /// <summary>True: the node is not run; its checkpointed result and output are used.</summary>
        public bool Restore { get; }

        /// <summary>
        /// <see cref="NodeReason.Resumed"/> when restored; otherwise why it runs: DefinitionChanged, InputsChanged,
        /// RerunRequested, Invalidated, UpstreamChanged, PreviouslyFailed, PreviouslyCancelled, PreviouslyInterrupted,
        /// PreviouslySkipped or PreviouslyNotRun.
        /// </summary>
        public NodeReason Reason { get; }

        /// <summary>More about <see cref="Reason"/> when there is more to say: which input changed, which node invalidated it.</summary>
        public string? Detail { get; }

        /// <summary>The node's record in the checkpoint; null when the checkpoint does not list it.</summary>
        public CheckpointNodeState? Previous { get; }

        /// <summary>
        /// Sets what a restored node's result holds: Succeeded, Reason Resumed, the recorded attempts, and the output
        /// restored as new objects (so each call gives values no other consumer has changed). It gets no start or end:
        /// it ran in an earlier session, and a result times only the work of its own.
        /// </summary>
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
            result.Inputs = Previous.Inputs;
        }

        public override string ToString() => $"{Name}: {(Restore ? "restore" : "run")} ({Reason}{(Detail == null ? string.Empty : ": " + Detail)})";
    }
}
