using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Every elementary cycle of a graph, by Johnson's algorithm: search each strongly connected component from its
    /// smallest vertex, then drop that vertex and split what is left. Iterative, so long cycles cannot overflow the stack.
    /// </summary>
    internal static class CycleFinder
    {
        /// <summary>
        /// The cycles of the graph where <paramref name="edges"/>[v] lists the vertices v points to (no repeats).
        /// Each cycle starts at its smallest vertex and lists each member once; cycles come in order of that start.
        /// Lazy: a caller that has seen enough stops enumerating and the search stops with it.
        /// </summary>
        public static IEnumerable<IReadOnlyList<int>> Find(IReadOnlyList<IReadOnlyList<int>> edges)
        {
            var pending = new SortedDictionary<int, List<int>>();
            AddCyclic(StrongComponents.Find(new HashSet<int>(Enumerable.Range(0, edges.Count)), edges), edges, pending);
            while (pending.Count > 0)
            {
                var component = pending.First();
                pending.Remove(component.Key);
                int start = component.Key;
                var members = new HashSet<int>(component.Value);
                foreach (var cycle in CyclesThrough(start, members, edges))
                {
                    yield return cycle;
                }

                members.Remove(start);
                AddCyclic(StrongComponents.Find(members, edges), edges, pending);
            }
        }

        /// <summary>Queues the components that hold a cycle (more than one vertex, or one that needs itself), by smallest vertex.</summary>
        private static void AddCyclic(List<List<int>> components, IReadOnlyList<IReadOnlyList<int>> edges, SortedDictionary<int, List<int>> pending)
        {
            foreach (var component in components)
            {
                if (component.Count > 1 || edges[component[0]].Contains(component[0]))
                {
                    pending.Add(component.Min(), component);
                }
            }
        }

        /// <summary>Johnson's CIRCUIT from <paramref name="start"/>, with an explicit stack instead of recursion.</summary>
        private static IEnumerable<IReadOnlyList<int>> CyclesThrough(int start, HashSet<int> members, IReadOnlyList<IReadOnlyList<int>> edges)
        {
            var blocked = new HashSet<int> { start };
            var blockedBy = new Dictionary<int, HashSet<int>>();
            var path = new List<int> { start };
            var frames = new Stack<Frame>();
            frames.Push(new Frame(start));
            while (frames.Count > 0)
            {
                var frame = frames.Peek();
                var targets = edges[frame.Vertex];
                if (frame.NextEdge < targets.Count)
                {
                    int target = targets[frame.NextEdge++];
                    if (target == start)
                    {
                        frame.FoundCycle = true;
                        yield return path.ToArray();
                    }
                    else if (members.Contains(target) && !blocked.Contains(target))
                    {
                        blocked.Add(target);
                        path.Add(target);
                        frames.Push(new Frame(target));
                    }

                    continue;
                }

                frames.Pop();
                path.RemoveAt(path.Count - 1);
                if (frame.FoundCycle)
                {
                    Unblock(frame.Vertex, blocked, blockedBy);
                    if (frames.Count > 0)
                    {
                        frames.Peek().FoundCycle = true;
                    }
                }
                else
                {
                    // Stay blocked until a vertex this one leads to is unblocked: no cycle through here until then.
                    foreach (var target in targets.Where(members.Contains))
                    {
                        if (!blockedBy.TryGetValue(target, out var waiting))
                        {
                            blockedBy[target] = waiting = new HashSet<int>();
                        }

                        waiting.Add(frame.Vertex);
                    }
                }
            }
        }

        private static void Unblock(int vertex, HashSet<int> blocked, Dictionary<int, HashSet<int>> blockedBy)
        {
            var work = new Stack<int>();
            work.Push(vertex);
            while (work.Count > 0)
            {
                int current = work.Pop();
                if (!blocked.Remove(current))
                {
                    continue;
                }

                if (blockedBy.TryGetValue(current, out var waiting))
                {
                    foreach (var other in waiting)
                    {
                        work.Push(other);
                    }

                    waiting.Clear();
                }
            }
        }

        private sealed class Frame
        {
            public Frame(int vertex)
            {
                Vertex = vertex;
            }

            public int Vertex { get; }

            public int NextEdge { get; set; }

            public bool FoundCycle { get; set; }
        }
    }
}
