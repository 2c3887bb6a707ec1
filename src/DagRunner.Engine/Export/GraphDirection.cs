namespace DagRunner.Engine.Export
{
    /// <summary>Which way the edges of an exported graph point.</summary>
    public enum GraphDirection
    {
        /// <summary>Needs above the nodes that need them (Mermaid <c>TD</c>, DOT <c>rankdir=TB</c>).</summary>
        Down,

        /// <summary>Needs left of the nodes that need them (Mermaid <c>LR</c>, DOT <c>rankdir=LR</c>).</summary>
        Right,
    }
}
