using System;
using System.Collections.Generic;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Tarjan's strongly connected components, without recursion: a chain of 10,000 nodes must not overflow the
    /// stack of the PowerShell host (a stack overflow cannot be caught and ends the process).
    /// </summary>
    internal static class StrongComponents
    {
        /// <summary>
        /// The components of the subgraph made of <paramref name="members"/> (edges leaving it are ignored), where
        /// <paramref name="edges"/>[v] lists the vertices v points to.
        /// </summary>
        public static List<List<int>> Find(HashSet<int> members, IReadOnlyList<IReadOnlyList<int>> edges)
        {
            var index = new Dictionary<int, int>();
            var low = new Dictionary<int, int>();
            var stack = new Stack<int>();
            var onStack = new HashSet<int>();
            var work = new Stack<(int Vertex, int NextEdge)>();
            var components = new List<List<int>>();

            void Visit(int vertex)
            {
                index[vertex] = low[vertex] = index.Count;
                stack.Push(vertex);
                onStack.Add(vertex);
                work.Push((vertex, 0));
            }

            foreach (var root in members)
            {
                if (index.ContainsKey(root))
                {
                    continue;
                }

                Visit(root);
                while (work.Count > 0)
                {
                    var (vertex, nextEdge) = work.Pop();
                    var targets = edges[vertex];
                    bool descended = false;
                    while (nextEdge < targets.Count && !descended)
                    {
                        int target = targets[nextEdge++];
                        if (!members.Contains(target))
                        {
                            continue;
                        }

                        if (!index.ContainsKey(target))
                        {
                            work.Push((vertex, nextEdge));
                            Visit(target);
                            descended = true;
                        }
                        else if (onStack.Contains(target))
                        {
                            low[vertex] = Math.Min(low[vertex], index[target]);
                        }
                    }

                    if (descended)
                    {
                        continue;
                    }

                    if (low[vertex] == index[vertex])
                    {
                        components.Add(PopComponent(vertex, stack, onStack));
                    }

                    if (work.Count > 0)
                    {
                        int parent = work.Peek().Vertex;
                        low[parent] = Math.Min(low[parent], low[vertex]);
                    }
                }
            }

            return components;
        }

        private static List<int> PopComponent(int root, Stack<int> stack, HashSet<int> onStack)
        {
            var component = new List<int>();
            int member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != root);
            return component;
        }
    }
}
