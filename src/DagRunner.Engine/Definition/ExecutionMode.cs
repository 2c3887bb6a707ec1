namespace DagRunner.Engine.Definition
{
    /// <summary>How the scheduler picks and starts ready nodes.</summary>
    public enum ExecutionMode
    {
        /// <summary>One node at a time in a fixed topological order (ties broken by priority, then file order).</summary>
        Sequential,

        /// <summary>Every ready node starts as soon as a slot under the parallelism cap is free.</summary>
        Parallel,

        /// <summary>
        /// Like Parallel, with a cap that starts at the processor count, grows while nodes wait on something other
        /// than the CPU and shrinks when the CPU is saturated, never above <c>parallelism</c>. The default.
        /// </summary>
        Adaptive,
    }
}
