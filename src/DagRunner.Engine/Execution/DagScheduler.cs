using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Checkpoints;
using DagRunner.Definition;
using DagRunner.Execution.Adaptive;
using DagRunner.Execution.Attempts;
using DagRunner.Planning;
using DagRunner.Results;
using DagRunner.Utils;

namespace DagRunner.Execution
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
        private int peakConcurrency;
        private long finished;
        private bool cancelled;
        private bool failFastStopped;
        private bool runTimedOut;
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

                        if (cancellationToken.IsCancellationRequested && !cancelled)
                        {
                            Cancel();
                        }

                        if (!runTimedOut && !cancelled && deadline.Passed)
                        {
                            // The workflow's timeout: nothing starts any more; running attempts are cut by their own limit.
                            runTimedOut = true;
                            FinishUnstarted(NodeReason.RunTimedOut, keepAlwaysNodes: false);
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

            var result = RunSummary.Build(run, plan, InResultOrder(), cancelled, startTime, Now(), parallelism, peakConcurrency, mode);
            recorder?.RunFinished(result);
            events.Publish(new RunFinishedEvent(result.EndTime, result));
            return result;
        }

        /// <summary>Adaptive mode: wakes the loop every <see cref="ConcurrencyController.Interval"/> to let the controller look.</summary>
        private IDisposable? StartSampling()
        {
            if (adaptive == null)
            {
                return null;
            }

            var interval = ConcurrencyController.Interval;
            return clock.CreateTimer(_ => { Volatile.Write(ref sampleDue, 1); completions.Signal(); }, null, interval, interval);
        }

        /// <summary>
        /// Resume: nodes whose success the checkpoint keeps are done before anything starts, with their outputs
        /// restored for <c>$Needs</c>; the checkpoint already holds them, so they are not recorded again.
        /// </summary>
        private void RestoreResumedNodes()
        {
            if (resume == null)
            {
                return;
            }

            foreach (var node in nodes)
            {
                var decision = resume[node.Plan.Name];
                if (decision != null && decision.Restore)
                {
                    decision.ApplyTo(node.Result);
                    Finish(node, Now(), record: false);
                }
            }
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

                if (failFast && !failFastStopped && !cancelled && node.Result.Status == NodeStatus.Failed && node.Result.Reason != NodeReason.AllowedFailure)
                {
                    failFastStopped = true;
                    FinishUnstarted(NodeReason.FailFast, keepAlwaysNodes: false);
                }
            }
        }

        /// <summary>Ctrl+C: running nodes already see their token cancelled; nodes not started will not start, except cleanup.</summary>
        private void Cancel()
        {
            cancelled = true;
            FinishUnstarted(NodeReason.RunCancelled, keepAlwaysNodes: true);
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

                if (failFastStopped || runTimedOut || (cancelled && node.Plan.When != TriggerRule.Always))
                {
                    var reason = failFastStopped ? NodeReason.FailFast : runTimedOut ? NodeReason.RunTimedOut : NodeReason.RunCancelled;
                    FinishNotStarted(node, NodeStatus.NotRun, reason);
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
                if (cancelled)
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

        private void Start(SchedulerNode node, CancellationToken token)
        {
            node.State = NodeState.Running;
            peakConcurrency = Math.Max(peakConcurrency, ++running);
            node.Result.StartTime = Now();
            recorder?.NodeStarted(node.Definition, 1, node.Result.StartTime.Value);
            if (IsForEachNode(node))
            {
                StartExpansion(node, token);
                return;
            }

            if (node.Group?.Instances is { } group)
            {
                group.Running++;
            }

            _ = ExecuteAsync(node, token);
        }

        /// <summary>Runs the node's attempts off the scheduler thread; never throws, always hands back exactly one completion.</summary>
        private async Task ExecuteAsync(SchedulerNode node, CancellationToken token)
        {
            var needs = node.NeedsValues();
            AttemptsOutcome? outcome = null;
            Exception? exception = null;
            Incremental.Fingerprint? fingerprint = null;
            try
            {
                outcome = await Task.Run(
                    () =>
                    {
                        if (incremental != null && node.Definition.IsIncremental)
                        {
                            // Reads the input files: on this task, never on the scheduler's thread.
                            fingerprint = Incremental.IncrementalState.FingerprintOf(node.Definition, needs, run);
                            var kept = force ? null : incremental.UpToDateOutput(node.Definition, fingerprint);
                            if (kept != null)
                            {
                                return Task.FromResult(new AttemptsOutcome(NodeExecution.Succeeded(kept), 0, NodeReason.UpToDate));
                            }
                        }

                        return attempts.RunAsync(node.Definition, (attempt, part, lastError) => new NodeExecutionRequest(node.Definition, run, needs, attempt, events, part, lastError), token);
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                outcome = new AttemptsOutcome(NodeExecution.Cancelled(), Math.Max(1, node.Result.Attempts), null);
            }
            catch (Exception ex)
            {
                exception = ex;
            }

            completions.Add(new NodeCompletion(node, outcome, exception, Now()) { Fingerprint = fingerprint });
        }

        /// <summary>Every node that has not started ends as NotRun; with <paramref name="keepAlwaysNodes"/>, cleanup nodes wait on.</summary>
        private void FinishUnstarted(NodeReason reason, bool keepAlwaysNodes)
        {
            foreach (var node in nodes)
            {
                if ((node.State == NodeState.Waiting || node.State == NodeState.Ready) && !(keepAlwaysNodes && node.Plan.When == TriggerRule.Always))
                {
                    FinishNotStarted(node, NodeStatus.NotRun, reason);
                }
            }
        }

        private void FinishNotStarted(SchedulerNode node, NodeStatus status, NodeReason reason)
        {
            node.Result.Status = status;
            node.Result.Reason = reason;
            Finish(node, Now());
        }

        /// <summary>
        /// The node has its final status: record it (on disk before any dependent is decided), tell the sink, and
        /// count it in each dependent's tally.
        /// </summary>
        private void Finish(SchedulerNode node, DateTime time, bool record = true)
        {
            node.State = NodeState.Done;
            if (resume != null && node.Result.Reason == NodeReason.None)
            {
                // A resumed run says why each node ran again (changed, failed before, ...).
                node.Result.Reason = resume[node.Plan.Name]?.Reason ?? InstanceRerunReason(node);
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
