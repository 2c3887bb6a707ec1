using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
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
        private static readonly IReadOnlyDictionary<string, object?> NoNeeds = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

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

        /// <summary>In a resumed run: whether the node (or instance) was restored or runs again, and why.</summary>
        public Checkpoints.ResumeDecision? Resume { get; set; }

        /// <summary>
        /// For a <c>when: always</c> node started as cleanup, what stopped the run (RunCancelled or RunTimedOut); null for
        /// any other start. The cleanup window bounds it, not the workflow's deadline, which once passed would fail it
        /// before its first attempt.
        /// </summary>
        public NodeReason? CleanupAfter { get; set; }

        /// <summary>A <c>foreach</c> node once expanded: its instances.</summary>
        public ForEachGroup? Instances { get; set; }

        /// <summary>An instance of a <c>foreach</c> node: that node.</summary>
        public SchedulerNode? Group { get; set; }

        /// <summary>
        /// An instance of <paramref name="group"/> for <paramref name="definition"/>: same needs (for <c>$Needs</c>),
        /// level and urgency as the group, nothing depends on it directly, and it is ready as soon as it exists.
        /// </summary>
        public static SchedulerNode Instance(SchedulerNode group, NodeDefinition definition, int position)
        {
            var plan = new PlanNode(definition, group.Plan.Level, group.Plan.Needs, Array.Empty<string>(), group.Plan.Estimate, group.Plan.RemainingPath, group.Plan.OnCriticalPath);
            var result = new NodeResult(definition.Id) { Level = group.Result.Level, Source = group.Result.Source };
            return new SchedulerNode(position, plan, result)
            {
                Needs = group.Needs,
                Tally = group.Tally,
                Group = group,
            };
        }

        /// <summary>The plan's nodes, in plan order, linked to their needs and dependents, each with a fresh result.</summary>
        public static SchedulerNode[] CreateGraph(ExecutionPlan plan)
        {
            var nodes = new SchedulerNode[plan.Nodes.Count];
            var byName = new Dictionary<string, SchedulerNode>(nodes.Length, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < nodes.Length; i++)
            {
                var planNode = plan.Nodes[i];
                var location = planNode.Definition.Location;
                var result = new NodeResult(planNode.Name)
                {
                    Level = planNode.Level,
                    Source = location.HasPosition ? $"{location.File}({location.Line})" : null,
                };
                nodes[i] = new SchedulerNode(i, planNode, result);
                byName.Add(planNode.Name, nodes[i]);
            }

            foreach (var node in nodes)
            {
                node.Needs = node.Plan.Needs.Select(n => byName[n]).ToArray();
                node.Dependents = node.Plan.Dependents.Select(n => byName[n]).ToArray();
                node.PendingNeeds = node.Needs.Length;
            }

            return nodes;
        }

        /// <summary><c>$Needs</c>: each direct need's output (one object, an array, or null) by id, case-insensitive.</summary>
        public IReadOnlyDictionary<string, object?> NeedsValues()
        {
            if (Needs.Length == 0)
            {
                return NoNeeds;
            }

            var values = new Dictionary<string, object?>(Needs.Length, StringComparer.OrdinalIgnoreCase);
            foreach (var need in Needs)
            {
                values[need.Plan.Name] = need.Result.NeedsValue;
            }

            return values;
        }

        public override string ToString() => $"{Plan.Name} ({State})";
    }
}
