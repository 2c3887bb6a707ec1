using System;
using DagRunner.Definition;
using DagRunner.Planning;
using DagRunner.Results;

namespace DagRunner.Execution
{
    /// <summary>Where a node is in its life in one run.</summary>
    internal enum NodeState
    {
        /// <summary>Some need has not ended yet (or the trigger rule is still to be asked).</summary>
        Waiting,

        /// <summary>In the ready queue, waiting for a free slot.</summary>
        Ready,

        Running,

        /// <summary>Has its final status.</summary>
        Done,
    }

    /// <summary>The scheduler's bookkeeping for one planned node. Touched only by the scheduler loop.</summary>
    internal sealed class SchedulerNode
    {
        public SchedulerNode(int position, PlanNode plan, NodeResult result)
        {
            Position = position;
            Plan = plan;
            Result = result;
        }

        /// <summary>Place in plan order; the last tie-breaker among ready nodes.</summary>
        public int Position { get; }

        public PlanNode Plan { get; }

        public NodeDefinition Definition => Plan.Definition;

        public NodeResult Result { get; }

        public SchedulerNode[] Needs { get; set; } = Array.Empty<SchedulerNode>();

        public SchedulerNode[] Dependents { get; set; } = Array.Empty<SchedulerNode>();

        /// <summary>Needs that have not ended yet; the trigger rule is asked when it reaches 0.</summary>
        public int PendingNeeds { get; set; }

        /// <summary>How the needs that have ended so far ended.</summary>
        public NeedTally Tally { get; set; }

        public NodeState State { get; set; }

        /// <summary>1 for the first node the scheduler saw end after running, 2 for the next...; 0 if it never ran.</summary>
        public long FinishSequence { get; set; }

        public override string ToString() => $"{Plan.Name} ({State})";
    }
}
