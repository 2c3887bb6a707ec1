using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Engine.Planning
{
    /// <summary>
    /// The plan of a validated workflow (or of the nodes selected with <c>-Node</c> and what they need):
    /// dependency levels, critical path and estimates. <c>Get-DagPlan</c> returns it; the scheduler uses its
    /// ranks. Levels are for reading and display only: the scheduler never waits for a level to finish.
    /// </summary>
    public sealed class ExecutionPlan
    {
        private readonly Dictionary<string, PlanNode> byName;

        public ExecutionPlan(string workflowName, string workflowPath, IReadOnlyList<PlanNode> nodes, IReadOnlyList<string> criticalPath)
        {
            WorkflowName = workflowName;
            WorkflowPath = workflowPath;
            Nodes = nodes;
            byName = nodes.ToDictionary(n => n.Name, StringComparer.OrdinalIgnoreCase);
            CriticalPath = criticalPath.ToArray();
            Levels = nodes.GroupBy(n => n.Level).OrderBy(g => g.Key).Select(g => g.OrderBy(n => n.Index).Select(n => n.Name).ToArray()).ToArray();
            EstimatedDuration = criticalPath.Sum(name => byName[name].Estimate);
            TotalWork = nodes.Sum(n => n.Estimate);
        }

        public string WorkflowName { get; }

        public string WorkflowPath { get; }

        /// <summary>The planned nodes in a topological order (by level, then file order).</summary>
        public IReadOnlyList<PlanNode> Nodes { get; }

        /// <summary>Node names by dependency level: level 0 needs nothing; level n needs something at level n−1.</summary>
        public string[][] Levels { get; }

        /// <summary>The heaviest chain of estimates from a start node to an end node, in run order.</summary>
        public string[] CriticalPath { get; }

        /// <summary>Sum of the estimates along <see cref="CriticalPath"/>: the shortest possible run with enough workers.</summary>
        public double EstimatedDuration { get; }

        /// <summary>Sum of all estimates: the length of a one-at-a-time run.</summary>
        public double TotalWork { get; }

        /// <summary>How the estimates were made: <c>Default</c> (1 unit per node) until run history exists.</summary>
        public string EstimateSource { get; init; } = "Default";

        public int NodeCount => Nodes.Count;

        public int LevelCount => Levels.Length;

        /// <summary>The widest level: how many nodes could run at once at best.</summary>
        public int Width => Levels.Length == 0 ? 0 : Levels.Max(l => l.Length);

        /// <summary>The planned node called <paramref name="name"/> (case-insensitive), or null.</summary>
        public PlanNode? this[string name] => byName.TryGetValue(name, out var node) ? node : null;

        public override string ToString() => $"{WorkflowName}: {NodeCount} nodes, {LevelCount} levels, width {Width}";
    }
}
