using System.Linq;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Architecture
{
    /// <summary>
    /// The engine's public types are what the cmdlets return and take (results, checkpoint state, plans, definitions,
    /// the errors users catch, <c>$Dag</c>); everything else is internal, so it can change without breaking anyone.
    /// A type made public by mistake, or one users rely on made internal, fails here.
    /// </summary>
    public class PublicSurfaceTests
    {
        private static readonly string[] Expected =
        {
            "Checkpoints.CheckpointErrorKind", "Checkpoints.CheckpointException", "Checkpoints.CheckpointHeader",
            "Checkpoints.CheckpointNodeState", "Checkpoints.CheckpointState",
            "Definition.BackoffKind", "Definition.DurationText", "Definition.ExecutionMode", "Definition.ForEachSpec",
            "Definition.HostDefinition", "Definition.HostTransport", "Definition.NodeDefinition", "Definition.NodeReference",
            "Definition.ParallelismLevel", "Definition.ParallelismSetting", "Definition.RetrySpec", "Definition.ScriptSource",
            "Definition.SecretDefinition", "Definition.SecretSource", "Definition.SharedCode", "Definition.ModuleReference", "Definition.SourceLocation", "Definition.TriggerRule",
            "Definition.WorkflowDefinition",
            "Execution.DagContext", "Execution.FailurePosition", "Execution.SharedCodeException", "Execution.Invocation.NodeExitCodeException",
            "Execution.Remote.HostUnreachableException", "Execution.Remote.RemoteSetupException",
            "Export.GraphDirection",
            "Planning.ExecutionPlan", "Planning.PlanNode", "Planning.UnknownNodeException",
            "Results.DagRunResult", "Results.DagRunStatus", "Results.NodeAttemptRecord", "Results.NodeList`1",
            "Results.NodeReason", "Results.NodeResult", "Results.NodeStatus",
            "Secrets.MaskedErrorException",
            "State.LockHolder", "State.StateLockedException",
            "Validation.Diagnostic", "Validation.DiagnosticSeverity",
        };

        [Fact]
        public void TheEngine_ExportsOnlyWhatCmdletsReturnAndTake()
        {
            var exported = typeof(WorkflowRunner).Assembly.GetExportedTypes()
                .Select(t => t.FullName!.Replace("DagRunner.Engine.", string.Empty))
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToArray();

            Assert.Equal(Expected.OrderBy(n => n, System.StringComparer.Ordinal), exported);
        }
    }
}
