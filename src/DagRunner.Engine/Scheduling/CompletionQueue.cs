using System.Collections.Generic;
using System.Threading.Tasks;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Where node tasks hand their results to the scheduler loop: any thread adds, one reader waits and drains
    /// everything at once. Waking costs O(1) however many nodes run, unlike <c>Task.WhenAny</c> over all of them.
    /// </summary>
    internal sealed class CompletionQueue<T>
    {
        private readonly object gate = new object();
        private List<T> items = new List<T>();
        private TaskCompletionSource<bool>? waiter;
        private bool signaled;

        /// <summary>Adds an item and wakes the reader. Thread-safe.</summary>
        public void Add(T item)
        {
            TaskCompletionSource<bool>? toWake;
            lock (gate)
            {
                items.Add(item);
                toWake = TakeWaiter();
            }

            toWake?.TrySetResult(true);
        }

        /// <summary>Wakes the reader without an item, for news it checks itself (such as cancellation). Thread-safe.</summary>
        public void Signal()
        {
            TaskCompletionSource<bool>? toWake;
            lock (gate)
            {
                toWake = TakeWaiter();
                signaled = toWake == null;
            }

            toWake?.TrySetResult(true);
        }

        /// <summary>Completes when an item is waiting or <see cref="Signal"/> was called since the last wait.</summary>
        public Task WaitAsync()
        {
            lock (gate)
            {
                if (items.Count > 0 || signaled)
                {
                    signaled = false;
                    return Task.CompletedTask;
                }

                // Continuations run on the thread pool, never inline on the thread of a finishing node.
                waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                return waiter.Task;
            }
        }

        /// <summary>Moves every waiting item into <paramref name="target"/>, in the order they were added.</summary>
        public void DrainTo(List<T> target)
        {
            List<T> taken;
            lock (gate)
            {
                if (items.Count == 0)
                {
                    return;
                }

                taken = items;
                items = new List<T>();
            }

            target.AddRange(taken);
        }

        private TaskCompletionSource<bool>? TakeWaiter()
        {
            var current = waiter;
            waiter = null;
            return current;
        }
    }
}
