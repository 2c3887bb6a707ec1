using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DagRunner.Engine.Events;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// Keeps the log records a node's script writes and lets a test wait for one: the handshake with a running
    /// script ("I have started", "here is my child's pid") instead of a sleep.
    /// </summary>
    internal sealed class LogWatcher : IRunEventSink
    {
        private readonly object gate = new object();
        private readonly List<NodeLogEvent> logs = new List<NodeLogEvent>();
        private readonly List<(Func<NodeLogEvent, bool> Match, TaskCompletionSource<NodeLogEvent> Seen)> waiters = new();

        public IReadOnlyList<NodeLogEvent> Logs
        {
            get
            {
                lock (gate)
                {
                    return logs.ToArray();
                }
            }
        }

        /// <summary>The text of each record of <paramref name="stream"/>, in order.</summary>
        public IReadOnlyList<string> Texts(NodeLogStream stream) => Logs.Where(l => l.Stream == stream).Select(l => Text(l.Data)).ToArray();

        public void Publish(RunEvent runEvent)
        {
            if (!(runEvent is NodeLogEvent log))
            {
                return;
            }

            lock (gate)
            {
                logs.Add(log);
                foreach (var waiter in waiters.Where(w => w.Match(log)).ToArray())
                {
                    waiters.Remove(waiter);
                    waiter.Seen.TrySetResult(log);
                }
            }
        }

        /// <summary>Completes with the first output record whose text is <paramref name="text"/>, or that starts with it when it ends with '*'.</summary>
        public Task<string> OutputAsync(string text)
        {
            bool prefix = text.EndsWith("*", StringComparison.Ordinal);
            var wanted = prefix ? text.Substring(0, text.Length - 1) : text;
            return WaitAsync(l => l.Stream == NodeLogStream.Output && (prefix ? Text(l.Data).StartsWith(wanted, StringComparison.Ordinal) : Text(l.Data) == wanted))
                .ContinueWith(t => Text(t.Result.Data), TaskScheduler.Default);
        }

        public Task<NodeLogEvent> WaitAsync(Func<NodeLogEvent, bool> match)
        {
            lock (gate)
            {
                var seen = logs.FirstOrDefault(match);
                if (seen != null)
                {
                    return Task.FromResult(seen);
                }

                var done = new TaskCompletionSource<NodeLogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((match, done));
                return done.Task.Within();
            }
        }

        public static string Text(object? data) => data switch
        {
            null => string.Empty,
            PSObject pso => pso.BaseObject?.ToString() ?? string.Empty,
            InformationRecord info => info.MessageData?.ToString() ?? string.Empty,
            ErrorRecord error => error.ToString(),
            InformationalRecord record => record.Message,
            _ => data.ToString() ?? string.Empty,
        };
    }
}
