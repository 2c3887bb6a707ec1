namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// PowerShell text taken from the workflow (<c>run</c>, <c>if</c>, <c>fallback</c>, an expression <c>foreach</c>),
    /// with where its first character sits in the file so script errors can point into the YAML.
    /// </summary>
    public sealed class ScriptSource
    {
        public ScriptSource(string text, SourceLocation location, bool isBlock, int firstLineLength = int.MaxValue)
        {
            Text = text;
            Location = location;
            IsBlock = isBlock;
            FirstLineLength = firstLineLength;
        }

        /// <summary>The script text exactly as PowerShell will parse it.</summary>
        public string Text { get; }

        /// <summary>
        /// For a block scalar (<c>run: |</c>) the position of the first content line; otherwise the position
        /// of the scalar's first character (after an opening quote).
        /// </summary>
        public SourceLocation Location { get; }

        /// <summary>
        /// True for YAML literal block scalars (<c>|</c>), whose lines map one-to-one onto file lines. Folded scalars
        /// (<c>&gt;</c>) join lines, so, like quoted ones, only their first line maps exactly and this is false.
        /// </summary>
        public bool IsBlock { get; }

        /// <summary>
        /// How many characters of the text's first line are written on <see cref="Location"/>'s line. A folded or
        /// multi-line quoted scalar goes on over later file lines where columns no longer match, so
        /// <see cref="Map"/> returns <see cref="Location"/> past this. <value>The default value is <see cref="int.MaxValue"/> (all of it).</value>
        /// </summary>
        public int FirstLineLength { get; }

        /// <summary>
        /// What the validator's parse found (function or not, global state or not); null until the workflow is
        /// validated, and for a script with parse errors, which never runs.
        /// </summary>
        internal ScriptShape? Shape { get; set; }

        /// <summary>The file position of a (1-based) line and column inside <see cref="Text"/>.</summary>
        public SourceLocation Map(int scriptLine, int scriptColumn)
        {
            if (!Location.HasPosition || scriptLine < 1)
            {
                return Location;
            }

            if (scriptLine == 1)
            {
                return scriptColumn - 1 <= FirstLineLength ? Location.Offset(0, scriptColumn - 1) : Location;
            }

            // Later lines of a block scalar keep the block's indentation; other scalars only approximate.
            return IsBlock ? Location.Offset(scriptLine - 1, scriptColumn - 1) : Location;
        }

        public override string ToString() => Text;
    }
}
