using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// How far the run is, for the end of each node line: <c>[3/10 done; running: test, pack]</c>. Counts nodes that
    /// finished (run, restored or skipped) against the planned nodes, and names the nodes running now in the order
    /// they started, the first <see cref="NamesShown"/> of them.
    /// </summary>
    internal sealed class RunProgress
    {
        /// <summary>How many running nodes a line names; more are counted (<c>+2 more</c>). <value>3.</value></summary>
        public const int NamesShown = 3;

        private readonly List<string> running = new List<string>();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> finished = new HashSet<string>(StringComparer.Ordinal);
        private long planned;

        /// <summary>runStarted's node count; a foreach node's items may add more, which <see cref="Text"/> counts as they appear.</summary>
        public void RunStarted(long nodes) => planned = Math.Max(0, nodes);

        public void NodeStarted(string node)
        {
            seen.Add(node);
            if (!running.Contains(node))
            {
                running.Add(node);
            }
        }

        public void NodeFinished(string node)
        {
            seen.Add(node);
            finished.Add(node);
            running.Remove(node);
        }

        /// <summary><c>[done/total done]</c>, with <c>; running: a, b, c +N more</c> while nodes run.</summary>
        public string Text()
        {
            var total = Math.Max(planned, seen.Count);
            var names = running.Count == 0
                ? string.Empty
                : "; running: " + string.Join(", ", running.Take(NamesShown)) + (running.Count > NamesShown ? $" +{running.Count - NamesShown} more" : string.Empty);
            return $"[{finished.Count}/{total} done{names}]";
        }
    }
}
