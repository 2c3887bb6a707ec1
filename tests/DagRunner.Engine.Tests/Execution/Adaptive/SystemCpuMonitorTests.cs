using System;
using System.Runtime.CompilerServices;
using DagRunner.Engine.Execution.Adaptive;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Adaptive
{
    /// <summary>What Adaptive reads as load: the machine's CPU, less this process's own work that is not a node computing.</summary>
    public sealed class SystemCpuMonitorTests
    {
        private readonly FakeTimeProvider clock = new FakeTimeProvider();
        private readonly FakeCounters counters;
        private readonly StrongBox<CpuCounterReading?> lastStart = new StrongBox<CpuCounterReading?>(null);

        public SystemCpuMonitorTests() => counters = new FakeCounters(clock);

        private SystemCpuMonitor Monitor(RunningNodeThreads? nodes = null)
            => new SystemCpuMonitor(counters, nodes ?? new RunningNodeThreads(clock, _ => 'S'), clock, processorCount: 2, lastStart);

        [Fact]
        public void TheRunsOwnStartUp_IsNotLoad_OnceItsNodesHaveSettledAndWait()
        {
            var nodes = new RunningNodeThreads(clock, _ => 'S');
            var monitor = Monitor(nodes);
            monitor.Utilization();
            using var waiting = nodes.Enter("1/task/11");

            // 50 ms on 2 processors: 90 % busy, 85 points of it this process (runspaces opening).
            counters.Advance(busy: 9, total: 10, own: 8.5, TimeSpan.FromMilliseconds(50));
            Assert.Equal(0.90, monitor.Utilization(), precision: 6); // the node has not settled: nothing tells
            Assert.False(monitor.CouldTell); // so Adaptive looks again soon, and only to grow

            counters.Advance(busy: 18, total: 20, own: 17, TimeSpan.FromMilliseconds(100));
            Assert.Equal(0.05, monitor.Utilization(), precision: 6); // settled and waiting: only the others' 5 % count
            Assert.True(monitor.CouldTell);
        }

        [Fact]
        public void WithoutThisProcesssOwnTime_TheMachinesUseStands()
        {
            var nodes = new RunningNodeThreads(clock, _ => 'S');
            var monitor = Monitor(nodes);
            counters.OwnKnown = false; // not Linux
            monitor.Utilization();
            using var waiting = nodes.Enter("1/task/11");
            clock.Advance(RunningNodeThreads.SettleTime);

            counters.Advance(busy: 18, total: 20, own: 17, TimeSpan.FromMilliseconds(100));

            Assert.Equal(0.90, monitor.Utilization(), precision: 6);
            Assert.True(monitor.CouldTell); // no better reading will come here: no quick looks
        }

        [Fact]
        public void ARunsStart_ReadsTheOtherProcessesUseSinceThePreviousRunStarted_NotTheLoadAverage()
        {
            counters.Load = 1.5; // this process's own earlier runs made it high
            Assert.Equal(1.5, Monitor().RecentLoad()); // the process's first run: nothing to look back to

            // 1 s on 2 processors: busy 150 of 200 ticks, 140 of them this process's (its previous run).
            counters.Advance(busy: 150, total: 200, own: 140, TimeSpan.FromSeconds(1));
            Assert.Equal(0.05, Monitor().RecentLoad(), precision: 6);
        }

        [Fact]
        public void ALookBackTooShortToRead_UsesTheLoadAverage_AndTheNextStartLooksFurther()
        {
            counters.Load = 1.5;
            Monitor().RecentLoad();
            counters.Advance(busy: 10, total: 20, own: 10, TimeSpan.FromMilliseconds(100));
            Assert.Equal(1.5, Monitor().RecentLoad()); // 100 ms: too few ticks

            counters.Advance(busy: 30, total: 200, own: 10, TimeSpan.FromSeconds(1));
            Assert.Equal(0.20 / 2.2, Monitor().RecentLoad(), precision: 6); // from the first start: 40 busy less 20 own, over 220
        }

        [Fact]
        public void ALookBackOlderThanTheLoadAverages_UsesTheLoadAverage()
        {
            counters.Load = 0.9;
            Monitor().RecentLoad();
            counters.Advance(busy: 0, total: 12200, own: 0, SystemCpuMonitor.LookBackAtMost + TimeSpan.FromSeconds(1));

            Assert.Equal(0.9, Monitor().RecentLoad());
        }

        [Theory]
        [InlineData(0.95, 0.02, 8, 0.0, 0.02)] // the run's own runspaces opening fill the CPU, its settled nodes all wait: room
        [InlineData(0.95, 0.02, 0, 0.0, 0.95)] // no node settled yet: nothing tells start-up from work, the machine's use stands
        [InlineData(0.95, 0.02, 4, 2.0, 0.95)] // two computing nodes fill two processors
        [InlineData(0.60, 0.55, 4, 0.0, 0.55)] // other processes (and the nodes' children) count
        [InlineData(0.30, 0.00, 4, 3.0, 0.30)] // never more than the machine's use
        public void TheReading_IsTheOthersUsePlusTheComputingNodes_NeverAboveTheMachines(double machine, double others, int settled, double computing, double expected)
            => Assert.Equal(expected, SystemCpuMonitor.Effective(machine, others, settled, computing, processors: 2), precision: 6);

        private sealed class FakeCounters : ICpuCounters
        {
            private readonly FakeTimeProvider clock;
            private double busy;
            private double total = 1000;
            private double own;

            public FakeCounters(FakeTimeProvider clock) => this.clock = clock;

            public double Load { get; set; } = double.NaN;

            public bool OwnKnown { get; set; } = true;

            public void Advance(double busy, double total, double own, TimeSpan time)
            {
                this.busy += busy;
                this.total += total;
                this.own += own;
                clock.Advance(time);
            }

            public CpuCounterReading Read() => new CpuCounterReading(busy, total, OwnKnown ? own : double.NaN, clock.GetTimestamp());

            public double LoadAverage() => Load;
        }
    }
}
