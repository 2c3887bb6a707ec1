using System;
using System.Threading;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution
{
    /// <summary>
    /// Runs one attempt of one node. The scheduler decides when and whether; the executor decides how
    /// (real runspaces, or a fake in tests). Implementations are called concurrently, up to the parallelism cap.
    /// </summary>
    internal interface INodeExecutor : IDisposable
    {
        /// <summary>
        /// Evaluates the node's <c>if:</c> (when it has one) and runs its script. Never throws for a failing
        /// script: failures, a false condition and cancellation come back as the <see cref="NodeExecution"/>'s outcome.
        /// When <paramref name="cancellationToken"/> fires, stops the script promptly and returns
        /// <see cref="NodeOutcome.Cancelled"/>.
        /// </summary>
        Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken);
    }
}
