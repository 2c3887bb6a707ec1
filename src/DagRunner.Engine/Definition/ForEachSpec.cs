using System.Collections.Generic;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// The <c>foreach:</c> of a node: a fixed list of items, or a PowerShell expression over <c>$Needs</c>
    /// evaluated when the node becomes ready. Exactly one of <see cref="Items"/> and <see cref="Expression"/> is set.
    /// The mapping form <c>foreach: { items: ..., key: ... }</c> adds <see cref="Key"/>.
    /// </summary>
    public sealed class ForEachSpec
    {
        public ForEachSpec(IReadOnlyList<object?>? items, ScriptSource? expression, SourceLocation location, ScriptSource? key = null)
        {
            Items = items;
            Expression = expression;
            Location = location;
            Key = key;
        }

        public IReadOnlyList<object?>? Items { get; }

        public ScriptSource? Expression { get; }

        public SourceLocation Location { get; }

        /// <summary>
        /// <c>key:</c>, a PowerShell expression over <c>$Item</c> whose value (as text) is each instance's key, <c>node[key]</c>.
        /// <value>The default value is null: the key is the item's text for short distinct scalars, else its 0-based index.</value>
        /// </summary>
        public ScriptSource? Key { get; }
    }
}
