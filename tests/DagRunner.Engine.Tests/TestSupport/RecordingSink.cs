using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>Keeps every event in order; lets a test wait for a node's NodeFinishedEvent.</summary>
    internal sealed class RecordingSink : IRunEventSink
    {
        private readonly ConcurrentQueue<RunEvent> events = new ConcurrentQueue<RunEvent>();
        private readonly ConcurrentDictionary<string, TaskCompletionSource<NodeResult>> finished =
            new ConcurrentDictionary<string, TaskCompletionSource<NodeResult>>(StringComparer.OrdinalIgnoreCase);

        public RunEvent[] Events => events.ToArray();

        public void Publish(RunEvent runEvent)
        {
            events.Enqueue(runEvent);
            if (runEvent is NodeFinishedEvent done)
            {
                Finished(done.Result.Name).TrySetResult(done.Result);
            }
        }

        public Task<NodeResult> WaitForFinishedAsync(string node) => Finished(node).Task.Within();

        public string[] Started => Events.OfType<NodeStartedEvent>().Select(e => e.Node).ToArray();

        private TaskCompletionSource<NodeResult> Finished(string node)
            => finished.GetOrAdd(node, _ => new TaskCompletionSource<NodeResult>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
