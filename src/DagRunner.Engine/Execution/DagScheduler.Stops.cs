using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Adaptive;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution
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
                var decision = node.Resume = resume[node.Plan.Name];
                if (decision != null && decision.Restore)
                {
                    decision.ApplyTo(node.Result);
                    Finish(node, Now(), record: false);
                }
            }
        }

        /// <summary>The run stopped: every node that has not started and may not start now ends as NotRun, with the stop's cause.</summary>
        private void FinishUnstarted()
        {
            foreach (var node in nodes)
            {
                if ((node.State == NodeState.Waiting || node.State == NodeState.Ready) && stop.Blocks(node.Plan.When))
                {
                    FinishNotStarted(node, NodeStatus.NotRun, stop.Cause!.Value);
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
