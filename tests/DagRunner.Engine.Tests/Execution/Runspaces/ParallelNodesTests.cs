using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>Nodes running at once each get a runspace of their own; later nodes reuse them instead of opening more.</summary>
    public sealed class ParallelNodesTests : System.IDisposable
    {
        private readonly RunspaceNodeExecutor executor = new RunspaceNodeExecutor();
        private readonly LogWatcher logs = new LogWatcher();
        private readonly SemaphoreSlim release = new SemaphoreSlim(0);
        private readonly RunContext run;

        public ParallelNodesTests()
        {
            var workflow = Load.Valid("nodes:\n  a: { run: \"\\\"started $($Dag.Node)\\\"; $gate.Wait()\" }\n  b: { run: \"\\\"started $($Dag.Node)\\\"; $gate.Wait()\" }\n  c: { run: \"'c'\" }\n");
            run = NodeRequests.Run(workflow, new Dictionary<string, object?> { ["gate"] = release });
        }

        public void Dispose()
        {
            executor.Dispose();
            release.Dispose();
        }

        private Task<NodeExecution> StartAsync(string node) => executor.ExecuteAsync(NodeRequests.For(run, node, logs), CancellationToken.None);

        [Fact]
        public async Task NodesRunningAtOnce_RunInDifferentRunspaces_AndTheNextNodeReusesOne()
        {
            var a = StartAsync("a");
            var b = StartAsync("b");
            await logs.OutputAsync("started a");
            await logs.OutputAsync("started b");
            release.Release(2);
            var (ranA, ranB) = (await a.Within(), await b.Within());

            var c = await StartAsync("c").Within();

            Assert.Equal(NodeOutcome.Succeeded, ranA.Outcome);
            Assert.NotEqual(ranA.Worker, ranB.Worker);
            Assert.Contains(c.Worker, new[] { ranA.Worker, ranB.Worker });
        }

        [Fact]
        public async Task NodesRunOneAfterAnother_ShareOneRunspace()
        {
            var workers = new List<int>();
            for (int i = 0; i < 5; i++)
            {
                workers.Add((await StartAsync("c").Within()).Worker);
            }

            Assert.Equal(new[] { 1, 1, 1, 1, 1 }, workers);
        }
    }
}
