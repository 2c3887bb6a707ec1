using System;
using System.Collections.Generic;

namespace DagRunner.Engine.Utils
{
    /// <summary>
    /// A binary min-heap: <see cref="Pop"/> returns the item the comparer orders first. netstandard2.0 has no
    /// <c>PriorityQueue</c>. Push and Pop are O(log n). Not thread-safe.
    /// </summary>
    internal sealed class BinaryHeap<T>
    {
        private readonly IComparer<T> comparer;
        private T[] items;
        private int count;

        public BinaryHeap(IComparer<T> comparer, int capacity = 16)
        {
            this.comparer = Guard.NotNull(comparer);
            items = new T[Math.Max(1, capacity)];
        }

        public int Count => count;

        public void Push(T item)
        {
            if (count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
            }

            int i = count++;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (comparer.Compare(item, items[parent]) >= 0)
                {
                    break;
                }

                items[i] = items[parent];
                i = parent;
            }

            items[i] = item;
        }

        /// <summary>The first item, without removing it.</summary>
        public T Peek() => count > 0 ? items[0] : throw new InvalidOperationException("The heap is empty.");

        /// <summary>Removes and returns the first item.</summary>
        public T Pop()
        {
            var first = Peek();
            var last = items[--count];
            items[count] = default!;
            if (count > 0)
            {
                SiftDown(last);
            }

            return first;
        }

        private void SiftDown(T item)
        {
            int i = 0;
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= count)
                {
                    break;
                }

                if (child + 1 < count && comparer.Compare(items[child + 1], items[child]) < 0)
                {
                    child++;
                }

                if (comparer.Compare(items[child], item) >= 0)
                {
                    break;
                }

                items[i] = items[child];
                i = child;
            }

            items[i] = item;
        }
    }
}
