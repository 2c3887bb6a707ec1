using System;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A small diamond, its plan and hand-made run results with exact times, for the exporters' tests.</summary>
    internal static class ExportSamples
    {
        /// <summary>The runs' start: local time, as the scheduler stamps it.</summary>
        public static readonly DateTime T0 = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Local);

        /// <summary>a, then b and c, then d (critical path a -> b -> d: b and c tie, file order wins).</summary>
        public static ExecutionPlan Diamond() => Planner.CreatePlan(Dag("diamond", new[] { "a", "b:a", "c:a", "d:b,c" }));

        /// <summary>One node with an <c>if:</c> and a <c>when:</c>, to see how conditions are marked.</summary>
        public static WorkflowDefinition WithCondition(string id, string need, string condition, TriggerRule when)
        {
            var dag = Dag("conditional", new[] { need });
            var node = new NodeDefinition
            {
                Id = id,
                Index = 1,
                Location = new SourceLocation(File, 20, 3),
                Needs = new[] { new NodeReference(need, new SourceLocation(File, 21, 12)) },
                Run = new ScriptSource("'x'", new SourceLocation(File, 22, 10), isBlock: false),
                Condition = new ScriptSource(condition, new SourceLocation(File, 23, 9), isBlock: false),
                When = when,
            };
            return new WorkflowDefinition
            {
                Name = dag.Name,
                SourcePath = dag.SourcePath,
                BaseDirectory = dag.BaseDirectory,
                Nodes = dag.Nodes.Concat(new[] { node }).ToList(),
            };
        }

        /// <summary>A node that ran from <paramref name="startMs"/> to <paramref name="endMs"/> after <see cref="T0"/>.</summary>
        /// <remarks>Attempt records and the ready time are left out unless given, as when the executor failed.</remarks>
        public static NodeResult Ran(
            string name, NodeStatus status, int startMs, int endMs, int worker, int attempts = 1, NodeReason reason = NodeReason.None,
            string? error = null, int level = 0, int? readyMs = null, NodeAttemptRecord[]? records = null)
            => new NodeResult(name)
            {
                Status = status,
                Reason = reason,
                ReadyTime = readyMs.HasValue ? T0.AddMilliseconds(readyMs.Value) : null,
                StartTime = T0.AddMilliseconds(startMs),
                EndTime = T0.AddMilliseconds(endMs),
                Worker = worker,
                Attempts = attempts,
                AttemptRecords = records ?? System.Array.Empty<NodeAttemptRecord>(),
                Error = error,
                Level = level,
            };

        /// <summary>One attempt (or the fallback) from <paramref name="startMs"/> to <paramref name="endMs"/> after <see cref="T0"/>.</summary>
        public static NodeAttemptRecord Attempt(int attempt, int startMs, int endMs, string outcome, int worker, string? error = null, bool fallback = false)
            => new NodeAttemptRecord(attempt, fallback, T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs), outcome, error, worker);

        /// <summary>A node that never started (Skipped by its needs, NotRun).</summary>
        public static NodeResult NotStarted(string name, NodeStatus status, NodeReason reason, int level = 0)
            => new NodeResult(name) { Status = status, Reason = reason, Level = level };

        public static DagRunResult Run(string name, DagRunStatus status, int durationMs, string[] criticalPath, params NodeResult[] nodes)
            => new DagRunResult
            {
                Name = name,
                RunId = "20261125T100000Z-abcd",
                Status = status,
                StartTime = T0,
                EndTime = T0.AddMilliseconds(durationMs),
                Nodes = NodeList.Of(nodes),
                CriticalPath = criticalPath,
                Parallelism = int.MaxValue,
                PeakConcurrency = 2,
                WorkflowPath = File,
                Mode = "Parallel",
            };

        /// <summary>
        /// The diamond, run: a on runspace 1, then b (runspace 2, failed on its 3rd attempt, attempts not recorded one
        /// by one) and c (runspace 1, which was ready when a ended and waited 20 ms), and d Skipped because b Failed.
        /// </summary>
        public static DagRunResult DiamondRun() => Run(
            "diamond",
            DagRunStatus.Failed,
            300,
            new[] { "a", "b" },
            Ran("a", NodeStatus.Succeeded, 0, 100, worker: 1, readyMs: 0),
            Ran("b", NodeStatus.Failed, 100, 300, worker: 2, attempts: 3, error: "boom \"quoted\"", level: 1, readyMs: 100),
            Ran("c", NodeStatus.Succeeded, 120, 150, worker: 1, level: 1, readyMs: 100),
            NotStarted("d", NodeStatus.Skipped, NodeReason.UpstreamFailed, level: 2));
    }
}
