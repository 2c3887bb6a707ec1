using System;
using System.Collections.Generic;
using System.Threading;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>
    /// A real engine run of a workflow on a <see cref="ScriptedExecutor"/> and a fake clock: the results and events
    /// the output code gets are the engine's own, with times the test chose.
    /// </summary>
    internal sealed class ScriptedRun
    {
        public static readonly DateTimeOffset Epoch = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

        private ScriptedRun(DagRunResult result, ExecutionPlan plan, IReadOnlyList<RunEvent> events)
        {
            Result = result;
            Plan = plan;
            Events = events;
        }

        public DagRunResult Result { get; }

        public ExecutionPlan Plan { get; }

        public IReadOnlyList<RunEvent> Events { get; }

        /// <summary>Runs <paramref name="yaml"/> sequentially; <paramref name="script"/> says how long each node takes and how it ends.</summary>
        public static ScriptedRun Of(string yaml, Action<ScriptedExecutor>? script = null, string runId = "run1")
        {
            var clock = new FakeTimeProvider(Epoch);
            var executor = new ScriptedExecutor(clock);
            script?.Invoke(executor);
            var sink = new RecordingSink();
            var options = new RunOptions { Clock = clock, Mode = ExecutionMode.Sequential, RunId = runId, ProcessorCount = 1 };
            var runner = new WorkflowRunner(Workflows.Load(yaml), options, executor, sink);
            var result = runner.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            return new ScriptedRun(result, runner.Plan, sink.Events);
        }

        private sealed class RecordingSink : IRunEventSink
        {
            private readonly List<RunEvent> events = new List<RunEvent>();

            public IReadOnlyList<RunEvent> Events
            {
                get
                {
                    lock (events)
                    {
                        return events.ToArray();
                    }
                }
            }

            public void Publish(RunEvent runEvent)
            {
                lock (events)
                {
                    events.Add(runEvent);
                }
            }
        }
    }
}
