using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>Runs with a node of every status, for the result exporters' tests.</summary>
    internal static class ResultSamples
    {
        /// <summary>The node file the sample results point at.</summary>
        public const string Workflow = "/work/flows/ci.dag.yaml";

        /// <summary>
        /// One node of each way a node can end: passed, failed (at line 12), timed out, host unreachable, allowed to fail,
        /// degraded, skipped by its needs, not run (fail-fast), cancelled; and a foreach node with two instances.
        /// </summary>
        public static DagRunResult EveryStatus() => Run(
            "ci",
            DagRunStatus.Failed,
            1500,
            new[] { "build" },
            Ran("build", NodeStatus.Succeeded, 0, 1500, worker: 1),
            WithSource(Ran("test", NodeStatus.Failed, 0, 250, worker: 2, attempts: 2, error: "Expected 3 but got 4\nat Assert-Equal", records: new[]
            {
                Attempt(1, 0, 100, "Failed", 2, "Expected 3 but got 4"),
                Attempt(2, 150, 250, "Failed", 2, "Expected 3 but got 4"),
            }), Workflow + "(12)"),
            Ran("slow", NodeStatus.Failed, 0, 1000, worker: 3, reason: NodeReason.TimedOut, error: "The node ran past its timeout of 1s."),
            Ran("remote", NodeStatus.Failed, 0, 50, worker: 4, reason: NodeReason.HostUnreachable, error: "web01 could not be reached."),
            Ran("lint", NodeStatus.Failed, 0, 75, worker: 5, reason: NodeReason.AllowedFailure, error: "3 warnings"),
            Ran("flaky", NodeStatus.Succeeded, 0, 60, worker: 6, reason: NodeReason.Degraded),
            NotStarted("package", NodeStatus.Skipped, NodeReason.UpstreamFailed),
            NotStarted("publish", NodeStatus.NotRun, NodeReason.FailFast),
            Ran("watch", NodeStatus.Cancelled, 0, 1500, worker: 7, reason: NodeReason.RunCancelled),
            Ran("deploy", NodeStatus.Succeeded, 0, 1200, worker: 0),
            Ran("deploy[web01]", NodeStatus.Succeeded, 10, 1010, worker: 8),
            Ran("deploy[web02]", NodeStatus.Succeeded, 20, 1200, worker: 9));

        public static NodeResult WithSource(NodeResult node, string source)
        {
            node.Source = source;
            return node;
        }

        public static NodeResult WithOutput(NodeResult node, params object?[] output)
        {
            node.Output = output;
            return node;
        }

        /// <summary>A checkpoint of a run whose process died: one node done, one interrupted, one running.</summary>
        public static CheckpointState Checkpoint(DagRunStatus status, params CheckpointNodeState[] nodes)
            => new CheckpointState("/work/flows/.dagrunner/ci.checkpoint.json", 1, "20261125T100000Z-abcd", "ci", Workflow, "hash")
            {
                StartTime = T0,
                LastUpdate = T0.AddSeconds(2),
                Session = 1,
                Status = status,
                EndTime = null,
                Nodes = new NodeList<CheckpointNodeState>(nodes, n => n.Name),
            };

        public static CheckpointNodeState CheckpointNode(string name, NodeStatus status, NodeReason reason = NodeReason.None, string? error = null, string output = "[]", int startMs = 0, int? endMs = null)
            => new CheckpointNodeState(name, status, reason, 1, T0.AddMilliseconds(startMs), endMs.HasValue ? T0.AddMilliseconds(endMs.Value) : null, error, "hash", output);
    }
}
