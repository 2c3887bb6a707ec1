using System;
using System.Management.Automation.Runspaces;
using DagRunner.Engine.Execution.Invocation;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>
    /// Runspaces kept between runs in one session: the next run takes them instead of opening new ones; an idle one
    /// is closed after the lifetime; never more than the capacity; Clear closes them all.
    /// </summary>
    public sealed class SessionRunspacesTests : IDisposable
    {
        private readonly FakeTimeProvider clock = new FakeTimeProvider();
        private readonly SessionRunspaces session;
        private int sessionStatesBuilt;

        public SessionRunspacesTests() => session = new SessionRunspaces(clock, capacity: 2, idleLifetime: TimeSpan.FromMinutes(5));

        public void Dispose() => session.Dispose();

        [Fact]
        public void TheNextRun_TakesTheRunspaceTheLastRunKept_InsteadOfOpeningOne()
        {
            var first = NewStock();
            var used = first.Rent();
            first.Return(used);
            first.Dispose(worker => Park(worker));

            var second = NewStock();
            var taken = second.Rent();

            Assert.Same(used.Runspace, taken.Runspace);
            Assert.Equal(1, sessionStatesBuilt);
            Assert.Equal(1, taken.Id);
            Assert.Equal(RunspaceState.Opened, taken.Runspace.RunspaceStateInfo.State);
            Assert.NotEqual(SessionRunspaces.KeptName, taken.Runspace.Name);
            Assert.Equal(0, session.Count);
            second.Dispose();
        }

        [Fact]
        public void AKeptRunspace_IsClosed_WhenItWaitedTheIdleLifetime()
        {
            var kept = OpenAndKeep();
            Assert.Equal(SessionRunspaces.KeptName, kept.Name);

            clock.Advance(TimeSpan.FromMinutes(4));
            Assert.Equal(RunspaceState.Opened, kept.RunspaceStateInfo.State);

            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(0, session.Count);
            Assert.Equal(RunspaceState.Closed, kept.RunspaceStateInfo.State);
        }

        [Fact]
        public void EachKeptRunspace_HasItsOwnLifetime_CountedFromWhenItWasKept()
        {
            var older = OpenAndKeep();
            clock.Advance(TimeSpan.FromMinutes(3));
            var newer = OpenAndKeep();

            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(RunspaceState.Closed, older.RunspaceStateInfo.State);
            Assert.Equal(RunspaceState.Opened, newer.RunspaceStateInfo.State);

            clock.Advance(TimeSpan.FromMinutes(3));
            Assert.Equal(RunspaceState.Closed, newer.RunspaceStateInfo.State);
            Assert.Equal(0, session.Count);
        }

        [Fact]
        public void BeyondItsCapacity_ARunspaceIsClosedInsteadOfKept()
        {
            var a = OpenAndKeep();
            var b = OpenAndKeep();
            var c = OpenAndKeep();

            Assert.Equal(2, session.Count);
            Assert.Equal(RunspaceState.Opened, a.RunspaceStateInfo.State);
            Assert.Equal(RunspaceState.Opened, b.RunspaceStateInfo.State);
            Assert.Equal(RunspaceState.Closed, c.RunspaceStateInfo.State);
        }

        [Fact]
        public void Clear_ClosesEveryKeptRunspace_AndLaterRunsKeepTheirsAgain()
        {
            var kept = OpenAndKeep();

            session.Clear();

            Assert.Equal(RunspaceState.Closed, kept.RunspaceStateInfo.State);
            var later = OpenAndKeep();
            Assert.Equal(1, session.Count);
            Assert.Equal(RunspaceState.Opened, later.RunspaceStateInfo.State);
        }

        [Fact]
        public void ARunspaceNotOfferedToTheSession_IsClosedWithItsRun()
        {
            var stock = NewStock();
            var worker = stock.Rent();
            stock.Return(worker);

            stock.Dispose(_ => false);

            Assert.Equal(RunspaceState.Closed, worker.Runspace.RunspaceStateInfo.State);
            Assert.Equal(0, session.Count);
        }

        [Fact]
        public void ABusyRunspace_IsNeverOfferedToTheSession()
        {
            var stock = NewStock();
            var busy = stock.Rent();
            bool offered = false;

            stock.Dispose(_ => offered = true);

            Assert.False(offered);
            Assert.Equal(RunspaceState.Closed, busy.Runspace.RunspaceStateInfo.State);
        }

        private RunspaceStock NewStock() => new RunspaceStock(
            () =>
            {
                sessionStatesBuilt++;
                return InitialSessionState.CreateDefault2();
            },
            session);

        private bool Park(RunspaceStock.Worker worker)
        {
            session.Park(worker);
            return true;
        }

        private Runspace OpenAndKeep()
        {
            var stock = new RunspaceStock(InitialSessionState.CreateDefault2);
            var worker = stock.OpenNew();
            stock.Return(worker);
            stock.Dispose(w => Park(w));
            return worker.Runspace;
        }
    }
}
