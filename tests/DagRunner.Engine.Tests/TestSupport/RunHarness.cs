using System;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A run of a workflow on a <see cref="FakeExecutor"/> and a fake clock, started and driven by a test.</summary>
    internal sealed class RunHarness : IDisposable
    {
        public static readonly DateTimeOffset Epoch = new DateTimeOffset(2026, 11, 25, 17, 29, 0, TimeSpan.Zero);

        private RunHarness(WorkflowDefinition workflow, Action<RunOptions>? configure)
        {
            // Parallel, not the default Adaptive: the adaptive cap follows the real CPU, and these tests are about order.
            Options = new RunOptions { Clock = Clock, ProcessorCount = 4, Mode = ExecutionMode.Parallel };
            configure?.Invoke(Options);
            Runner = new WorkflowRunner(workflow, Options, Executor, Sink);
        }

        public FakeTimeProvider Clock { get; } = new FakeTimeProvider(Epoch);

        public FakeExecutor Executor { get; } = new FakeExecutor();

        public RecordingSink Sink { get; } = new RecordingSink();

        public CancellationTokenSource Cancellation { get; } = new CancellationTokenSource();

        public RunOptions Options { get; }

        public WorkflowRunner Runner { get; }

        public Task<DagRunResult>? Run { get; private set; }

        /// <summary>Creates the runner and starts the run (nodes start on the fake executor and wait for the test).</summary>
        /// <param name="prepare">Sets the executor up before anything starts (for example <see cref="FakeExecutor.IgnoresCancellation"/>).</param>
        public static RunHarness Start(WorkflowDefinition workflow, Action<RunOptions>? configure = null, Func<NodeExecutionRequest, NodeExecution?>? autoComplete = null, Action<FakeExecutor>? prepare = null)
        {
            var harness = new RunHarness(workflow, configure);
            harness.Executor.AutoComplete = autoComplete;
            prepare?.Invoke(harness.Executor);
            harness.Run = harness.Runner.RunAsync(harness.Cancellation.Token);
            return harness;
        }

        /// <summary>Runs to the end with every node succeeding at once, its output being its id.</summary>
        public static Task<DagRunResult> RunAllAsync(WorkflowDefinition workflow, Action<RunOptions>? configure = null, Func<NodeExecutionRequest, NodeExecution?>? autoComplete = null)
            => Start(workflow, configure, autoComplete ?? (r => NodeExecution.Succeeded(new object?[] { r.Node.Id }))).Result();

        /// <summary>Runs to the end with every node succeeding at once; the harness keeps the start order and events.</summary>
        public static async Task<RunHarness> RunToEndAsync(WorkflowDefinition workflow, Action<RunOptions>? configure = null)
        {
            var harness = Start(workflow, configure, r => NodeExecution.Succeeded(new object?[] { r.Node.Id }));
            harness.Final = await harness.Result();
            return harness;
        }

        public DagRunResult? Final { get; private set; }

        /// <summary>The run's result; fails the test if the run does not end within a few seconds.</summary>
        public Task<DagRunResult> Result() => Run!.Within();

        public void Dispose() => Cancellation.Dispose();
    }
}
