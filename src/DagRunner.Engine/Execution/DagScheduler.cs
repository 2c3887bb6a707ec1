using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using System;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Adaptive;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Execution
{
    /// <summary>
    /// Runs one plan once. A node is decided the moment its last need ends (no level barrier): its trigger rule
    /// either skips it or puts it in the ready queue, from which nodes start while a slot under the cap is free.
    /// All bookkeeping happens on one logical thread, the loop in <see cref="RunAsync"/>; node tasks only hand
    /// their results to a <see cref="CompletionQueue{T}"/>. Each node costs O(log n + its edges).
    /// </summary>
    internal sealed partial class DagScheduler
    {
        private readonly ExecutionPlan plan;
        private readonly RunContext run;
        private readonly NodeAttempts attempts;
        private readonly RunDeadline deadline;
        private readonly IRunEventSink events;
        private readonly IRunRecorder? recorder;
        private readonly ResumePlan? resume;
        private readonly TimeProvider clock;
        private readonly bool failFast;
        private readonly TimeSpan cleanupGracePeriod;
        private readonly int parallelism;
        private readonly ExecutionMode mode;
        private readonly List<SchedulerNode> nodes;
        private readonly INodeExecutor executor;
        private readonly IComparer<SchedulerNode> order;
        private readonly IReadOnlyDictionary<string, string>? hashes;
        private readonly Incremental.IncrementalState? incremental;
        private readonly bool force;
        private readonly BinaryHeap<SchedulerNode> ready;
        private readonly NodePools pools;
        private readonly ConcurrencyController? adaptive;
        private int sampleDue;
        private readonly Queue<SchedulerNode> toDecide = new Queue<SchedulerNode>();
        private readonly CompletionQueue<NodeCompletion> completions = new CompletionQueue<NodeCompletion>();
        private readonly List<NodeCompletion> drained = new List<NodeCompletion>();

        private int running;

        /// <summary>
        /// Running nodes that do a node's work: <see cref="running"/> without the foreach nodes working out their items,
        /// which hold a place under the cap but are not counted as work (their instances are).
        /// </summary>
        private int runningWork;
        private int peakConcurrency;
        private long finished;
        private readonly RunStop stop = new RunStop();
        private bool cleanupStarted;
        private CancellationTokenSource? cleanup;

        public DagScheduler(
            ExecutionPlan plan, RunContext run, RunOptions options, int parallelism, ExecutionMode mode, INodeExecutor executor, IRunEventSink events,
            IRunRecorder? recorder = null, ResumePlan? resume = null, IReadOnlyDictionary<string, string>? hashes = null)
        {
            this.executor = executor;
            this.hashes = hashes;
            incremental = options.Incremental;
            force = options.Force;
            this.recorder = recorder;
            this.resume = resume;
            this.plan = plan;
            this.run = run;
            this.events = events;
            this.parallelism = Guard.Positive(parallelism);
            this.mode = mode;
            clock = options.Clock;
            failFast = options.FailFast;
            cleanupGracePeriod = options.CleanupGracePeriod;
            deadline = new RunDeadline(clock, run.Workflow.Timeout);
            attempts = new NodeAttempts(executor, events, clock, deadline, options.JitterSource ?? SharedRandom.NextDouble);
            order = mode == ExecutionMode.Sequential ? ReadyOrder.FileOrder : ReadyOrder.LongestRemainingPathFirst;
            ready = new BinaryHeap<SchedulerNode>(order);
            pools = new NodePools(run.Workflow.Pools, order);
            adaptive = mode == ExecutionMode.Adaptive
                ? new ConcurrencyController(options.ProcessorCount, parallelism, options.CpuMonitor ?? new SystemCpuMonitor())
                : null;
            nodes = new List<SchedulerNode>(SchedulerNode.CreateGraph(plan));
        }

        public async Task<DagRunResult> RunAsync(CancellationToken cancellationToken)
        {
            var startTime = Now();
            events.Publish(new RunStartedEvent(startTime, run.RunId, plan, parallelism));

            // Node tokens are linked to the caller's, so Ctrl+C reaches every running node at once.
            using (var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (cancellationToken.Register(completions.Signal))
            using (StartSampling())
            {
                try
                {
                    RestoreResumedNodes();
                    foreach (var node in nodes.Where(n => n.PendingNeeds == 0 && n.State == NodeState.Waiting))
                    {
                        toDecide.Enqueue(node);
                    }

                    while (true)
                    {
                        DrainCompletions();
                        if (adaptive != null && Interlocked.Exchange(ref sampleDue, 0) == 1)
                        {
                            adaptive.Sample(running, ready.Count);
                        }

                        // Running nodes already see Ctrl+C through their token; nodes not started will not start, except cleanup.
                        if (cancellationToken.IsCancellationRequested && !stop.Cancelled && stop.Cancel())
                        {
                            FinishUnstarted();
                        }

                        // The workflow's timeout: nothing starts any more; running attempts are cut by their own limit.
                        if (stop.Cause == null && deadline.Passed && stop.TimeOut())
                        {
                            FinishUnstarted();
                        }

                        do
                        {
                            DecideWaitingNodes();
                            StartReadyNodes(runCancellation.Token);
                        }
                        while (toDecide.Count > 0);

                        if (running == 0 && ready.Count == 0)
                        {
                            break;
                        }

                        await completions.WaitAsync().ConfigureAwait(false);
                    }
                }
                catch
                {
                    // A bug here, or a sink that throws: never leave nodes running behind a failed run.
                    runCancellation.Cancel();
                    cleanup?.Cancel();
                    throw;
                }
                finally
                {
                    cleanup?.Dispose();
                }
            }

            var undecided = nodes.FirstOrDefault(n => n.State != NodeState.Done);
            if (undecided != null)
            {
                throw new InvalidOperationException($"The scheduler stopped with node '{undecided.Plan.Name}' undecided ({undecided.State}).");
            }

            var result = RunSummary.Build(run, plan, InResultOrder(), stop.Cancelled, startTime, Now(), parallelism, peakConcurrency, mode);
            recorder?.RunFinished(result);
            events.Publish(new RunFinishedEvent(result.EndTime, result));
            return result;
        }

        /// <summary>Records every node that came back, then lets its dependents be decided.</summary>
        private void DrainCompletions()
        {
            drained.Clear();
            completions.DrainTo(drained);
            foreach (var completion in drained)
            {
                var node = completion.Node;
                running--;
                if (completion.IsExpansion)
                {
                    Expand(node, completion);
                    continue;
                }

                runningWork--;
                ReleaseInstancePlace(node);
                var waited = pools.Leave(node);
                if (waited != null)
                {
                    ready.Push(waited); // its pool has a place again; if it was decided otherwise meanwhile, it is dropped
                }

                completion.ApplyTo(node.Result, node.Definition);
                if (completion.Fingerprint != null && node.Result.Status == NodeStatus.Succeeded && node.Result.Reason != NodeReason.UpToDate)
                {
                    incremental?.Record(node.Result, completion.Fingerprint);
                }

                node.FinishSequence = ++finished;
                Finish(node, completion.EndTime);

                if (failFast && node.Result.Status == NodeStatus.Failed && node.Result.Reason != NodeReason.AllowedFailure && stop.FailFast())
                {
                    FinishUnstarted();
                }

                // A node cut by the run's timeout means the timeout has passed, whatever the wall clock says this instant.
                if (node.Result.Reason == NodeReason.RunTimedOut && stop.TimeOut())
                {
                    FinishUnstarted();
                }
            }
        }

        /// <summary>Applies the trigger rule to each node whose needs have all ended.</summary>
        private void DecideWaitingNodes()
        {
            while (toDecide.Count > 0)
            {
                var node = toDecide.Dequeue();
                if (node.State != NodeState.Waiting)
                {
                    continue;
                }

                if (stop.Blocks(node.Plan.When))
                {
                    FinishNotStarted(node, NodeStatus.NotRun, stop.Cause!.Value);
                    continue;
                }

                var decision = TriggerRules.Decide(node.Plan.When, node.Tally);
                if (decision.Runs)
                {
                    node.State = NodeState.Ready;
                    node.Result.ReadyTime = Now();
                    ready.Push(node);
                }
                else
                {
                    FinishNotStarted(node, NodeStatus.Skipped, decision.SkipReason);
                }
            }
        }

        /// <summary>Starts ready nodes, best first, while the cap allows; after Ctrl+C, only cleanup once the cancel has settled.</summary>
        private void StartReadyNodes(CancellationToken runToken)
        {
            while (ready.Count > 0)
            {
                var node = ready.Peek();
                if (node.State != NodeState.Ready)
                {
                    ready.Pop(); // decided otherwise since it was queued (Ctrl+C or -FailFast)
                    continue;
                }

                var token = runToken;
                if (stop.Cancelled)
                {
                    if (!cleanupStarted && running > 0)
                    {
                        return; // cleanup starts once every stopped node is back
                    }

                    cleanupStarted = true;
                    cleanup ??= clock.CreateCancellationTokenSource(cleanupGracePeriod);
                    if (cleanup.IsCancellationRequested)
                    {
                        ready.Pop();
                        FinishNotStarted(node, NodeStatus.NotRun, NodeReason.RunCancelled);
                        continue;
                    }

                    token = cleanup.Token;
                }

                if (running >= (adaptive?.Limit ?? parallelism))
                {
                    return;
                }

                ready.Pop();
                if (node.Group?.Instances is { } group && group.IsFull)
                {
                    group.Held.Push(node); // waits under its foreach node's own cap
                    continue;
                }

                if (!IsForEachNode(node) && !pools.TryEnter(node))
                {
                    continue; // waits in its pool, without holding up ready nodes of other pools
                }

                Start(node, token);
            }
        }

        /// <summary>
        /// The node has its final status: mask secrets in it, record it (on disk before any dependent is decided),
        /// tell the sink, and count it in each dependent's tally.
        /// </summary>
        private void Finish(SchedulerNode node, DateTime time, bool record = true)
        {
            node.State = NodeState.Done;
            if (node.Resume != null && node.Result.Reason == NodeReason.None)
            {
                // A resumed run says why each node ran again (changed, failed before, ...).
                node.Result.Reason = node.Resume.Reason;
            }

            if (MaskedResults.Mask(node.Result, run.Masker))
            {
                events.Publish(new NodeLogEvent(time, node.Plan.Name, NodeLogStream.Warning, MaskedResults.OutputWarning(node.Plan.Name)));
            }

            if (record && recorder != null)
            {
                foreach (var warning in recorder.NodeFinished(node.Result, node.Definition))
                {
                    events.Publish(new NodeLogEvent(time, node.Plan.Name, NodeLogStream.Warning, warning));
                }
            }

            events.Publish(new NodeFinishedEvent(time, node.Result));
            foreach (var dependent in node.Dependents)
            {
                dependent.Tally = dependent.Tally.Add(node.Result.Status, node.Result.Reason);
                if (--dependent.PendingNeeds == 0)
                {
                    toDecide.Enqueue(dependent);
                }
            }

            InstanceEnded(node);
        }

        private DateTime Now() => clock.GetLocalNow().DateTime;
    }
}
