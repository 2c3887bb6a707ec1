namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// The bounds on a workflow file that keep a malformed or hostile file from exhausting memory, the stack or
    /// time. Each is far above what a hand-written or generated workflow needs; each has its own diagnostic id.
    /// </summary>
    internal static class LoadLimits
    {
        /// <summary>
        /// The largest workflow file read, in bytes; a larger one is refused before it is read (DAG0032).
        /// <value>The default value is 8 MiB: a 2,000-node workflow is about 400 KB.</value>
        /// </summary>
        public const long MaxFileBytes = 8L * 1024 * 1024;

        /// <summary>
        /// How deep lists and mappings may nest, the document's root being level 0 (DAG0031).
        /// <value>The default value is 100: a workflow nests about 6 levels, a deep <c>variables:</c> value a few more.</value>
        /// </summary>
        public const int MaxDepth = 100;

        /// <summary>
        /// How many values aliases (<c>*name</c>) may add to the document, counting every value inside an aliased list or
        /// mapping each time it is used (DAG0030). This is what stops a "billion laughs" file: each alias is cheap to
        /// read but multiplies what every later step walks. In an inline <c>-Definition</c>, a hashtable or list used more
        /// than once counts the same way.
        /// <value>The default value is 100,000 values.</value>
        /// </summary>
        public const long MaxAliasExpansion = 100_000;

        /// <summary>
        /// How many characters of text aliases may add to the document, each use of an aliased scalar counting again (DAG0030).
        /// <value>The default value is 8,388,608 characters, as much text as the largest file holds.</value>
        /// </summary>
        public const long MaxAliasCharacters = MaxFileBytes;
    }
}
