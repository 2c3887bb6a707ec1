using System;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// What a call allocates, measured on the calling thread. A blow-up (an expanded YAML bomb, a quadratic table)
    /// shows as memory whatever the machine's load, where a wall-clock bound fails on a busy machine.
    /// </summary>
    internal static class Cost
    {
        public static (T Result, long AllocatedBytes) Of<T>(Func<T> work)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = work();
            return (result, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
