using System;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>An executor whose every attempt is the given function (for executors that throw or misbehave).</summary>
    internal sealed class DelegateExecutor : INodeExecutor
    {
        private readonly Func<NodeExecutionRequest, Task<NodeExecution>> execute;

        public DelegateExecutor(Func<NodeExecutionRequest, Task<NodeExecution>> execute) => this.execute = execute;

        public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken) => execute(request);

        public void Dispose()
        {
        }
    }
}
