using System;
using System.Collections.Generic;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// What a run tells about itself beyond its nodes: the parallelism it had and used, how busy it kept it, and the
    /// chain that decided its length. A run result records all of them; a checkpoint none, so its critical path is the
    /// plan's estimate, said as such.
    /// </summary>
    internal sealed class RunFacts
    {
        private RunFacts(string hostName, IReadOnlyList<string> criticalPath, bool criticalPathEstimated)
        {
            HostName = hostName;
            CriticalPath = criticalPath;
            IsCriticalPathEstimated = criticalPathEstimated;
        }

        /// <summary>The machine the run (or the export of a checkpoint) happened on.</summary>
        public string HostName { get; }

        /// <summary>The cap on nodes at once; null from a checkpoint, <see cref="int.MaxValue"/> when unlimited.</summary>
        public int? Parallelism { get; private init; }

        public int? PeakConcurrency { get; private init; }

        /// <summary><see cref="DagRunResult.Efficiency"/>: 0 to 1; null from a checkpoint.</summary>
        public double? Efficiency { get; private init; }

        public string? Bottleneck { get; private init; }

        /// <summary>Adaptive, Parallel or Sequential; null from a checkpoint.</summary>
        public string? Mode { get; private init; }

        /// <summary>The run's actual critical path, or the plan's estimated one (<see cref="IsCriticalPathEstimated"/>).</summary>
        public IReadOnlyList<string> CriticalPath { get; }

        public bool IsCriticalPathEstimated { get; }

        public static RunFacts FromResult(DagRunResult result, string hostName)
        {
            Guard.NotNull(result);
            return new RunFacts(hostName, result.CriticalPath, criticalPathEstimated: false)
            {
                Parallelism = result.Parallelism,
                PeakConcurrency = result.PeakConcurrency,
                Efficiency = result.Efficiency,
                Bottleneck = result.Bottleneck,
                Mode = string.IsNullOrEmpty(result.Mode) ? null : result.Mode,
            };
        }

        /// <summary>A checkpoint keeps no run-wide figures: only the plan's estimated critical path, when the workflow is known.</summary>
        public static RunFacts FromCheckpoint(ExecutionPlan? plan, string hostName)
            => new RunFacts(hostName, plan?.CriticalPath ?? Array.Empty<string>(), criticalPathEstimated: true);
    }
}
