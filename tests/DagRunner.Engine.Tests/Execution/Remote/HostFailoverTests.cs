using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Remote;
using DagRunner.Engine.Results;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    public sealed class HostFailoverTests : IDisposable
    {
        private static readonly NodeDefinition OnGroup = new NodeDefinition { Id = "job", OnAny = "workers" };
        private readonly ObservableClock clock = new ObservableClock(RunHarness.Epoch);
        private readonly HostPlacement placement;
        private readonly HostRecovery recovery;
        private readonly HostFailover failover;
        private readonly ConcurrentQueue<string> warnings = new ConcurrentQueue<string>();
        private readonly ConcurrentQueue<string> tried = new ConcurrentQueue<string>();
        private Func<string, CancellationToken, Task<bool>> answers = (_, _) => Task.FromResult(false);

        public HostFailoverTests()
        {
            placement = new HostPlacement(
                new[] { new KeyValuePair<string, int>("a", 1), new KeyValuePair<string, int>("b", 1) },
                new[] { new KeyValuePair<string, IReadOnlyList<string>>("workers", new[] { "a", "b" }) });
            recovery = new HostRecovery(placement, (host, token) => answers(host, token), clock);
            failover = new HostFailover(placement, recovery);
        }

        public void Dispose() => recovery.Dispose();

        private static NodeExecution Unreachable(string host)
            => HostFailover.Unreachable(new HostUnreachableException(host, $"Nothing accepts connections on {host}:22 (connection refused)."), OnGroup);

        private Task<NodeExecution> Run(NodeDefinition node, params string[] downHosts)
            => failover.RunAsync(
                node,
                (lease, _) =>
                {
                    tried.Enqueue(lease.Host);
                    var execution = downHosts.Contains(lease.Host) ? Unreachable(lease.Host) : NodeExecution.Succeeded(new object?[] { lease.Host });
                    return Task.FromResult((execution, execution.Outcome == NodeOutcome.Succeeded));
                },
                warnings.Enqueue,
                CancellationToken.None);

        [Fact]
        public async Task AnUnreachableHost_IsMarkedDownOnce_AndTheSameAttemptRunsOnAnotherHostOfTheGroup()
        {
            var first = await Run(OnGroup, "a");
            var second = await Run(OnGroup, "a");

            Assert.Equal((NodeOutcome.Succeeded, "b"), (first.Outcome, first.Host));
            Assert.Equal((NodeOutcome.Succeeded, "b"), (second.Outcome, second.Host));
            Assert.Equal(new[] { "a", "b", "b" }, tried);
            var warning = Assert.Single(warnings);
            Assert.Contains("Host 'a' is down", warning);
            Assert.Contains("connection refused", warning);
            Assert.Contains("connection refused", placement.DownReason("a"));
        }

        [Fact]
        public async Task WhenNoHostOfTheGroupIsLeft_TheAttemptFailsHostUnreachable_NamingEachHost()
        {
            var execution = await Run(OnGroup, "a", "b");

            Assert.Equal((NodeOutcome.Failed, NodeReason.HostUnreachable), (execution.Outcome, execution.Reason));
            var message = ErrorText.FirstLine(execution.Error)!;
            Assert.Contains("No host of group 'workers'", message);
            Assert.Contains("a: Nothing accepts connections on a:22", message);
            Assert.Contains("b: Nothing accepts connections on b:22", message);
            Assert.Equal(2, warnings.Count);
        }

        [Fact]
        public async Task ANodeOnOneNamedHost_IsNeitherMovedNorMarkedDown()
        {
            var execution = await Run(new NodeDefinition { Id = "one", On = new[] { "a" } }, "a");

            Assert.Equal((NodeReason.HostUnreachable, "a"), (execution.Reason, execution.Host));
            Assert.Equal(new[] { "a" }, tried);
            Assert.Null(placement.DownReason("a"));
            Assert.Empty(warnings);
        }

        [Fact]
        public async Task ADownHost_IsProbedWithGrowingWaits_AndTakesAttemptsAgainOnceItAnswers()
        {
            var probes = 0;
            answers = (_, _) => Task.FromResult(Interlocked.Increment(ref probes) >= 2);
            await Run(OnGroup, "a");
            var onB = await placement.AcquireInGroupAsync("workers", CancellationToken.None);
            var waiting = placement.AcquireInGroupAsync("workers", CancellationToken.None);

            await clock.TimerCreated(d => d == HostRecovery.FirstDelay).Within();
            clock.Advance(HostRecovery.FirstDelay);
            await clock.TimerCreated(d => d == HostRecovery.FirstDelay + HostRecovery.FirstDelay).Within();
            Assert.Equal(1, probes);
            Assert.False(waiting.IsCompleted);

            clock.Advance(HostRecovery.FirstDelay + HostRecovery.FirstDelay);
            Assert.Equal("a", (await waiting.Within()).Host);
            Assert.Equal(2, probes);
            Assert.Null(placement.DownReason("a"));
            placement.Release(onB, keptSession: true);
        }
    }
}
