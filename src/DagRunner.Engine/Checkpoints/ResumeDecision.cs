using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// What a resumed run does with one planned node, or one instance of a <c>foreach</c> node: restore it from the
    /// checkpoint, or run it, and why.
    /// </summary>
    internal sealed class ResumeDecision
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

        public override string ToString() => $"{Name}: {(Restore ? "restore" : "run")} ({Reason}{(Detail == null ? string.Empty : ": " + Detail)})";
    }
}
