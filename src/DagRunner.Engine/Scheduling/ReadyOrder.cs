using System.Collections.Generic;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>Which ready node starts first: the one this comparer orders first.</summary>
    internal sealed class ReadyOrder : IComparer<SchedulerNode>
    {
        /// <summary>Parallel mode: priority (higher first), then remaining path (longer first), then file order.</summary>
        public static readonly ReadyOrder LongestRemainingPathFirst = new ReadyOrder(useRemainingPath: true);

        /// <summary>Sequential mode: priority (higher first), then file order; a fixed, reproducible topological order.</summary>
        public static readonly ReadyOrder FileOrder = new ReadyOrder(useRemainingPath: false);

        private readonly bool useRemainingPath;

        private ReadyOrder(bool useRemainingPath) => this.useRemainingPath = useRemainingPath;

        public int Compare(SchedulerNode? x, SchedulerNode? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x == null || y == null)
            {
                return x == null ? 1 : -1;
            }

            int byPriority = y.Plan.Priority.CompareTo(x.Plan.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            if (useRemainingPath)
            {
                int byPath = y.Plan.RemainingPath.CompareTo(x.Plan.RemainingPath);
                if (byPath != 0)
                {
                    return byPath;
                }
            }

            int byFile = x.Plan.Index.CompareTo(y.Plan.Index);
            return byFile != 0 ? byFile : x.Position.CompareTo(y.Position);
        }
    }
}
