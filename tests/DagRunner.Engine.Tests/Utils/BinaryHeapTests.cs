using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Utils;
using Xunit;

namespace DagRunner.Engine.Tests.Utils
{
    public class BinaryHeapTests
    {
        [Fact]
        public void Pop_ReturnsItemsInComparerOrder_WhilePushesInterleave()
        {
            var random = new Random(42);
            var heap = new BinaryHeap<int>(Comparer<int>.Default, capacity: 1);
            var reference = new List<int>();
            var popped = new List<int>();
            var expected = new List<int>();

            for (int round = 0; round < 2_000; round++)
            {
                if (reference.Count == 0 || random.Next(3) > 0)
                {
                    int value = random.Next(500);
                    heap.Push(value);
                    reference.Add(value);
                }
                else
                {
                    int min = reference.Min();
                    reference.Remove(min);
                    expected.Add(min);
                    popped.Add(heap.Pop());
                }

                Assert.Equal(reference.Count, heap.Count);
            }

            Assert.Equal(expected, popped);
            Assert.NotEmpty(popped);
        }

        [Fact]
        public void Peek_And_Pop_OnAnEmptyHeap_Throw()
        {
            var heap = new BinaryHeap<string>(StringComparer.Ordinal);
            Assert.Throws<InvalidOperationException>(() => heap.Peek());
            Assert.Throws<InvalidOperationException>(() => heap.Pop());
        }
    }
}
