using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class CycleFinderTests
    {
        private static IReadOnlyList<IReadOnlyList<int>> Graph(params int[][] edges) => edges;

        private static List<string> Cycles(IReadOnlyList<IReadOnlyList<int>> graph)
            => CycleFinder.Find(graph).Select(c => string.Join(",", c)).ToList();

        [Fact]
        public void GraphWithoutCycles_HasNone()
        {
            Assert.Empty(Cycles(Graph(new[] { 1, 2 }, new[] { 2 }, new int[0])));
        }

        [Fact]
        public void EachCycle_StartsAtItsSmallestVertexAndCyclesComeByStart()
        {
            // 3 -> 1 -> 2 -> 3, and 0 -> 0.
            Assert.Equal(new[] { "0", "1,2,3" }, Cycles(Graph(new[] { 0 }, new[] { 2 }, new[] { 3 }, new[] { 1 })));
        }

        [Fact]
        public void OverlappingCycles_AreAllFoundOnce()
        {
            // 0 -> 1 -> 0, 0 -> 1 -> 2 -> 0, 1 -> 2 -> 1
            var cycles = Cycles(Graph(new[] { 1 }, new[] { 0, 2 }, new[] { 0, 1 }));

            Assert.Equal(new[] { "0,1", "0,1,2", "1,2" }, cycles.OrderBy(c => c));
        }

        [Fact]
        public void CompleteGraphOfFive_HasEightyFourCycles()
        {
            var graph = Enumerable.Range(0, 5).Select(v => (IReadOnlyList<int>)Enumerable.Range(0, 5).Where(w => w != v).ToArray()).ToArray();

            var cycles = Cycles(graph);

            Assert.Equal(84, cycles.Count);
            Assert.Equal(84, cycles.Distinct().Count());
        }

        [Fact]
        public void RingOfTenThousand_IsFoundWithoutRecursion()
        {
            const int n = 10_000;
            var graph = Enumerable.Range(0, n).Select(v => (IReadOnlyList<int>)new[] { (v + 1) % n }).ToArray();

            var cycle = Assert.Single(CycleFinder.Find(graph));

            Assert.Equal(n, cycle.Count);
            Assert.Equal(0, cycle[0]);
        }

        [Fact]
        public void StrongComponentsOfALongChain_AreSingleVertices()
        {
            const int n = 10_000;
            var graph = Enumerable.Range(0, n).Select(v => (IReadOnlyList<int>)(v + 1 < n ? new[] { v + 1 } : new int[0])).ToArray();

            var components = StrongComponents.Find(new HashSet<int>(Enumerable.Range(0, n)), graph);

            Assert.Equal(n, components.Count);
        }
    }
}
