namespace DagRunner.Engine.Definition
{
    /// <summary>One entry of a node's <c>needs</c>: the id it names and where it was written.</summary>
    public sealed class NodeReference
    {
        public NodeReference(string id, SourceLocation location)
        {
            Id = id;
            Location = location;
        }

        public string Id { get; }

        public SourceLocation Location { get; }

        public override string ToString() => Id;
    }
}
