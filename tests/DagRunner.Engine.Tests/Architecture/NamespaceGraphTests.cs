using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Architecture
{
    /// <summary>The engine's namespaces point one way: no namespace uses one that (through others) uses it back.</summary>
    public class NamespaceGraphTests
    {
        private static Dictionary<string, HashSet<string>> Graph()
            => EngineReferences.NamespaceGraph(typeof(WorkflowRunner).Assembly.Location, "DagRunner.Engine");

        [Fact]
        public void TheEngineNamespaces_HaveNoCycle()
        {
            var graph = Graph();
            var cycles = Cycles(graph);

            // Each group of namespaces that use each other, with the uses inside the group: the arrows to turn around.
            var report = cycles.Select(c => string.Join("\n", c.Select(n => $"  {Short(n)} uses {string.Join(", ", graph[n].Where(c.Contains).Select(Short).OrderBy(x => x))}")));
            Assert.True(cycles.Count == 0, "Namespaces that use each other:\n" + string.Join("\n\n", report));
        }

        [Fact]
        public void TheReferenceWalker_SeesWhatTheSchedulerUses()
        {
            // A walker that found nothing would make the cycle test pass for nothing.
            var graph = Graph();

            Assert.Contains("DagRunner.Engine.Execution", graph.Keys);
            Assert.Contains("DagRunner.Engine.Events", graph["DagRunner.Engine.Execution"]);
            Assert.Contains("DagRunner.Engine.Results", graph["DagRunner.Engine.Execution"]);
            Assert.DoesNotContain("DagRunner.Engine.Execution", graph["DagRunner.Engine.Definition"]);
        }

        private static string Short(string ns) => ns.Replace("DagRunner.Engine.", string.Empty);

        /// <summary>One cycle per strongly connected component of more than one namespace (Tarjan), shortest first.</summary>
        internal static List<List<string>> Cycles(Dictionary<string, HashSet<string>> graph)
        {
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var onStack = new HashSet<string>();
            var components = new List<List<string>>();
            int counter = 0;

            void Visit(string node)
            {
                index[node] = low[node] = counter++;
                stack.Push(node);
                onStack.Add(node);
                foreach (var next in graph.TryGetValue(node, out var uses) ? uses : new HashSet<string>())
                {
                    if (!index.ContainsKey(next))
                    {
                        Visit(next);
                        low[node] = System.Math.Min(low[node], low[next]);
                    }
                    else if (onStack.Contains(next))
                    {
                        low[node] = System.Math.Min(low[node], index[next]);
                    }
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    if (component.Count > 1)
                    {
                        components.Add(component.OrderBy(n => n).ToList());
                    }
                }
            }

            foreach (var node in graph.Keys.OrderBy(n => n))
            {
                if (!index.ContainsKey(node))
                {
                    Visit(node);
                }
            }

            return components;
        }
    }
}
