using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Definition;
using DagRunner.Planning;
using DagRunner.Results;
using DagRunner.Utils;

namespace DagRunner.Execution
{
    /// <summary>
    /// Runs a validated workflow once: plans it (with <see cref="RunOptions.Nodes"/>), resolves the mode and the
    /// parallelism cap, and schedules its nodes on an <see cref="INodeExecutor"/>, reporting to an <see cref="IRunEventSink"/>.
    /// </summary>
    public sealed class WorkflowRunner
    {
        private readonly WorkflowDefinition workflow;
        private readonly RunOptions options;
        private readonly INodeExecutor executor;
        private readonly IRunEventSink events;
        private int started;

        /// <exception cref="UnknownNodeException">A node in <see cref="RunOptions.Nodes"/> is not in the workflow.</exception>
        public WorkflowRunner(WorkflowDefinition workflow, RunOptions options, INodeExecutor executor, IRunEventSink events)
        {
            this.workflow = Guard.NotNull(workflow);
            this.options = Guard.NotNull(options);
            this.executor = Guard.NotNull(executor);
            this.events = Guard.NotNull(events);
            Guard.NotNull(options.Clock);
            if (options.CleanupGracePeriod < TimeSpan.Zero && options.CleanupGracePeriod != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.CleanupGracePeriod, "CleanupGracePeriod must not be negative (or must be Timeout.InfiniteTimeSpan).");
            }

            Plan = Planner.CreatePlan(workflow, options.Nodes);
            Mode = options.Mode ?? workflow.Mode ?? ExecutionMode.Parallel;
            Parallelism = ResolveParallelism(Mode, options.Parallelism ?? workflow.Parallelism, options.ProcessorCount);
            RunId = options.RunId ?? NewRunId(options.Clock);
            Context = new RunContext(workflow, RunId, MergeVariables(workflow.Variables, options.Parameters));
        }

        public ExecutionPlan Plan { get; }

        public string RunId { get; }

        /// <summary>The mode the run uses: <see cref="RunOptions.Mode"/>, else the file's, else Parallel.</summary>
        public ExecutionMode Mode { get; }

        /// <summary>The cap on nodes running at once: 1 in Sequential mode; <see cref="int.MaxValue"/> when unlimited.</summary>
        public int Parallelism { get; }

        /// <summary>What every node of the run shares: the run id and the variables after <c>-Parameters</c>.</summary>
        public RunContext Context { get; }

        /// <summary>
        /// Runs the plan. Cancelling <paramref name="cancellationToken"/> (Ctrl+C) stops running nodes, starts no new
        /// ones except <c>when: always</c> cleanup, and returns a result with status Cancelled; it never throws
        /// <see cref="OperationCanceledException"/>. Call once per runner.
        /// </summary>
        public Task<DagRunResult> RunAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref started, 1) != 0)
            {
                throw new InvalidOperationException("A WorkflowRunner runs once; create a new one for another run.");
            }

            return new DagScheduler(Plan, Context, options, Parallelism, Mode, executor, events).RunAsync(cancellationToken);
        }

        /// <summary>The cap for <paramref name="mode"/>: 1 when Sequential, else <paramref name="setting"/> (default Unlimited) on this machine.</summary>
        internal static int ResolveParallelism(ExecutionMode mode, ParallelismSetting? setting, int processorCount)
            => mode == ExecutionMode.Sequential ? 1 : (setting ?? ParallelismSetting.Unlimited).Resolve(processorCount);

        /// <summary>A sortable id: the UTC start second and 4 random hex digits, such as <c>20261125T172900Z-3f9a</c>.</summary>
        internal static string NewRunId(TimeProvider clock)
        {
            var random = new byte[2];
            using (var generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(random);
            }

            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            return $"{stamp}-{random[0]:x2}{random[1]:x2}";
        }

        /// <summary>The workflow's variables with <paramref name="parameters"/> on top; names are case-insensitive.</summary>
        internal static IReadOnlyDictionary<string, object?> MergeVariables(
            IReadOnlyDictionary<string, object?> variables, IReadOnlyDictionary<string, object?>? parameters)
        {
            var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in variables)
            {
                merged[pair.Key] = pair.Value;
            }

            if (parameters != null)
            {
                foreach (var pair in parameters)
                {
                    merged[pair.Key] = pair.Value;
                }
            }

            return new ReadOnlyDictionary<string, object?>(merged);
        }
    }
}
