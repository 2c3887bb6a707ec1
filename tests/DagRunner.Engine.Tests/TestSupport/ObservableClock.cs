using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// A fake clock that tells the test when a timer was created and for how long, so a test advances time only
    /// after the wait it means to skip has really begun (advancing earlier would leave the wait hanging).
    /// </summary>
    internal sealed class ObservableClock : FakeTimeProvider
    {
        private readonly object gate = new object();
        private readonly List<TimeSpan> created = new List<TimeSpan>();
        private readonly List<(Func<TimeSpan, bool> Match, int Skip, TaskCompletionSource<TimeSpan> Done)> waiters = new();

        public ObservableClock(DateTimeOffset start)
            : base(start)
        {
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ObservedTimer(this, base.CreateTimer(callback, state, dueTime, period));
            Record(dueTime);
            return timer;
        }

        /// <summary>A wait begins when a timer is created or re-armed (Polly re-arms pooled ones with Change).</summary>
        private void Record(TimeSpan dueTime)
        {
            if (dueTime < TimeSpan.Zero)
            {
                return; // an unarmed timer waits for nothing
            }

            lock (gate)
            {
                created.Add(dueTime);
                foreach (var waiter in waiters.ToArray())
                {
                    if (Count(waiter.Match) > waiter.Skip)
                    {
                        waiters.Remove(waiter);
                        waiter.Done.TrySetResult(dueTime);
                    }
                }
            }
        }

        /// <summary>Completes when the <paramref name="occurrence"/>-th timer (1-based) whose due time matches exists.</summary>
        public Task<TimeSpan> TimerCreated(Func<TimeSpan, bool> match, int occurrence = 1)
        {
            lock (gate)
            {
                if (Count(match) >= occurrence)
                {
                    return Task.FromResult(created.FindAll(d => match(d))[occurrence - 1]);
                }

                var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((match, occurrence - 1, done));
                return done.Task.Within();
            }
        }

        /// <summary>Completes when a timer due exactly <paramref name="dueTime"/> from its creation exists (the n-th such).</summary>
        public Task<TimeSpan> TimerCreated(TimeSpan dueTime, int occurrence = 1) => TimerCreated(d => d == dueTime, occurrence);

        private int Count(Func<TimeSpan, bool> match) => created.FindAll(d => match(d)).Count;

        private sealed class ObservedTimer : ITimer
        {
            private readonly ObservableClock clock;
            private readonly ITimer inner;

            public ObservedTimer(ObservableClock clock, ITimer inner)
            {
                this.clock = clock;
                this.inner = inner;
            }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                bool changed = inner.Change(dueTime, period);
                clock.Record(dueTime);
                return changed;
            }

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
