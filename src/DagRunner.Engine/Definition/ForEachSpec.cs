using System.Collections.Generic;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// The <c>foreach:</c> of a node: a fixed list of items, or a PowerShell expression over <c>$Needs</c>
    /// evaluated when the node becomes ready. Exactly one of <see cref="Items"/> and <see cref="Expression"/> is set.
    /// </summary>
    public sealed class ForEachSpec
    {
        public ForEachSpec(IReadOnlyList<object?>? items, ScriptSource? expression, SourceLocation location)
        {
            Items = items;
            Expression = expression;
            Location = location;
        }

        public IReadOnlyList<object?>? Items { get; }

        public ScriptSource? Expression { get; }

        public SourceLocation Location { get; }
    }
}
