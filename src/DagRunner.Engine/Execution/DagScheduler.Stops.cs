using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Definition;
using DagRunner.Execution.Adaptive;
using DagRunner.Execution.Attempts;
using DagRunner.Results;

namespace DagRunner.Execution
{
    /// <summary>Nodes that end without running: restored by a resume, or not started because the run stops (Ctrl+C, -FailFast, its timeout).</summary>
    internal sealed partial class DagScheduler
    {
        /// <summary>
        /// Resume: nodes whose success the checkpoint keeps are done before anything starts, with their outputs
        /// restored for <c>$Needs</c>; the checkpoint already holds them, so they are not recorded again.
        /// </summary>
        private void RestoreResumedNodes()
        {
            if (resume == null)
            {
                return;
            }

            foreach (var node in nodes)
            {
                var decision = resume[node.Plan.Name];
                if (decision != null && decision.Restore)
                {
                    decision.ApplyTo(node.Result);
                    Finish(node, Now(), record: false);
                }
            }
        }

        /// <summary>Ctrl+C: running nodes already see their token cancelled; nodes not started will not start, except cleanup.</summary>
        private void Cancel()
        {
            cancelled = true;
            FinishUnstarted(NodeReason.RunCancelled, keepAlwaysNodes: true);
        }

        /// <summary>Every node that has not started ends as NotRun; with <paramref name="keepAlwaysNodes"/>, cleanup nodes wait on.</summary>
        private void FinishUnstarted(NodeReason reason, bool keepAlwaysNodes)
        {
            foreach (var node in nodes)
            {
                if ((node.State == NodeState.Waiting || node.State == NodeState.Ready) && !(keepAlwaysNodes && node.Plan.When == TriggerRule.Always))
                {
                    FinishNotStarted(node, NodeStatus.NotRun, reason);
                }
            }
        }

        private void FinishNotStarted(SchedulerNode node, NodeStatus status, NodeReason reason)
        {
            node.Result.Status = status;
            node.Result.Reason = reason;
            Finish(node, Now());
        }
    }
}
