namespace DagRunner.Engine.Execution.ForEach
{
    /// <summary>
    /// The error ids of a <c>foreach</c> node whose <c>key:</c> does not give every item a key of its own. Each fails the
    /// node before any instance starts; they are the FullyQualifiedErrorId of the node's error.
    /// </summary>
    internal static class ForEachKeyErrors
    {
        /// <summary>The key expression threw for an item.</summary>
        public const string Failed = "ForEachKeyFailed";

        /// <summary>A key that is no value, several values, empty, over 64 characters, or holds <c>[</c>, <c>]</c> or a line break.</summary>
        public const string Invalid = "ForEachKeyInvalid";

        /// <summary>Two items have the same key (keys compare ignoring case, like node ids).</summary>
        public const string Duplicate = "ForEachKeyDuplicate";

        /// <summary>A key holds a secret's value, which must not become part of a node id.</summary>
        public const string Secret = "ForEachKeySecret";
    }
}
