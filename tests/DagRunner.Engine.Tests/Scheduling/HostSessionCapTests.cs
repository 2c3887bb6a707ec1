using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>
    /// Nodes on hosts count against their hosts' sessions, not against this machine's cap: a group's hosts are never
    /// idle while its instances wait for local places, and never handed more attempts than they have sessions.
    /// </summary>
    public class HostSessionCapTests
    {
        private static readonly WorkflowDefinition Workflow = Load.Valid("""
            hosts:
              w1: { hostName: w1.example.com, maxSessions: 1 }
              w2: { hostName: w2.example.com, maxSessions: 2 }
              w3: { hostName: w3.example.com, maxSessions: 3 }
              solo: { hostName: solo.example.com, maxSessions: 2 }
            groups:
              workers: [w1, w2, w3]
            nodes:
              render: { run: x, foreach: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30], on: { any: workers } }
              probe: { run: x, foreach: [1, 2, 3, 4, 5], on: solo }
              local1: { run: x }
              local2: { run: x }
              local3: { run: x }
              local4: { run: x }
            """);

        public static TheoryData<ExecutionMode> CappedModes => new TheoryData<ExecutionMode> { ExecutionMode.Parallel, ExecutionMode.Adaptive };

        [Theory]
        [MemberData(nameof(CappedModes))]
        public async Task WithALocalCapOfTwo_EveryHostSessionIsBusyAtOnce_AndNoMoreThanTheSessions(ExecutionMode mode)
        {
            // Every attempt waits until the test has seen all sessions and both local places busy at the same time.
            var busy = new Dictionary<string, int>();
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var allBusy = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var executor = new DelegateExecutor(async request =>
            {
                string where = request.Node.OnAny ?? request.Node.Host ?? "here";
                lock (busy)
                {
                    busy[where] = busy.TryGetValue(where, out var n) ? n + 1 : 1;
                    if (busy.GetValueOrDefault("workers") == 6 && busy.GetValueOrDefault("solo") == 2 && busy.GetValueOrDefault("here") == 2)
                    {
                        allBusy.TrySetResult(true);
                    }
                }

                await release.Task.ConfigureAwait(false);
                lock (busy)
                {
                    busy[where]--;
                }

                return NodeExecution.Succeeded(Array.Empty<object?>());
            });
            var sink = new RecordingSink();
            var options = new RunOptions { Mode = mode, Parallelism = new ParallelismSetting(2), ProcessorCount = 2, CpuMonitor = new FakeCpu() };
            var run = new WorkflowRunner(Workflow, options, executor, sink).RunAsync(CancellationToken.None);

            await allBusy.Task.Within();
            release.SetResult(true);
            var result = await run.Within();

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            var most = MostRunningAtOnce(sink.Events, result);
            Assert.Equal((6, 2, 2), (most["workers"], most["solo"], most["here"]));
            Assert.True(result.PeakConcurrency > result.Parallelism, "nodes on hosts ran beyond the local cap");
        }

        [Fact]
        public async Task InSequentialMode_NodesOnHostsRunOneAtATimeToo()
        {
            var executor = new DelegateExecutor(_ => Task.FromResult(NodeExecution.Succeeded(Array.Empty<object?>())));
            var sink = new RecordingSink();
            var result = await new WorkflowRunner(Workflow, new RunOptions { Mode = ExecutionMode.Sequential }, executor, sink).RunAsync(CancellationToken.None).Within();

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Equal(1, MostRunningAtOnce(sink.Events, result).Values.Max());
        }

        [Fact]
        public async Task APoolStillCapsNodesOnHosts()
        {
            var pooled = Load.Valid("""
                hosts:
                  w1: { hostName: w1.example.com, maxSessions: 4 }
                  w2: { hostName: w2.example.com, maxSessions: 4 }
                groups:
                  workers: [w1, w2]
                pools:
                  licences: 3
                nodes:
                  render: { run: x, foreach: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], on: { any: workers }, pool: licences }
                """);
            var executor = new DelegateExecutor(async _ =>
            {
                await Task.Yield();
                return NodeExecution.Succeeded(Array.Empty<object?>());
            });
            var sink = new RecordingSink();
            var options = new RunOptions { Mode = ExecutionMode.Parallel, Parallelism = new ParallelismSetting(1) };
            var result = await new WorkflowRunner(pooled, options, executor, sink).RunAsync(CancellationToken.None).Within();

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.InRange(MostRunningAtOnce(sink.Events, result)["workers"], 1, 3);
        }

        /// <summary>
        /// The most attempts running at once per place, from the events in the order the run published them: a node's
        /// start counts until its end. An over-count at worst (a start may be published just after the end that made room).
        /// </summary>
        private static Dictionary<string, int> MostRunningAtOnce(IEnumerable<RunEvent> events, DagRunResult result)
        {
            var placeOf = result.Nodes.ToDictionary(n => n.Name, n => n.Name.StartsWith("render[", StringComparison.Ordinal) ? "workers" : n.Name.StartsWith("probe[", StringComparison.Ordinal) ? "solo" : "here");
            var now = new Dictionary<string, int> { ["workers"] = 0, ["solo"] = 0, ["here"] = 0 };
            var most = new Dictionary<string, int>(now);
            var running = new HashSet<string>();
            foreach (var e in events)
            {
                if (e is NodeStartedEvent started && running.Add(started.Node))
                {
                    var place = placeOf[started.Node];
                    most[place] = Math.Max(most[place], ++now[place]);
                }
                else if (e is NodeFinishedEvent finished && running.Remove(finished.Result.Name))
                {
                    now[placeOf[finished.Result.Name]]--;
                }
            }

            return most;
        }
    }
}
