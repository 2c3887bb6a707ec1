using System;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>A checkpoint as read from disk: the snapshot with its journal replayed. Complete, or not read at all.</summary>
    public sealed class CheckpointState
    {
        internal CheckpointState(string path, int formatVersion, string runId, string workflowName, string workflowPath, string workflowHash)
        {
            Path = path;
            FormatVersion = formatVersion;
            RunId = runId;
            WorkflowName = workflowName;
            WorkflowPath = workflowPath;
            WorkflowHash = workflowHash;
        }

        /// <summary>The checkpoint file this was read from.</summary>
        public string Path { get; }

        public int FormatVersion { get; }

        public string RunId { get; }

        public string WorkflowName { get; }

        /// <summary>Where the workflow file was when the run started; it may have moved since.</summary>
        public string WorkflowPath { get; }

        public string WorkflowHash { get; }

        public DateTime StartTime { get; internal init; }

        /// <summary>The time of the last record: a node starting or finishing, or the run finishing.</summary>
        public DateTime LastUpdate { get; internal init; }

        /// <summary>1 for the run's first session; each Resume-Dag adds one.</summary>
        public int Session { get; internal init; }

        /// <summary>
        /// How the run ended: Succeeded, Failed or Cancelled; Running while its process still holds the run lock;
        /// Interrupted when that process died before the run ended (killed, crashed, the machine restarted).
        /// </summary>
        public DagRunStatus Status { get; internal init; }

        public DateTime? EndTime { get; internal init; }

        /// <summary>The UTC offset its times are in: the reading machine's when it was read (<see cref="CheckpointJson.ReaderOffset"/>).</summary>
        internal TimeSpan UtcOffset { get; init; }

        /// <summary>Each recorded node, in the order the checkpoint lists them; <c>Nodes['id']</c> finds one by name.</summary>
        public NodeList<CheckpointNodeState> Nodes { get; internal init; } = new NodeList<CheckpointNodeState>(Array.Empty<CheckpointNodeState>(), n => n.Name);

        /// <summary>The sequence number of the last record applied; a continued run numbers on from here.</summary>
        internal long LastSequence { get; init; }

        /// <summary>Refuses the checkpoint unless it was written by a run of the workflow <paramref name="workflowName"/> (ignoring case).</summary>
        /// <exception cref="CheckpointException">Kind <see cref="CheckpointErrorKind.ForeignWorkflow"/>.</exception>
        internal void EnsureBelongsTo(string workflowName)
        {
            // The path may differ (a moved or re-cloned repository); the name is what identifies the workflow.
            if (!string.Equals(WorkflowName, workflowName, StringComparison.OrdinalIgnoreCase))
            {
                throw CheckpointException.Foreign(Path, WorkflowName, workflowName);
            }
        }

        public override string ToString() => $"{WorkflowName} run {RunId} (session {Session}): {Status}, {Nodes.Count} nodes";
    }
}
