using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Runs a validated workflow once: plans it (with <see cref="RunOptions.Nodes"/>), resolves the mode and the
    /// parallelism cap, and schedules its nodes on an <see cref="INodeExecutor"/>, reporting to an <see cref="IRunEventSink"/>.
    /// </summary>
    internal sealed class WorkflowRunner
    {
        private readonly WorkflowDefinition workflow;
        private readonly RunOptions options;
        private readonly INodeExecutor executor;
        private readonly IRunEventSink events;
        private int started;

        /// <exception cref="UnknownNodeException">A node in <see cref="RunOptions.Nodes"/> is not in the workflow, or one in <see cref="RunOptions.Rerun"/> is not planned.</exception>
        public WorkflowRunner(WorkflowDefinition workflow, RunOptions options, INodeExecutor executor, IRunEventSink events)
        {
            this.workflow = Guard.NotNull(workflow);
            this.options = Guard.NotNull(options);
            this.executor = Guard.NotNull(executor);
            Guard.NotNull(events);
            Guard.NotNull(options.Clock);
            if (options.CleanupGracePeriod < TimeSpan.Zero && options.CleanupGracePeriod != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.CleanupGracePeriod, "CleanupGracePeriod must not be negative (or must be Timeout.InfiniteTimeSpan).");
            }

            if (options.ResumeFrom != null && options.CheckpointPath == null)
            {
                throw new ArgumentException("Resuming needs the checkpoint's path (RunOptions.CheckpointPath).", nameof(options));
            }

            if (options.Rerun != null && options.Rerun.Count > 0 && options.ResumeFrom == null)
            {
                throw new ArgumentException("RunOptions.Rerun names nodes to run again in a resumed run; a new run runs every node anyway.", nameof(options));
            }

            Plan = Planner.CreatePlan(workflow, options.Nodes, options.History?.Estimates(), "History");
            Mode = options.Mode ?? workflow.Mode ?? ExecutionMode.Adaptive;
            Parallelism = ResolveParallelism(Mode, options.Parallelism ?? workflow.Parallelism, options.ProcessorCount);
            Clock = RunClock.Start(options.Clock);
            RunId = options.RunId ?? options.ResumeFrom?.RunId ?? NewRunId(Clock);
            Context = new RunContext(workflow, RunId, MergeVariables(workflow.Variables, options.Parameters), options.Secrets);

            // Every event leaves the engine through the masker, so no front end can forget to mask.
            this.events = MaskingEventSink.Wrap(events, Context.Masker);
            if (options.CheckpointPath != null)
            {
                hashes = DefinitionHash.ForNodes(workflow.Nodes, Context.Variables);
                Resume = options.ResumeFrom == null ? null
                    : ResumePlanner.Decide(Plan, options.ResumeFrom, hashes, options.Rerun, node => Execution.Incremental.FileGlobs.Snapshot(workflow.BaseDirectory, node.Inputs));
            }
        }

        private readonly IReadOnlyDictionary<string, string>? hashes;

        /// <summary>Every node's definition hash for this run's variables; null for a run that keeps no checkpoint.</summary>
        internal IReadOnlyDictionary<string, string>? DefinitionHashes => hashes;

        /// <summary>What a resume restores and what it runs again, node by node; null for a new run.</summary>
        public ResumePlan? Resume { get; }

        public ExecutionPlan Plan { get; }

        public string RunId { get; }

        /// <summary>The mode the run uses: <see cref="RunOptions.Mode"/>, else the file's, else Adaptive.</summary>
        public ExecutionMode Mode { get; }

        /// <summary>The cap on nodes running at once: 1 in Sequential mode; <see cref="int.MaxValue"/> when unlimited.</summary>
        public int Parallelism { get; }

        /// <summary>What every node of the run shares: the run id and the variables after <c>-Parameters</c>.</summary>
        public RunContext Context { get; }

        /// <summary>
        /// The run's clock (<see cref="RunClock"/> on <see cref="RunOptions.Clock"/>): every time the run records is on
        /// it, so durations hold across a daylight-saving change. A front that shows times of its own (the live view's
        /// elapsed seconds) reads them here, or passes a <see cref="RunClock"/> in, which is then this one.
        /// </summary>
        public TimeProvider Clock { get; }

        /// <summary>
        /// After <see cref="RunAsync"/>: why the checkpoint's snapshot could not be rewritten at the run's end (a full
        /// disk), else null. Nothing is lost: the run is recorded whole in the checkpoint's journal, which readers read.
        /// </summary>
        public Exception? SnapshotFailure { get; private set; }

        /// <summary>
        /// Runs the plan. Cancelling <paramref name="cancellationToken"/> (Ctrl+C) stops running nodes, starts no new
        /// ones except <c>when: always</c> cleanup, and returns a result with status Cancelled; it never throws
        /// <see cref="OperationCanceledException"/>. Call once per runner.
        /// </summary>
        /// <exception cref="System.IO.IOException">The checkpoint cannot be opened: nothing ran.</exception>
        /// <exception cref="CheckpointWriteException">The checkpoint cannot be written during the run: the run stopped.</exception>
        public Task<DagRunResult> RunAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref started, 1) != 0)
            {
                throw new InvalidOperationException("A WorkflowRunner runs once; create a new one for another run.");
            }

            return RunOnceAsync(cancellationToken);
        }

        private async Task<DagRunResult> RunOnceAsync(CancellationToken cancellationToken)
        {
            // Nothing to resume: every node is restored and nothing runs, so the checkpoint stays as the last session left it.
            bool restoreOnly = Resume?.NothingToResume == true;
            if (!restoreOnly && executor is IRunPreparation preparation)
            {
                // Before the checkpoint is opened: a run whose modules or setup fail leaves the state as it was.
                var failure = await preparation.PrepareAsync(Context, cancellationToken).ConfigureAwait(false);
                if (failure?.Error is ErrorRecord { Exception: SharedCodeException shared })
                {
                    throw shared;
                }
            }

            using var recorder = restoreOnly ? null : OpenCheckpoint();
            var scheduler = new DagScheduler(new SchedulerContext(Plan, Context, executor, events, Clock, Parallelism, Mode)
            {
                Recorder = recorder,
                Resume = Resume,
                Hashes = hashes,
                Incremental = options.Incremental,
                Force = options.Force,
                FailFast = options.FailFast,
                CleanupGracePeriod = options.CleanupGracePeriod,
                ProcessorCount = options.ProcessorCount,
                CpuMonitor = options.CpuMonitor,
                JitterSource = options.JitterSource,
            });
            var result = await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
            SnapshotFailure = recorder?.SnapshotFailure;
            if (!restoreOnly)
            {
                options.History?.Record(result);
            }

            return result;
        }

        /// <summary>A new checkpoint for a new run, or the resumed run's checkpoint continued; null without a checkpoint.</summary>
        private CheckpointRecorder? OpenCheckpoint()
        {
            if (options.CheckpointPath == null || hashes == null)
            {
                return null;
            }

            var workflowHash = DefinitionHash.ForWorkflow(workflow.Name, hashes);
            var fsync = workflow.CheckpointFsync;
            var now = Clock.GetLocalNow();
            var writer = options.ResumeFrom != null
                ? CheckpointWriter.Continue(options.CheckpointPath, options.ResumeFrom, fsync, workflowHash, now.Offset)
                : CheckpointWriter.StartNew(options.CheckpointPath, new CheckpointHeader
                {
                    RunId = RunId,
                    WorkflowName = workflow.Name,
                    WorkflowPath = workflow.SourcePath,
                    WorkflowHash = workflowHash,
                    StartTime = now.DateTime,
                    UtcOffset = now.Offset,
                    Nodes = Plan.Nodes.Select(n => new KeyValuePair<string, string>(n.Name, hashes[n.Name])).ToList(),
                }, fsync);
            return new CheckpointRecorder(writer, hashes, Context.Variables);
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
