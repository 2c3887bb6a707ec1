namespace DagRunner.Definition
{
    /// <summary>How the scheduler picks and starts ready nodes.</summary>
    public enum ExecutionMode
    {
        /// <summary>One node at a time in a fixed topological order (ties broken by priority, then file order).</summary>
        Sequential,

        /// <summary>Every ready node starts as soon as a slot under the parallelism cap is free.</summary>
        Parallel,

        /// <summary>Reserved for load-aware scheduling; currently behaves exactly like <see cref="Parallel"/>.</summary>
        Adaptive,
    }
}
