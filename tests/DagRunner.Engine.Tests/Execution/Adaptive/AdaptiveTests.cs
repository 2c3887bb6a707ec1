using System;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Adaptive;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Execution.Adaptive
{
    public class AdaptiveTests
    {
        [Fact]
        public void StartsAtTheProcessorCount_GrowsWhileNodesWaitAndTheCpuIsIdle_ShrinksWhenItIsSaturated()
        {
            var cpu = new FakeCpu();
            var controller = new ConcurrencyController(processorCount: 2, upperBound: 16, cpu);
            Assert.Equal(2, controller.Limit);

            cpu.Next = 0.50;
            controller.Sample(running: 2, ready: 10);
            Assert.Equal(4, controller.Limit); // half busy: doubles
            cpu.Next = 0.10;
            controller.Sample(running: 4, ready: 10);
            Assert.Equal(16, controller.Limit); // nearly idle: quadruples
            controller.Sample(running: 16, ready: 10);
            Assert.Equal(16, controller.Limit); // never above parallelism

            cpu.Next = 0.99;
            controller.Sample(running: 16, ready: 10);
            Assert.Equal(12, controller.Limit);
            for (int i = 0; i < 20; i++)
            {
                controller.Sample(running: 12, ready: 10);
            }

            Assert.Equal(2, controller.Limit); // never below the processor count
            Assert.Equal(16, controller.HighestLimit);
        }

        [Theory]
        [InlineData(0.10, 2, 0)] // idle CPU but nothing waiting: no reason to grow
        [InlineData(0.10, 1, 5)] // a slot is still free: no reason to grow
        [InlineData(0.80, 2, 5)] // busy enough: hold
        public void HoldsItsCap_WhenGrowingWouldNotHelp(double utilization, int running, int ready)
        {
            var controller = new ConcurrencyController(2, 16, new FakeCpu { Next = utilization });
            controller.Sample(running, ready);
            Assert.Equal(2, controller.Limit);
        }

        [Theory]
        [InlineData(0.2, 16, 8)]      // idle: four times the processors
        [InlineData(0.2, 6, 6)]       // never above parallelism
        [InlineData(0.9, 16, 2)]      // busy lately: the processor count
        [InlineData(double.NaN, 16, 2)] // unknown: the processor count
        public void ItsFirstCap_DependsOnHowIdleTheMachineHasBeen(double load, int upperBound, int expected)
        {
            var cpu = new FakeCpu { Load = load };
            var controller = new ConcurrencyController(2, upperBound, cpu);

            Assert.Equal(expected, controller.Limit);

            // CPU-bound nodes: busy samples cut an idle start back to the processor count, never below it.
            cpu.Next = 0.99;
            for (int i = 0; i < 10; i++)
            {
                controller.Sample(running: controller.Limit, ready: 5);
            }

            Assert.Equal(2, controller.Limit);
        }

        [Fact]
        public void AfterALookThatCouldNotTell_QuickLooksFollow_WhichGrowTheCapButNeverCutIt()
        {
            var clock = new FakeTimeProvider();
            var cpu = new FakeCpu { Load = 0.2, Next = 0.99, CouldTell = false }; // the run's own start-up, no node settled
            var controller = new ConcurrencyController(processorCount: 2, upperBound: 64, cpu);
            using var sampling = controller.StartSampling(clock, () => { });
            Assert.Equal(8, controller.Limit);

            clock.Advance(ConcurrencyController.FirstLook); // the first, full look: a busy machine cuts the cap
            controller.SampleIfDue(running: 8, ready: 50);
            Assert.Equal(6, controller.Limit);

            clock.Advance(ConcurrencyController.FirstLook); // a quick look: still busy, but it never cuts
            controller.SampleIfDue(running: 6, ready: 50);
            Assert.Equal(6, controller.Limit);

            cpu.Next = 0.1;
            cpu.CouldTell = true; // the nodes have settled: they wait
            clock.Advance(ConcurrencyController.FirstLook);
            controller.SampleIfDue(running: 6, ready: 50);
            Assert.Equal(24, controller.Limit);

            clock.Advance(ConcurrencyController.FirstLook); // it grew: one more quick look, a full interval early
            controller.SampleIfDue(running: 24, ready: 50);
            Assert.Equal(64, controller.Limit);
        }

        [Fact]
        public void AfterALookThatCouldTellAndHeld_TheNextLookIsAFullIntervalLater()
        {
            var clock = new FakeTimeProvider();
            var cpu = new FakeCpu { Next = 0.8 }; // busy enough to hold
            var controller = new ConcurrencyController(processorCount: 2, upperBound: 64, cpu);
            using var sampling = controller.StartSampling(clock, () => { });

            clock.Advance(ConcurrencyController.FirstLook);
            controller.SampleIfDue(running: 2, ready: 50);
            Assert.Equal(2, controller.Limit);

            cpu.Next = 0.1;
            for (var elapsed = TimeSpan.Zero; elapsed < ConcurrencyController.Interval - ConcurrencyController.FirstLook; elapsed += ConcurrencyController.FirstLook)
            {
                clock.Advance(ConcurrencyController.FirstLook);
                controller.SampleIfDue(running: 2, ready: 50);
                Assert.Equal(2, controller.Limit); // no look due before the interval
            }

            clock.Advance(ConcurrencyController.FirstLook);
            controller.SampleIfDue(running: 2, ready: 50);
            Assert.Equal(8, controller.Limit);
        }

        [Fact]
        public void AfterTheStartUp_ALookThatCouldNotTell_IsFollowedByNoQuickLook()
        {
            // Nodes shorter than it takes one to settle: no reading ever tells, and none will.
            var clock = new FakeTimeProvider();
            var cpu = new FakeCpu { Next = 0.8, CouldTell = false };
            var controller = new ConcurrencyController(processorCount: 2, upperBound: 64, cpu);
            using var sampling = controller.StartSampling(clock, () => { });
            var ticksPerInterval = (int)(ConcurrencyController.Interval.Ticks / ConcurrencyController.FirstLook.Ticks);
            for (int tick = 1; tick <= (ConcurrencyController.StartUpLooks * ticksPerInterval) + 1; tick++)
            {
                clock.Advance(ConcurrencyController.FirstLook); // the start-up's looks, quick ones between, and the next full one
                controller.SampleIfDue(running: 2, ready: 50);
            }

            Assert.Equal(2, controller.Limit);
            cpu.Next = 0.1;
            clock.Advance(ConcurrencyController.FirstLook);
            controller.SampleIfDue(running: 2, ready: 50);
            Assert.Equal(2, controller.Limit); // no quick look came

            for (int tick = 1; tick < ticksPerInterval; tick++)
            {
                clock.Advance(ConcurrencyController.FirstLook);
            }

            controller.SampleIfDue(running: 2, ready: 50);
            Assert.Equal(8, controller.Limit); // the next full look
        }

        [Fact]
        public void AnUpperBoundBelowTheProcessorCount_IsTheCap()
            => Assert.Equal(1, new ConcurrencyController(4, 1, new FakeCpu()).Limit);

        [Fact]
        public async Task InARun_TheCapGrowsOnTheControllersClock_WhileNodesWait()
        {
            var cpu = new FakeCpu { Next = 0.05 };
            using var run = RunHarness.Start(Wide(8), o =>
            {
                o.Mode = ExecutionMode.Adaptive;
                o.ProcessorCount = 2;
                o.CpuMonitor = cpu;
            });
            await run.Executor.WaitForStartsAsync(2);
            Assert.Equal(2, run.Executor.Current);

            // The first look comes sooner than the interval; an idle CPU quadruples the cap.
            run.Clock.Advance(ConcurrencyController.FirstLook);
            await run.Executor.WaitForStartsAsync(8);
            Assert.Equal(8, run.Executor.Current);

            foreach (var id in run.Executor.StartOrder)
            {
                run.Executor.Succeed(id);
            }

            var result = await run.Result();
            Assert.Equal("Adaptive", result.Mode);
            Assert.Equal(8, result.PeakConcurrency);
        }
    }
}
