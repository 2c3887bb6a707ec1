using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Remote;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class HostGroupResumeTests
    {
        private static readonly WorkflowDefinition Workflow = Load.Valid("""
            hosts:
              w1: { hostName: w1.example.com, maxSessions: 1 }
              w2: { hostName: w2.example.com, maxSessions: 1 }
            groups:
              workers: [w1, w2]
            nodes:
              job: { run: x, foreach: [1, 2, 3, 4], on: { any: workers } }
            """);

        /// <summary>A run whose remote attempts go through the real placement and failover, on hosts that only pretend.</summary>
        private static async Task<DagRunResult> Run(CheckpointFiles files, CheckpointState? resumeFrom, Func<string, string, NodeExecution> attempt, ConcurrentQueue<string> ran)
        {
            var clock = new FakeTimeProvider(RunHarness.Epoch);
            var placement = new HostPlacement(Workflow.Hosts.Values.Select(h => new KeyValuePair<string, int>(h.Name, h.MaxSessions)), Workflow.HostGroups);
            using var recovery = new HostRecovery(placement, (_, _) => Task.FromResult(false), clock);
            var failover = new HostFailover(placement, recovery);
            var executor = new DelegateExecutor(request => failover.RunAsync(
                request.Node,
                (lease, _) =>
                {
                    ran.Enqueue($"{request.Node.Id}@{lease.Host}");
                    var execution = attempt(request.Node.Id, lease.Host);
                    return Task.FromResult((execution, execution.Reason != NodeReason.HostUnreachable));
                },
                _ => { },
                CancellationToken.None));
            var options = new RunOptions { Clock = clock, Mode = ExecutionMode.Parallel, CheckpointPath = files.Path, ResumeFrom = resumeFrom };
            return await new WorkflowRunner(Workflow, options, executor, new RecordingSink()).RunAsync(CancellationToken.None).Within();
        }

        [Fact]
        public async Task AResume_RestoresTheInstancesThatSucceededWithTheirHosts_AndRunsTheFailedOneOnWhicheverHostIsUp()
        {
            using var files = new CheckpointFiles();
            var firstRan = new ConcurrentQueue<string>();
            var first = await Run(files, null, (id, host) => id == "job[3]" ? NodeExecution.Failed(new InvalidOperationException("disk full")) : NodeExecution.Succeeded(new object?[] { host }), firstRan);
            Assert.Equal(DagRunStatus.Failed, first.Status);
            var failedOn = first["job[3]"]!.Host!;
            Assert.Contains(failedOn, new[] { "w1", "w2" });

            // The host it failed on is gone now: the resume's attempt moves to the other one.
            var secondRan = new ConcurrentQueue<string>();
            var resumed = await Run(files, CheckpointReader.Read(files.Path), (id, host) => host == failedOn
                ? HostFailover.Unreachable(new HostUnreachableException(host, "gone"), Workflow.Nodes[0])
                : NodeExecution.Succeeded(new object?[] { host }), secondRan);

            Assert.Equal(DagRunStatus.Succeeded, resumed.Status);
            var other = failedOn == "w1" ? "w2" : "w1";
            // Placement may try the gone host first (then fails over without a retry) or go straight to the other one,
            // depending on which host job[3] failed on: either way the attempt ends on the host that is up.
            var attempts = secondRan.ToArray();
            Assert.Equal($"job[3]@{other}", attempts.Last());
            Assert.InRange(attempts.Length, 1, 2);
            Assert.All(attempts.Take(attempts.Length - 1), a => Assert.Equal($"job[3]@{failedOn}", a));
            Assert.Equal((NodeStatus.Succeeded, other, 1), (resumed["job[3]"]!.Status, resumed["job[3]"]!.Host, resumed["job[3]"]!.Attempts));
            foreach (var id in new[] { "job[1]", "job[2]", "job[4]" })
            {
                Assert.Equal((NodeReason.Resumed, first[id]!.Host), (resumed[id]!.Reason, resumed[id]!.Host));
            }

            Assert.Equal(other, CheckpointReader.Read(files.Path).Nodes["job[3]"]!.Host);
        }
    }
}
