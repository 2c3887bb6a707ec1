using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>
    /// Warm start: runspaces opened while the run is planned serve its first nodes (none opened twice), and a node
    /// in a warm runspace sees exactly what it would have seen in one it opened itself.
    /// </summary>
    public sealed class WarmStartTests : IDisposable
    {
        private readonly RunspaceNodeExecutor executor = new RunspaceNodeExecutor();
        private readonly LogWatcher logs = new LogWatcher();

        public void Dispose() => executor.Dispose();

        [Fact]
        public async Task TheFirstNode_RunsInTheWarmRunspace_InsteadOfOpeningAnother()
        {
            var run = NodeRequests.Run(Load.Valid("nodes:\n  a: { run: \"'ran'\" }\n"));
            executor.Warm(1);

            var a = await executor.ExecuteAsync(NodeRequests.For(run, "a", logs), CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Succeeded, a.Outcome);
            Assert.Equal(new object?[] { "ran" }, a.Output.Select(LogWatcher.Text));
            Assert.Equal(1, executor.RunspaceCount);
        }

        [Fact]
        public async Task NodesRunningAtOnce_ClaimOneWarmRunspaceEach()
        {
            var run = NodeRequests.Run(Load.Valid("nodes:\n  a: { run: \"'a'\" }\n  b: { run: \"'b'\" }\n"));
            executor.Warm(2);

            var both = await Task.WhenAll(
                executor.ExecuteAsync(NodeRequests.For(run, "a", logs), CancellationToken.None),
                executor.ExecuteAsync(NodeRequests.For(run, "b", logs), CancellationToken.None)).Within();

            Assert.All(both, e => Assert.Equal(NodeOutcome.Succeeded, e.Outcome));
            Assert.Equal(2, executor.RunspaceCount);
        }

        /// <summary>
        /// A warm runspace has already run a pipeline (the warm-up that compiles a node's path ahead of it): the node must
        /// not see it, as an error, a history entry, a variable or a function a runspace it opened itself would not have.
        /// </summary>
        [Fact]
        public async Task ANodeInAWarmRunspace_SeesWhatItWouldSeeInOneItOpened()
        {
            const string Look = "\"$($Error.Count),$LASTEXITCODE,$(@(Get-History).Count),$((Get-Variable).Count),$((Get-ChildItem function:).Count),$((Get-Location).Path -eq $Dag.WorkflowDirectory)\"";
            var run = NodeRequests.Run(Load.Valid("nodes:\n  a: { run: '" + Look.Replace("'", "''") + "' }\n"));
            using var cold = new RunspaceNodeExecutor();
            executor.Warm(1);

            var warm = await executor.ExecuteAsync(NodeRequests.For(run, "a", logs), CancellationToken.None).Within();
            var opened = await cold.ExecuteAsync(NodeRequests.For(run, "a", logs), CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Succeeded, warm.Outcome);
            Assert.Equal(1, executor.RunspaceCount); // the node ran in the warm runspace
            Assert.Equal(LogWatcher.Text(opened.Output.Single()), LogWatcher.Text(warm.Output.Single()));
            Assert.StartsWith("0,0,0,", LogWatcher.Text(warm.Output.Single()));
        }

        [Fact]
        public async Task AWarmRunspace_GetsTheRunsVariablesSetupAndFolder_LikeAnyOther()
        {
            var run = NodeRequests.Run(Load.Valid("variables: { region: eu }\nsetup: |\n  $fromSetup = 'set'\n  function Get-Shared { 'shared' }\nnodes:\n  a: { run: \"$region + ',' + $fromSetup + ',' + (Get-Shared) + ',' + ((Get-Location).Path -eq $Dag.WorkflowDirectory)\" }\n"));
            executor.Warm(1);

            Assert.Null(await executor.PrepareAsync(run, CancellationToken.None).Within());
            var a = await executor.ExecuteAsync(NodeRequests.For(run, "a", logs), CancellationToken.None).Within();

            Assert.Equal(NodeOutcome.Succeeded, a.Outcome);
            Assert.Equal("eu,set,shared,True", LogWatcher.Text(a.Output.Single()));
            Assert.Equal(1, executor.RunspaceCount); // setup ran in the warm runspace, which then served the node
        }
    }
}
