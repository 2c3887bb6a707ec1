using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Queues run events from worker threads and hands them out on the cmdlet's pipeline thread, the only
    /// thread allowed to call Write* (PowerShell's PSTask.cs does the same with its data stream writer).
    /// </summary>
    internal sealed class EventPump : IRunEventSink, IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly BlockingCollection<RunEvent> queue = new BlockingCollection<RunEvent>(new ConcurrentQueue<RunEvent>());

        public void Publish(RunEvent runEvent)
        {
            try
            {
                queue.Add(runEvent);
            }
            catch (InvalidOperationException)
            {
                // The cmdlet has stopped listening (it was stopped or threw); late events have no reader.
            }
        }

        /// <summary>
        /// Calls <paramref name="handle"/> for every event, on this thread, until <paramref name="run"/> has
        /// finished and its <see cref="RunFinishedEvent"/> was handled. Returns the run's result.
        /// </summary>
        public DagRunResult Drain(Task<DagRunResult> run, Action<RunEvent> handle, Action? idle = null)
        {
            while (true)
            {
                if (queue.TryTake(out var runEvent, PollInterval))
                {
                    handle(runEvent);
                    if (runEvent is RunFinishedEvent finished)
                    {
                        // Nothing follows RunFinished; the task completes right after publishing it.
                        run.Wait();
                        return finished.Result;
                    }
                }
                else if (run.IsCompleted)
                {
                    // Only a faulted engine ends without RunFinished; surface its exception.
                    return run.GetAwaiter().GetResult();
                }

                idle?.Invoke();
            }
        }

        /// <summary>Waits for <paramref name="run"/> to end, dropping its events, after the cmdlet stopped listening.</summary>
        public static void WaitQuietly(Task run, TimeSpan limit)
        {
            try
            {
                run.Wait(limit);
            }
            catch (AggregateException)
            {
                // The caller is already reporting a failure; this only makes sure runspaces were stopped.
            }
        }

        public void Dispose()
        {
            queue.CompleteAdding();
            queue.Dispose();
        }
    }
}
