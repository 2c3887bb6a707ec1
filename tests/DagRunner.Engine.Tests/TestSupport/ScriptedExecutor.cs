using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// An executor whose every attempt follows a script: per node, a queue of behaviours (succeed, fail, hang until
    /// the token fires). Records each request and the fake-clock time the attempt started.
    /// </summary>
    internal sealed class ScriptedExecutor : INodeExecutor
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<NodeExecutionRequest, CancellationToken, Task<NodeExecution>>>> scripts = new(StringComparer.OrdinalIgnoreCase);
        private readonly TimeProvider clock;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> attemptStarted = new();

        public ScriptedExecutor(TimeProvider clock) => this.clock = clock;

        public ConcurrentQueue<(NodeExecutionRequest Request, DateTimeOffset Time)> Calls { get; } = new();

        public ScriptedExecutor Then(string node, Func<NodeExecutionRequest, CancellationToken, Task<NodeExecution>> behaviour)
        {
            scripts.GetOrAdd(node, _ => new ConcurrentQueue<Func<NodeExecutionRequest, CancellationToken, Task<NodeExecution>>>()).Enqueue(behaviour);
            return this;
        }

        public ScriptedExecutor ThenSucceed(string node, params object?[] output)
            => Then(node, (_, _) => Task.FromResult(NodeExecution.Succeeded(output)));

        public ScriptedExecutor ThenFail(string node, string message)
            => Then(node, (_, _) => Task.FromResult(NodeExecution.Failed(new InvalidOperationException(message))));

        /// <summary>Runs until its token fires, then answers Cancelled, as the runspace executor does.</summary>
        public ScriptedExecutor ThenHang(string node)
            => Then(node, async (_, token) =>
            {
                var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (token.Register(() => stopped.TrySetResult(true)))
                {
                    await stopped.Task.ConfigureAwait(false);
                }

                return NodeExecution.Cancelled();
            });

        public IReadOnlyList<(NodeExecutionRequest Request, DateTimeOffset Time)> CallsOf(string node)
            => new List<(NodeExecutionRequest, DateTimeOffset)>(Calls).FindAll(c => c.Item1.Node.Id == node);

        /// <summary>Completes when attempt <paramref name="attempt"/> (or the fallback, part Fallback) of <paramref name="node"/> started.</summary>
        public Task Started(string node, int attempt, NodeScriptPart? part = null) => Signal(Key(node, attempt, part)).Task.Within();

        public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            Calls.Enqueue((request, clock.GetUtcNow()));
            Signal(Key(request.Node.Id, request.Attempt, null)).TrySetResult(true);
            Signal(Key(request.Node.Id, request.Attempt, request.Part)).TrySetResult(true);
            if (!scripts.TryGetValue(request.Node.Id, out var queue) || !queue.TryDequeue(out var behaviour))
            {
                throw new InvalidOperationException($"No scripted behaviour left for node '{request.Node.Id}' attempt {request.Attempt}.");
            }

            return behaviour(request, cancellationToken);
        }

        public void Dispose()
        {
        }

        private static string Key(string node, int attempt, NodeScriptPart? part) => $"{node}#{attempt}#{part}";

        private TaskCompletionSource<bool> Signal(string key)
            => attemptStarted.GetOrAdd(key, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
