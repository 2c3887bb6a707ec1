using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using Microsoft.Extensions.Time.Testing;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>
    /// Runs no script: each node takes the time the test gave it on the fake clock and ends as the test said
    /// (succeeds with its id as output by default). Sequential runs make every start and end time exact.
    /// </summary>
    internal sealed class ScriptedExecutor : INodeExecutor
    {
        private readonly FakeTimeProvider clock;
        private readonly Dictionary<string, TimeSpan> durations = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Func<NodeExecutionRequest, NodeExecution>> outcomes = new Dictionary<string, Func<NodeExecutionRequest, NodeExecution>>(StringComparer.OrdinalIgnoreCase);

        public ScriptedExecutor(FakeTimeProvider clock) => this.clock = clock;

        public ScriptedExecutor Takes(string node, TimeSpan duration)
        {
            durations[node] = duration;
            return this;
        }

        public ScriptedExecutor Fails(string node, string message)
        {
            outcomes[node] = _ => NodeExecution.Failed(new InvalidOperationException(message), worker: 1);
            return this;
        }

        public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            if (durations.TryGetValue(request.Node.Id, out var duration))
            {
                clock.Advance(duration);
            }

            var execution = outcomes.TryGetValue(request.Node.Id, out var outcome)
                ? outcome(request)
                : NodeExecution.Succeeded(new object?[] { request.Node.Id }, worker: 1);
            return Task.FromResult(execution);
        }

        public void Dispose()
        {
        }
    }
}
