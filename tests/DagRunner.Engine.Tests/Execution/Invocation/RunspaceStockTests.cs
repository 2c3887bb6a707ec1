using System;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using DagRunner.Engine.Execution.Invocation;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>The runspaces of a run: made only when none is idle, handed back and reused, a broken one never reused.</summary>
    public sealed class RunspaceStockTests : IDisposable
    {
        private int sessionStatesBuilt;
        private readonly RunspaceStock stock;

        public RunspaceStockTests()
        {
            stock = new RunspaceStock(() =>
            {
                sessionStatesBuilt++;
                return InitialSessionState.CreateDefault2();
            });
        }

        public void Dispose() => stock.Dispose();

        [Fact]
        public void AReturnedRunspace_IsRentedAgain_InsteadOfANewOne()
        {
            var first = stock.Rent();
            stock.Return(first);

            var second = stock.TryRentIdle();

            Assert.Same(first, second);
            Assert.Equal(1, stock.Created);
        }

        [Fact]
        public void NoMoreRunspacesAreMade_ThanAreRentedAtOnce()
        {
            var a = stock.Rent();
            var b = stock.Rent();
            stock.Return(a);
            stock.Return(b);

            var c = stock.Rent();
            var d = stock.Rent();

            Assert.Equal(2, stock.Created);
            Assert.Equal(new[] { 1, 2 }, new[] { c.Id, d.Id }.OrderBy(id => id));
            Assert.Equal(1, sessionStatesBuilt);
        }

        [Fact]
        public void TryRentIdle_GivesNothing_WhenNoneIsIdle()
        {
            Assert.Null(stock.TryRentIdle());

            stock.Rent();

            Assert.Null(stock.TryRentIdle());
            Assert.Equal(1, stock.Created);
        }

        [Fact]
        public void ABrokenRunspace_IsClosed_AndNotRentedAgain()
        {
            var broken = stock.Rent();
            broken.Broken = true;
            stock.Return(broken);

            var next = stock.Rent();

            Assert.NotSame(broken, next);
            Assert.Equal(2, next.Id);
        }

        [Fact]
        public void ARentedRunspace_IsOpen_AndKnowsItsPipelineThreadOnLinux()
        {
            var worker = stock.Rent();

            Assert.Equal(RunspaceState.Opened, worker.Runspace.RunspaceStateInfo.State);
            Assert.Equal(OperatingSystem.IsLinux(), worker.PipelineThread != null);
        }

        [Fact]
        public void Dispose_ClosesEveryRunspace_AndRentingAfterwardsFails()
        {
            var busy = stock.Rent();
            var idle = stock.Rent();
            stock.Return(idle);

            stock.Dispose();

            Assert.NotEqual(RunspaceState.Opened, busy.Runspace.RunspaceStateInfo.State);
            Assert.NotEqual(RunspaceState.Opened, idle.Runspace.RunspaceStateInfo.State);
            Assert.Throws<ObjectDisposedException>(() => stock.TryRentIdle());
            Assert.Throws<ObjectDisposedException>(() => stock.Rent());
        }

        [Fact]
        public async Task RunspacesRentedInParallel_AreAllDifferent()
        {
            var rented = await Task.WhenAll(Task.Run(stock.Rent), Task.Run(stock.Rent), Task.Run(stock.Rent));

            Assert.Equal(3, rented.Select(w => w.Runspace).Distinct().Count());
            Assert.Equal(3, stock.Created);
        }
    }
}
