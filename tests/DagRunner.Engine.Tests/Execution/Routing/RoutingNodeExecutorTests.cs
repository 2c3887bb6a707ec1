using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Routing;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Routing
{
    /// <summary>Which executor runs a node: its host's sessions for a node with <c>on:</c>, a local runspace otherwise.</summary>
    public class RoutingNodeExecutorTests
    {
        private const string Workflow = "hosts:\n  web1: { hostName: w1 }\nnodes:\n  build: { run: x }\n  deploy: { run: x, on: web1 }\n";

        private readonly ConcurrentQueue<string> journal = new ConcurrentQueue<string>();
        private readonly RecordingNodeExecutor local;
        private readonly RecordingNodeExecutor remote;
        private int remotesCreated;

        public RoutingNodeExecutorTests()
        {
            local = new RecordingNodeExecutor("local", journal);
            remote = new RecordingNodeExecutor("remote", journal);
        }

        private RoutingNodeExecutor Routing() => new RoutingNodeExecutor(local, () =>
        {
            Interlocked.Increment(ref remotesCreated);
            return remote;
        });

        private static async Task<NodeExecution> RunAsync(RoutingNodeExecutor routing, string node)
        {
            var run = NodeRequests.Run(Load.Valid(Workflow));
            return await routing.ExecuteAsync(NodeRequests.For(run, node, new LogWatcher()), CancellationToken.None);
        }

        [Fact]
        public async Task ANodeWithAHost_RunsRemotely_AndANodeWithoutOne_Locally()
        {
            using var routing = Routing();

            var deployed = await RunAsync(routing, "deploy");
            var built = await RunAsync(routing, "build");

            Assert.Equal(new object?[] { "remote" }, deployed.Output);
            Assert.Equal(new object?[] { "local" }, built.Output);
            Assert.Equal(new[] { "deploy" }, remote.Ran);
            Assert.Equal(new[] { "build" }, local.Ran);
        }

        [Fact]
        public async Task AWorkflowWithoutRemoteNodes_NeverCreatesTheRemoteExecutor()
        {
            var routing = Routing();
            await RunAsync(routing, "build");
            routing.Dispose();

            Assert.Equal(0, remotesCreated);
            Assert.Equal(new[] { "local ran build", "local disposed" }, journal);
        }

        [Fact]
        public async Task TheRemoteExecutor_IsCreatedOnce_ForAllRemoteNodes()
        {
            using var routing = Routing();

            await Task.WhenAll(RunAsync(routing, "deploy"), RunAsync(routing, "deploy"), RunAsync(routing, "deploy"));

            Assert.Equal(1, remotesCreated);
            Assert.Equal(3, remote.Ran.Count);
        }

        [Fact]
        public async Task Dispose_ClosesTheRemoteSessionsBeforeTheLocalRunspaces()
        {
            var routing = Routing();
            await RunAsync(routing, "deploy");
            await RunAsync(routing, "build");

            routing.Dispose();

            Assert.Equal(new[] { "remote ran deploy", "local ran build", "remote disposed", "local disposed" }, journal);
        }
    }
}
