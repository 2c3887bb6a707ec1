using System.Linq;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Planning
{
    /// <summary>One node as the plan sees it: where it sits in the graph and how urgent it is.</summary>
    public sealed class PlanNode
    {
        public PlanNode(NodeDefinition definition, int level, string[] needs, string[] dependents, double estimate, double remainingPath, bool onCriticalPath)
        {
            Definition = definition;
            Level = level;
            Needs = needs;
            Dependents = dependents;
            Estimate = estimate;
            RemainingPath = remainingPath;
            OnCriticalPath = onCriticalPath;
        }

        public string Name => Definition.Id;

        /// <summary>File order (0-based).</summary>
        public int Index => Definition.Index;

        public NodeDefinition Definition { get; }

        /// <summary>0 for nodes that need nothing; otherwise one more than the deepest need.</summary>
        public int Level { get; }

        /// <summary>Direct needs, in the order written.</summary>
        public string[] Needs { get; }

        /// <summary>Planned nodes that need this one directly, in file order.</summary>
        public string[] Dependents { get; }

        /// <summary>Estimated duration (1 unit per node until history is recorded).</summary>
        public double Estimate { get; }

        /// <summary>
        /// The node's estimate plus the heaviest chain of estimates after it (its upward rank). Among ready nodes
        /// the largest goes first, unless <see cref="Priority"/> says otherwise.
        /// </summary>
        public double RemainingPath { get; }

        public int Priority => Definition.Priority;

        public bool OnCriticalPath { get; }

        public TriggerRule When => Definition.When;

        /// <summary>For a <c>foreach</c> node, its instance count when the file lists the items; null for an expression (known at run time) or a plain node.</summary>
        public int? ForEachCount => Definition.ForEach?.Items?.Count;

        /// <summary>The nodes whose recorded successes this node voids when it starts (<c>invalidates:</c>).</summary>
        public string[] Invalidates => Definition.Invalidates.Select(n => n.Id).ToArray();

        public override string ToString() => Name;
    }
}
