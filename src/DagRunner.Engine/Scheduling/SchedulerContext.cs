using System;
using System.Collections.Generic;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Adaptive;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Planning;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>What one scheduled run works with, gathered once by <see cref="WorkflowRunner"/>.</summary>
    internal sealed record SchedulerContext(
        ExecutionPlan Plan, RunContext Run, INodeExecutor Executor, IRunEventSink Events, TimeProvider Clock, int Parallelism, ExecutionMode Mode)
    {
        /// <summary>Keeps the checkpoint; null without one.</summary>
        public IRunRecorder? Recorder { get; init; }

        /// <summary>What a resume restores and runs again; null for a new run.</summary>
        public ResumePlan? Resume { get; init; }

        /// <summary>Every planned node's definition hash; null without a checkpoint.</summary>
        public IReadOnlyDictionary<string, string>? Hashes { get; init; }

        /// <summary>Incremental nodes' last successes; null when they always run.</summary>
        public IncrementalState? Incremental { get; init; }

        /// <summary>Run incremental nodes even when they are up to date.</summary>
        public bool Force { get; init; }

        /// <summary>After the first failure that is not allowed, start no new node.</summary>
        public bool FailFast { get; init; }

        /// <summary>How long <c>when: always</c> cleanup may run after Ctrl+C. <value>The default value is 30 seconds.</value></summary>
        public TimeSpan CleanupGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>What Adaptive mode scales with. <value>The default value is <see cref="Environment.ProcessorCount"/>.</value></summary>
        public int ProcessorCount { get; init; } = Environment.ProcessorCount;

        /// <summary>Where Adaptive mode reads the CPU; null for the machine's.</summary>
        public ICpuMonitor? CpuMonitor { get; init; }

        /// <summary>Retry jitter's random numbers in [0, 1); null for a shared <see cref="Random"/>.</summary>
        public Func<double>? JitterSource { get; init; }
    }
}
