using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Remote;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>
    /// A foreach of 100,000 items on any host of a group of 500, through the real scheduler, placement and failover,
    /// with an executor that only pretends to run: correctness at scale (a benchmark measures the placement's cost).
    /// </summary>
    public class HostGroupScaleTests
    {
        private const int HostCount = 500;
        private const int Instances = 100_000;
        private const int FailingHosts = 60;

        [Fact]
        public async Task AForeachOnAGroupOf500Hosts_WithHostsFailing_EndsEveryOneOf100000InstancesExactlyOnce()
        {
            var random = new Random(18);
            var capacity = Enumerable.Range(0, HostCount).Select(_ => random.Next(1, 5)).ToArray();
            // Failing hosts die at a random use: from then on every attempt there finds it unreachable, and it never answers again.
            var diesAt = new int[HostCount];
            foreach (var host in Enumerable.Range(0, HostCount).OrderBy(_ => random.Next()).Take(FailingHosts))
            {
                diesAt[host] = random.Next(1, 400);
            }

            var hosts = Enumerable.Range(0, HostCount).ToDictionary(
                i => Name(i),
                i => new HostDefinition { Name = Name(i), Transport = HostTransport.Ssh, HostName = Name(i), MaxSessions = capacity[i] },
                StringComparer.OrdinalIgnoreCase);
            var workflow = new WorkflowDefinition
            {
                Name = "scale",
                SourcePath = TestSupport.TestDag.File,
                Hosts = hosts,
                HostGroups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["all"] = hosts.Keys.ToArray() },
                Nodes = new[]
                {
                    new NodeDefinition
                    {
                        Id = "job",
                        Run = new ScriptSource("x", default, isBlock: false),
                        OnAny = "all",
                        ForEach = new ForEachSpec(Enumerable.Range(0, Instances).Select(i => (object?)i).ToArray(), null, default),
                    },
                },
            };

            var clock = new FakeTimeProvider(TestSupport.RunHarness.Epoch);
            var placement = new HostPlacement(hosts.Values.Select(h => new KeyValuePair<string, int>(h.Name, h.MaxSessions)), workflow.HostGroups);
            using var recovery = new HostRecovery(placement, (_, _) => Task.FromResult(false), clock);
            var failover = new HostFailover(placement, recovery);
            var uses = new int[HostCount];
            var busy = new int[HostCount];
            var mostBusy = new int[HostCount];
            var succeeded = new ConcurrentDictionary<string, int>();
            var warnings = new ConcurrentQueue<string>();

            var executor = new TestSupport.DelegateExecutor(request => failover.RunAsync(
                request.Node,
                async (lease, _) =>
                {
                    int host = int.Parse(lease.Host.AsSpan(1), CultureInfo.InvariantCulture);
                    int now = Interlocked.Increment(ref busy[host]);
                    InterlockedMax(ref mostBusy[host], now);
                    try
                    {
                        await Task.Yield();
                        if (diesAt[host] > 0 && Interlocked.Increment(ref uses[host]) >= diesAt[host])
                        {
                            var error = new HostUnreachableException(lease.Host, $"The PowerShell session to host '{lease.Host}' broke.");
                            return (HostFailover.Unreachable(error, request.Node), false);
                        }

                        succeeded.AddOrUpdate(request.Node.Id, 1, (_, n) => n + 1);
                        return (NodeExecution.Succeeded(new object?[] { lease.Host }), true);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref busy[host]);
                    }
                },
                warnings.Enqueue,
                CancellationToken.None));

            var options = new RunOptions { Clock = clock, Mode = ExecutionMode.Parallel, Parallelism = new ParallelismSetting(capacity.Sum()) };
            var result = await new WorkflowRunner(workflow, options, executor, new TestSupport.RecordingSink()).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            var instances = result.Nodes.Where(n => n.Name != "job").ToArray();
            Assert.Equal(Instances, instances.Length);
            Assert.All(instances, n => Assert.Equal((NodeStatus.Succeeded, 1), (n.Status, n.Attempts)));
            Assert.Equal(Instances, succeeded.Count);
            Assert.All(succeeded.Values, count => Assert.Equal(1, count));
            Assert.All(instances, n => Assert.Equal(n.Host, n.Output[0]));
            Assert.All(Enumerable.Range(0, HostCount), i => Assert.True(mostBusy[i] <= capacity[i], $"{Name(i)} ran {mostBusy[i]} at once, maxSessions {capacity[i]}"));

            var down = Enumerable.Range(0, HostCount).Where(i => placement.DownReason(Name(i)) != null).ToArray();
            Assert.Equal(Enumerable.Range(0, HostCount).Where(i => diesAt[i] > 0 && uses[i] >= diesAt[i]), down);
            Assert.NotEmpty(down);
            Assert.Equal(down.Length, warnings.Count);
            var ranOnDownHostAfter = instances.Count(n => down.Contains(int.Parse(n.Host!.AsSpan(1), CultureInfo.InvariantCulture)));
            Assert.True(ranOnDownHostAfter <= down.Sum(i => diesAt[i]), "a host marked down took no more instances");
        }

        private static string Name(int index) => "h" + index.ToString(CultureInfo.InvariantCulture);

        private static void InterlockedMax(ref int target, int value)
        {
            for (int seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
