using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>An executor that succeeds at once with the node's id as output, and writes each call and its disposal to a shared journal.</summary>
    internal sealed class RecordingNodeExecutor : INodeExecutor
    {
        private readonly string name;
        private readonly ConcurrentQueue<string> journal;

        /// <param name="name">How the journal names this executor ("local", "remote").</param>
        /// <param name="journal">Shared by the executors of one test, so it shows their order.</param>
        public RecordingNodeExecutor(string name, ConcurrentQueue<string> journal)
        {
            this.name = name;
            this.journal = journal;
        }

        /// <summary>The node ids this executor ran, in order.</summary>
        public List<string> Ran { get; } = new List<string>();

        public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            lock (Ran)
            {
                Ran.Add(request.Node.Id);
            }

            journal.Enqueue($"{name} ran {request.Node.Id}");
            return Task.FromResult(NodeExecution.Succeeded(new object?[] { name }));
        }

        public void Dispose() => journal.Enqueue($"{name} disposed");
    }
}
