using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Queues run events from worker threads and hands them out on the cmdlet's pipeline thread, the only
    /// thread allowed to call Write* (PowerShell's PSTask.cs does the same with its data stream writer).
    /// The pipeline thread sleeps until an event comes and then takes every queued one: it never spins. (A
    /// BlockingCollection spins before it blocks; with an event every few dozen microseconds it spun all run long,
    /// a whole core of a 2-core machine taken from the nodes.)
    /// </summary>
    internal sealed class EventPump : IRunEventSink, IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly ConcurrentQueue<RunEvent> queue = new ConcurrentQueue<RunEvent>();
        private readonly ManualResetEventSlim arrived = new ManualResetEventSlim(false, spinCount: 0);
        private volatile bool closed;

        public void Publish(RunEvent runEvent)
        {
            if (closed)
            {
                return; // the cmdlet has stopped listening (it was stopped or threw); late events have no reader
            }

            queue.Enqueue(runEvent);
            try
            {
                arrived.Set();
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile: as above.
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
                while (queue.TryDequeue(out var runEvent))
                {
                    handle(runEvent);
                    if (runEvent is RunFinishedEvent finished)
                    {
                        // Nothing follows RunFinished; the task completes right after publishing it.
                        run.Wait();
                        return finished.Result;
                    }
                }

                if (run.IsCompleted && queue.IsEmpty)
                {
                    // Only a faulted engine ends without RunFinished; surface its exception.
                    return run.GetAwaiter().GetResult();
                }

                idle?.Invoke();

                // Reset, then look again: an event queued between the last look and the reset is not slept through.
                arrived.Reset();
                if (queue.IsEmpty)
                {
                    arrived.Wait(PollInterval);
                }
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
            closed = true;
            arrived.Dispose();
        }
    }
}
