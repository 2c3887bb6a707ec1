using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution.Remote;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    public class HostPlacementTests
    {
        private static HostPlacement Placement(params (string Host, int Sessions)[] hosts)
            => new HostPlacement(
                hosts.Select(h => new KeyValuePair<string, int>(h.Host, h.Sessions)),
                new[] { new KeyValuePair<string, IReadOnlyList<string>>("workers", hosts.Select(h => h.Host).ToArray()) });

        [Fact]
        public async Task AGroup_FillsTheHostWithTheMostFreeSessionsFirst_AndNeverMoreThanMaxSessions()
        {
            var placement = Placement(("a", 1), ("b", 3));
            var leases = new List<HostLease>();
            for (int i = 0; i < 4; i++)
            {
                leases.Add(await placement.AcquireInGroupAsync("workers", CancellationToken.None));
            }

            Assert.Equal(new[] { "b", "b", "a", "b" }, leases.Select(l => l.Host));
            var fifth = placement.AcquireInGroupAsync("workers", CancellationToken.None);
            Assert.False(fifth.IsCompleted);
        }

        [Fact]
        public async Task AHostWithAnIdleOpenSession_ComesFirst()
        {
            var placement = Placement(("a", 4), ("b", 4));
            var first = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var second = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            Assert.Equal(("a", "b"), (first.Host, second.Host));

            placement.Release(second, keptSession: true);
            var next = await placement.AcquireInGroupAsync("workers", CancellationToken.None);

            Assert.Equal("b", next.Host);
            Assert.True(next.IdleSession);
        }

        [Fact]
        public async Task AWaitingAttempt_GetsTheFirstSessionThatFrees_OnAnyHost_FirstComeFirstServed()
        {
            var placement = Placement(("a", 1), ("b", 1));
            var onA = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var onB = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var first = placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var second = placement.AcquireInGroupAsync("workers", CancellationToken.None);

            placement.Release(onB, keptSession: true);
            Assert.Equal("b", (await first).Host);
            Assert.False(second.IsCompleted);

            placement.Release(onA, keptSession: false);
            Assert.Equal("a", (await second).Host);
        }

        [Fact]
        public async Task ANodeOnOneHost_SharesThatHostsSessionsWithTheGroup_AndWaitsInTheSameLine()
        {
            var placement = Placement(("a", 1), ("b", 1));
            var groupLease = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            Assert.Equal("a", groupLease.Host);
            var direct = placement.AcquireOnHostAsync("a", CancellationToken.None);
            var group = placement.AcquireInGroupAsync("workers", CancellationToken.None);

            Assert.False(direct.IsCompleted);
            Assert.Equal("b", (await group).Host);

            placement.Release(groupLease, keptSession: true);
            Assert.Equal("a", (await direct).Host);
        }

        [Fact]
        public async Task ADownHost_TakesNoGroupAttempts_UntilItIsUp_AndThenServesTheWaitingOnes()
        {
            var placement = Placement(("a", 1), ("b", 1));
            Assert.True(placement.MarkDown("a", "refused"));
            Assert.False(placement.MarkDown("a", "again"));
            var onB = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var waiting = placement.AcquireInGroupAsync("workers", CancellationToken.None);

            Assert.Equal("b", onB.Host);
            Assert.False(waiting.IsCompleted);
            Assert.Equal("refused", placement.DownReason("a"));
            var direct = await placement.AcquireOnHostAsync("a", CancellationToken.None);
            Assert.Equal("a", direct.Host); // a node on the named host still goes there
            placement.Release(direct, keptSession: false);
            Assert.False(waiting.IsCompleted);

            placement.MarkUp("a");
            Assert.Equal("a", (await waiting).Host);
            Assert.Null(placement.DownReason("a"));
        }

        [Fact]
        public async Task WhenEveryHostOfTheGroupIsDown_WaitingAndNewAttemptsFail_NamingEachHostsReason()
        {
            var placement = Placement(("a", 1), ("b", 1));
            var onA = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var onB = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var waiting = placement.AcquireInGroupAsync("workers", CancellationToken.None);

            placement.MarkDown("a", "connection refused");
            Assert.False(waiting.IsCompleted);
            placement.MarkDown("b", "session broke");

            var error = await Assert.ThrowsAsync<HostUnreachableException>(() => waiting);
            Assert.Contains("a: connection refused", error.Message);
            Assert.Contains("b: session broke", error.Message);
            Assert.Throws<HostUnreachableException>(() => placement.AcquireInGroupAsync("workers", CancellationToken.None).GetAwaiter().GetResult());
            placement.Release(onA, keptSession: false);
            placement.Release(onB, keptSession: false);
        }

        [Fact]
        public async Task ACancelledWait_GivesUpItsTurn_AndTheFreedSessionGoesToTheNextOne()
        {
            var placement = Placement(("a", 1));
            var lease = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            var cancelled = placement.AcquireInGroupAsync("workers", cancel.Token);
            var next = placement.AcquireInGroupAsync("workers", CancellationToken.None);

            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            placement.Release(lease, keptSession: true);

            Assert.Equal("a", (await next).Host);
            Assert.False(placement.AcquireInGroupAsync("workers", CancellationToken.None).IsCompleted);
        }
    }
}
