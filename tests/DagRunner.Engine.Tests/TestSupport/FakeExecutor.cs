using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// An executor the test drives: each node's attempt waits until the test completes it (or the token fires,
    /// which returns Cancelled). Records start order, tokens, requests and how many ran at once.
    /// </summary>
    internal sealed class FakeExecutor : INodeExecutor
    {
        private readonly ConcurrentDictionary<string, Slot> slots = new ConcurrentDictionary<string, Slot>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentQueue<string> started = new ConcurrentQueue<string>();
        private readonly List<(int Count, TaskCompletionSource<bool> Done)> startWaiters = new List<(int, TaskCompletionSource<bool>)>();
        private int current;
        private int maxConcurrency;
        private int startCount;

        /// <summary>When set and it returns an execution, the attempt ends at once with it (no test step needed).</summary>
        public Func<NodeExecutionRequest, NodeExecution?>? AutoComplete { get; set; }

        /// <summary>Nodes whose attempt keeps running when its token fires, until the test completes it (set before the run).</summary>
        public HashSet<string> IgnoresCancellation { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Node ids in the order their attempts started.</summary>
        public string[] StartOrder => started.ToArray();

        public int Current => Volatile.Read(ref current);

        public int MaxConcurrency => Volatile.Read(ref maxConcurrency);

        public ConcurrentDictionary<string, NodeExecutionRequest> Requests { get; } = new ConcurrentDictionary<string, NodeExecutionRequest>(StringComparer.OrdinalIgnoreCase);

        public ConcurrentDictionary<string, CancellationToken> Tokens { get; } = new ConcurrentDictionary<string, CancellationToken>(StringComparer.OrdinalIgnoreCase);

        public async Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var id = request.Node.Id;
            int now = Interlocked.Increment(ref current);
            for (int max = maxConcurrency; now > max; max = maxConcurrency)
            {
                Interlocked.CompareExchange(ref maxConcurrency, now, max);
            }

            try
            {
                Requests[id] = request;
                Tokens[id] = cancellationToken;
                started.Enqueue(id);
                var slot = SlotOf(id);
                slot.Started.TrySetResult(true);
                NotifyStartWaiters(Interlocked.Increment(ref startCount));

                var auto = AutoComplete?.Invoke(request);
                if (auto != null)
                {
                    return auto;
                }

                var honoured = IgnoresCancellation.Contains(id) ? CancellationToken.None : cancellationToken;
                using (honoured.Register(() => slot.Result.TrySetResult(NodeExecution.Cancelled())))
                {
                    return await slot.Result.Task.ConfigureAwait(false);
                }
            }
            finally
            {
                Interlocked.Decrement(ref current); // before the scheduler can see the end
            }
        }

        public void Succeed(string id, params object?[] output) => Complete(id, NodeExecution.Succeeded(output));

        public void Fail(string id, string message = "boom") => Complete(id, NodeExecution.Failed(new InvalidOperationException(message)));

        public void Complete(string id, NodeExecution execution) => Assert(SlotOf(id).Result.TrySetResult(execution), id);

        public void Throw(string id, Exception exception) => Assert(SlotOf(id).Result.TrySetException(exception), id);

        /// <summary>Completes when the node's attempt has started.</summary>
        public Task WaitForStartAsync(string id) => SlotOf(id).Started.Task.Within();

        /// <summary>Completes when at least <paramref name="count"/> attempts have started in all.</summary>
        public Task WaitForStartsAsync(int count)
        {
            lock (startWaiters)
            {
                if (Volatile.Read(ref startCount) >= count)
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                startWaiters.Add((count, done));
                return done.Task.Within();
            }
        }

        public bool HasStarted(string id) => SlotOf(id).Started.Task.IsCompleted;

        public void Dispose()
        {
        }

        private void NotifyStartWaiters(int count)
        {
            lock (startWaiters)
            {
                foreach (var waiter in startWaiters.FindAll(w => w.Count <= count))
                {
                    waiter.Done.TrySetResult(true);
                    startWaiters.Remove(waiter);
                }
            }
        }

        private Slot SlotOf(string id) => slots.GetOrAdd(id, _ => new Slot());

        private static void Assert(bool completed, string id)
        {
            if (!completed)
            {
                throw new InvalidOperationException($"Node '{id}' was already completed.");
            }
        }

        private sealed class Slot
        {
            public TaskCompletionSource<bool> Started { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<NodeExecution> Result { get; } = new TaskCompletionSource<NodeExecution>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
