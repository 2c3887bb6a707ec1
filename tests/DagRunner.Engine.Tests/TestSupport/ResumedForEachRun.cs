using System;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Microsoft.Extensions.Time.Testing;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// The run users reported odd times for, on the fake clock: <c>prep</c>, then <c>deploy</c> over web1..web3,
    /// then <c>verify</c>. The first session fails on deploy[web2] (web1 and web3 succeed); three hours later a
    /// resume restores prep, deploy[web1] and deploy[web3] and runs deploy[web2] (2 s) and verify (1 s).
    /// </summary>
    internal sealed class ResumedForEachRun
    {
        public static readonly TimeSpan Pause = TimeSpan.FromHours(3);

        private ResumedForEachRun(WorkflowDefinition workflow, DagRunResult first, DagRunResult resumed)
        {
            Workflow = workflow;
            First = first;
            Resumed = resumed;
        }

        public WorkflowDefinition Workflow { get; }

        /// <summary>Failed: prep 0-1 s, the three instances 1-5 s (deploy[web2] Failed), verify Skipped.</summary>
        public DagRunResult First { get; }

        /// <summary>
        /// Succeeded in 3 s, from 20:29:05 (local time is UTC): deploy[web2] 0-2 s on runspace 1, verify 2-3 s on
        /// runspace 1; the rest restored.
        /// </summary>
        public DagRunResult Resumed { get; }

        public ExecutionPlan Plan => Planner.CreatePlan(Workflow);

        public static async Task<ResumedForEachRun> RunAsync()
        {
            using var files = new CheckpointFiles();
            var clock = new FakeTimeProvider(RunHarness.Epoch);
            clock.SetLocalTimeZone(TimeZoneInfo.Utc); // wall times the exporters print do not depend on the machine: 17:29:00 is the start
            var workflow = Dag("release", new[] { "prep", "deploy:prep foreach=web1|web2|web3", "verify:deploy" });
            Action<RunOptions> options = o =>
            {
                o.Clock = clock;
                o.CheckpointPath = files.Path;
            };

            using var first = RunHarness.Start(workflow, options);
            await first.Executor.WaitForStartAsync("prep");
            clock.Advance(TimeSpan.FromSeconds(1));
            first.Executor.Complete("prep", NodeExecution.Succeeded(new object?[] { "ready" }, worker: 1));
            await first.Executor.WaitForStartsAsync(4);
            clock.Advance(TimeSpan.FromSeconds(4));
            first.Executor.Complete("deploy[web1]", NodeExecution.Succeeded(new object?[] { "web1 done" }, worker: 1));
            first.Executor.Complete("deploy[web2]", NodeExecution.Failed(new InvalidOperationException("web2 is down"), worker: 2));
            first.Executor.Complete("deploy[web3]", NodeExecution.Succeeded(new object?[] { "web3 done" }, worker: 3));
            var failed = await first.Result();

            clock.Advance(Pause);
            var checkpoint = CheckpointReader.Read(files.Path);
            using var second = RunHarness.Start(workflow, o =>
            {
                options(o);
                o.ResumeFrom = checkpoint;
            });
            await second.Executor.WaitForStartAsync("deploy[web2]");
            clock.Advance(TimeSpan.FromSeconds(2));
            second.Executor.Complete("deploy[web2]", NodeExecution.Succeeded(new object?[] { "web2 done" }, worker: 1));
            await second.Executor.WaitForStartAsync("verify");
            clock.Advance(TimeSpan.FromSeconds(1));
            second.Executor.Complete("verify", NodeExecution.Succeeded(Array.Empty<object?>(), worker: 1));
            var resumed = await second.Result();

            return new ResumedForEachRun(workflow, failed, resumed);
        }
    }
}
