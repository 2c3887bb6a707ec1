using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>How to run a workflow; anything left null falls back to the workflow file, then to the documented default.</summary>
    internal sealed class RunOptions
    {
        /// <summary>Overrides the file's <c>parallelism:</c>. <value>The default value is null (file, else Unlimited).</value></summary>
        public ParallelismSetting? Parallelism { get; set; }

        /// <summary>Overrides the file's <c>mode:</c>. <value>The default value is null (file, else Adaptive).</value></summary>
        public ExecutionMode? Mode { get; set; }

        /// <summary>Run only these nodes and everything they need. <value>The default value is null (all nodes).</value></summary>
        public IReadOnlyCollection<string>? Nodes { get; set; }

        /// <summary>Values that override (or add to) the workflow's <c>variables:</c>.</summary>
        public IReadOnlyDictionary<string, object?>? Parameters { get; set; }

        /// <summary>
        /// The values of the workflow's <c>secrets:</c> (see <see cref="Secrets.SecretResolver"/>): each becomes a variable in
        /// every node and is masked as <c>***</c> in events, results, the checkpoint and the history. Secrets are not part
        /// of any definition hash: a new value does not make a resume run a node again.
        /// <value>The default value is null: no secrets.</value>
        /// </summary>
        public IReadOnlyDictionary<string, string>? Secrets { get; set; }

        /// <summary>After the first failure that is not allowed, start no new node. <value>The default value is false.</value></summary>
        public bool FailFast { get; set; }

        /// <summary>The run id; <value>The default value is null: a new id from the clock (or the resumed run's id).</value></summary>
        public string? RunId { get; set; }

        /// <summary>
        /// Where the run's checkpoint is written (see <see cref="Checkpoints.CheckpointPaths.Default"/>).
        /// <value>The default value is null: no checkpoint.</value>
        /// </summary>
        public string? CheckpointPath { get; set; }

        /// <summary>
        /// Durations of earlier runs: the plan estimates and the scheduler's order come from it, and this run's
        /// durations are added to it. <value>The default value is null: one unit per node, nothing recorded.</value>
        /// </summary>
        public Planning.RunHistory? History { get; set; }

        /// <summary>
        /// Incremental nodes' last successes: an unchanged one is UpToDate and not run; this run's successes are added.
        /// <value>The default value is null: incremental nodes always run.</value>
        /// </summary>
        public Execution.Incremental.IncrementalState? Incremental { get; set; }

        /// <summary>Run incremental nodes even when they are up to date. <value>The default value is false.</value></summary>
        public bool Force { get; set; }

        /// <summary>
        /// Continue the run this checkpoint recorded: unchanged Succeeded nodes are restored, not run again; the rest
        /// run. Requires <see cref="CheckpointPath"/>. <value>The default value is null: a new run.</value>
        /// </summary>
        public Checkpoints.CheckpointState? ResumeFrom { get; set; }

        /// <summary>
        /// Resuming: nodes to run again, with everything downstream of them, although they succeeded (<c>Resume-Dag -Rerun</c>);
        /// an instance id <c>node[key]</c> runs that foreach instance again. <value>The default value is null: none.</value>
        /// </summary>
        public IReadOnlyCollection<string>? Rerun { get; set; }

        /// <summary>The clock for timestamps, durations and waits. <value>The default value is <see cref="TimeProvider.System"/>.</value></summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>
        /// How long <c>when: always</c> cleanup nodes may run after Ctrl+C before they are stopped too.
        /// <value>The default value is 30 seconds.</value>
        /// </summary>
        public TimeSpan CleanupGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>What Adaptive mode reads the CPU from; tests pin it. <value>The default value is null: the machine's.</value></summary>
        internal Execution.Adaptive.ICpuMonitor? CpuMonitor { get; set; }

        /// <summary>Where retry jitter draws its random numbers in [0, 1); tests pin it. <value>The default value is null: a shared <see cref="System.Random"/>.</value></summary>
        internal Func<double>? JitterSource { get; set; }

        /// <summary>Processor count the named parallelism levels scale with. <value>The default value is <see cref="Environment.ProcessorCount"/>.</value></summary>
        public int ProcessorCount { get; set; } = Environment.ProcessorCount;
    }
}
