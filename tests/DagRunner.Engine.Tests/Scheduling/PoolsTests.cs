using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class PoolsTests
    {
        [Fact]
        public async Task NeverMoreRunningThanAPoolsCapacity_AndAWaitingNodeDoesNotBlockOthers()
        {
            var workflow = Dag("pools", new[] { "db1 pool=db", "db2 pool=db", "db3 pool=db", "web priority=-5" }, w => w.Pools["db"] = 1);
            var executor = new FakeExecutor();
            var run = new WorkflowRunner(workflow, new RunOptions(), executor, new RecordingSink()).RunAsync(CancellationToken.None);

            await executor.WaitForStartsAsync(2);
            // db1 holds the pool; db2 and db3 wait for it, and web (lowest priority) still starts.
            Assert.Equal(new[] { "db1", "web" }, executor.StartOrder.OrderBy(n => n));
            Assert.False(executor.HasStarted("db2"));

            executor.Succeed("db1");
            await executor.WaitForStartAsync("db2");
            Assert.False(executor.HasStarted("db3"));
            executor.Succeed("db2");
            await executor.WaitForStartAsync("db3");
            executor.Succeed("db3");
            executor.Succeed("web");
            var result = await run.Within();

            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.Equal(new[] { "db2", "db3" }, executor.StartOrder.Skip(2));
        }

        [Fact]
        public async Task APoolOfTwo_RunsTwoAtOnce()
        {
            var workflow = Dag("pools", new[] { "a pool=io", "b pool=io", "c pool=io", "d pool=io" }, w => w.Pools["io"] = 2);
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(System.Array.Empty<object?>()) };
            var result = await new WorkflowRunner(workflow, new RunOptions(), executor, new RecordingSink()).RunAsync(CancellationToken.None).Within();
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
            Assert.True(executor.MaxConcurrency <= 2, $"max concurrency {executor.MaxConcurrency}");
        }

        [Fact]
        public async Task NodesWaitingForAPool_AreNotRunAfterCtrlC()
        {
            var workflow = Dag("pools", new[] { "a pool=db", "b pool=db" }, w => w.Pools["db"] = 1);
            var executor = new FakeExecutor();
            using var cancel = new CancellationTokenSource();
            var run = new WorkflowRunner(workflow, new RunOptions(), executor, new RecordingSink()).RunAsync(cancel.Token);
            await executor.WaitForStartAsync("a");
            cancel.Cancel();
            var result = await run.Within();
            Assert.Equal(NodeStatus.Cancelled, result["a"]!.Status);
            Assert.Equal(NodeStatus.NotRun, result["b"]!.Status);
            Assert.False(executor.HasStarted("b"));
        }
    }
}
