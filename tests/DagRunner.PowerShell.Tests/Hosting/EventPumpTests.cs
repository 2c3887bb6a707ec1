using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public class EventPumpTests
    {
        [Fact]
        public void EventPump_Drain_HandsEveryEventInOrderToTheDrainingThread()
        {
            var run = SampleRuns.Build();
            using var pump = new EventPump();
            var handled = new List<(RunEvent Event, int Thread)>();

            // The engine publishes from its own threads; Write* is only allowed on the pipeline thread.
            var engine = Task.Run(() =>
            {
                foreach (var runEvent in run.Events)
                {
                    pump.Publish(runEvent);
                }

                return run.Result;
            });
            var result = pump.Drain(engine, e => handled.Add((e, Environment.CurrentManagedThreadId)));

            Assert.Same(run.Result, result);
            Assert.Equal(run.Events, handled.Select(h => h.Event));
            Assert.All(handled, h => Assert.Equal(Environment.CurrentManagedThreadId, h.Thread));
        }

        [Fact]
        public void EventPump_Drain_RunThatFaultsWithoutRunFinished_ThrowsTheEnginesException()
        {
            using var pump = new EventPump();
            var engine = Task.FromException<DagRunResult>(new InvalidOperationException("engine broke"));

            var thrown = Assert.Throws<InvalidOperationException>(() => pump.Drain(engine, _ => { }));

            Assert.Equal("engine broke", thrown.Message);
        }

        [Fact]
        public void EventPump_Drain_CallsIdleWhileNoEventCame()
        {
            var run = SampleRuns.Build();
            using var pump = new EventPump();
            var engine = new TaskCompletionSource<DagRunResult>();
            int idles = 0;

            // The run only ends once idle was called: Drain must call it while the queue is empty.
            var result = pump.Drain(engine.Task, _ => { }, () =>
            {
                if (Interlocked.Increment(ref idles) == 1)
                {
                    pump.Publish(run.Events.OfType<RunFinishedEvent>().Single());
                    engine.SetResult(run.Result);
                }
            });

            Assert.Same(run.Result, result);
            Assert.True(idles >= 1);
        }

        [Fact]
        public void EventPump_Publish_AfterTheCmdletStoppedListening_IsDropped()
        {
            var pump = new EventPump();
            pump.Dispose();

            var late = Record.Exception(() => pump.Publish(new NodeStartedEvent(DateTime.Now, "late", 1)));

            Assert.Null(late);
        }
    }
}
