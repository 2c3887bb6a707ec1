namespace DagRunner.Engine.Definition
{
    /// <summary>How the wait between retry attempts grows.</summary>
    public enum BackoffKind
    {
        /// <summary>Every wait is <c>delay</c>.</summary>
        Constant,

        /// <summary>The wait before attempt n+1 is <c>delay × n</c>.</summary>
        Linear,

        /// <summary>The wait before attempt n+1 is <c>delay × 2^(n−1)</c>.</summary>
        Exponential,
    }
}
