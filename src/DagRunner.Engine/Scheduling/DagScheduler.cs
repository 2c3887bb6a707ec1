using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Adaptive;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Runs one plan once: the ready loop and the state machine of each node (Waiting, Ready, Running, Done). A node
    /// is decided the moment its last need ends (no level barrier): its trigger rule either skips it or puts it in the
    /// ready queue, from which nodes start while a slot under the cap is free. All bookkeeping happens on one logical
    /// thread, the loop in <see cref="RunAsync"/>; node tasks (<see cref="NodeLauncher"/>) only hand their results
    /// to a <see cref="CompletionQueue{T}"/>. Each node costs O(log n + its edges).
    /// </summary>
    internal sealed class DagScheduler
    {
        private readonly SchedulerContext context;
        private readonly List<SchedulerNode> nodes;
        private readonly BinaryHeap<SchedulerNode> ready;
        private readonly NodePools pools;
        private readonly ConcurrencyController? adaptive;
        private readonly RunDeadline deadline;
        private readonly NodeLauncher launcher;
        private readonly ForEachExpansion forEach;
        private readonly RunStop stop = new RunStop();
        private readonly Queue<SchedulerNode> toDecide = new Queue<SchedulerNode>();
        private readonly CompletionQueue<NodeCompletion> completions = new CompletionQueue<NodeCompletion>();
        private readonly List<NodeCompletion> drained = new List<NodeCompletion>();

        /// <summary>Nodes holding a place under the cap: working nodes, and foreach nodes working out their items.</summary>
        private int running;

        /// <summary>Running nodes that do a node's work (not a foreach node working out items): what efficiency counts.</summary>
        private int runningWork;
        private int peakConcurrency;
        private int sampleDue;
        private long finished;
        private bool cleanupStarted;
        private CancellationTokenSource? cleanup;

        public DagScheduler(SchedulerContext context)
        {
            this.context = Guard.NotNull(context);
            Guard.Positive(context.Parallelism);
            var order = context.Mode == ExecutionMode.Sequential ? ReadyOrder.FileOrder : ReadyOrder.LongestRemainingPathFirst;
            ready = new BinaryHeap<SchedulerNode>(order);
            pools = new NodePools(context.Run.Workflow.Pools, order);
            adaptive = context.Mode == ExecutionMode.Adaptive
                ? new ConcurrencyController(context.ProcessorCount, context.Parallelism, context.CpuMonitor ?? new SystemCpuMonitor())
                : null;
            deadline = new RunDeadline(context.Clock, context.Run.Workflow.Timeout);
            launcher = new NodeLauncher(context, deadline, completions);
            forEach = new ForEachExpansion(context, order);
            nodes = new List<SchedulerNode>(SchedulerNode.CreateGraph(context.Plan));
        }

        public async Task<DagRunResult> RunAsync(CancellationToken cancellationToken)
        {
            var startTime = Now();
            context.Events.Publish(new RunStartedEvent(startTime, context.Run.RunId, context.Plan, context.Parallelism));

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

            var result = RunSummary.Build(context, ForEachExpansion.InResultOrder(nodes), stop.Cancelled, startTime, Now(), peakConcurrency);
            context.Recorder?.RunFinished(result);
            context.Events.Publish(new RunFinishedEvent(result.EndTime, result));
            return result;
        }

        /// <summary>Takes in every node task that came back since the last look.</summary>
        private void DrainCompletions()
        {
            drained.Clear();
            completions.DrainTo(drained);
            foreach (var completion in drained)
            {
                running--;
                if (completion.IsExpansion)
                {
                    Expanded(completion);
                }
                else
                {
                    Completed(completion);
                }
            }
        }

        /// <summary>A node's attempts came back: record it, then let its dependents be decided.</summary>
        private void Completed(NodeCompletion completion)
        {
            var node = completion.Node;
            runningWork--;
            var held = ForEachExpansion.ReleasePlace(node);
            if (held != null)
            {
                ready.Push(held);
            }

            var waited = pools.Leave(node);
            if (waited != null)
            {
                ready.Push(waited); // its pool has a place again; if it was decided otherwise meanwhile, it is dropped
            }

            NodeEnding.Ran(node.Result, node.Definition, completion.Outcome, completion.EndTime, completion.Inputs);
            if (completion.Fingerprint != null && node.Result.Status == NodeStatus.Succeeded && node.Result.Reason != NodeReason.UpToDate)
            {
                context.Incremental?.Record(node.Result, completion.Fingerprint);
            }

            node.FinishSequence = ++finished;
            Finish(node, completion.EndTime);

            // -FailFast after a failure that fails the run; the run's timeout once a node was cut by it, whatever the
            // wall clock says this instant.
            bool failsTheRun = node.Result.Status == NodeStatus.Failed && node.Result.Reason != NodeReason.AllowedFailure;
            if ((context.FailFast && failsTheRun && stop.FailFast()) || (node.Result.Reason == NodeReason.RunTimedOut && stop.TimeOut()))
            {
                FinishUnstarted();
            }
        }

        /// <summary>A foreach node's items are known: one instance per item, or the node's end when there is nothing to run.</summary>
        private void Expanded(NodeCompletion completion)
        {
            var group = completion.Node;
            var execution = completion.Outcome.Execution;
            if (execution.Outcome != NodeOutcome.Succeeded)
            {
                // The expression threw, or the run was stopped while it ran.
                NodeEnding.Ran(group.Result, group.Definition, completion.Outcome, completion.EndTime, null);
                group.FinishSequence = ++finished;
                Finish(group, completion.EndTime);
            }
            else if (stop.Blocks(group.Plan.When))
            {
                FinishNotStarted(group, NodeStatus.NotRun, stop.Cause!.Value);
            }
            else if (execution.Output.Count == 0)
            {
                NodeEnding.EmptyForeach(group.Result, completion.EndTime);
                group.FinishSequence = ++finished;
                Finish(group, completion.EndTime);
            }
            else
            {
                var instances = forEach.CreateInstances(group, execution.Output, nodes.Count);
                nodes.AddRange(instances);
                foreach (var instance in instances)
                {
                    if (instance.Resume?.Restore == true)
                    {
                        NodeEnding.Restored(instance.Result, instance.Resume);
                        Finish(instance, Now(), record: false);
                    }
                    else
                    {
                        MakeReady(instance); // the foreach node's needs already passed its trigger rule
                    }
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
                    MakeReady(node);
                }
                else
                {
                    FinishNotStarted(node, NodeStatus.Skipped, decision.SkipReason);
                }
            }
        }

        private void MakeReady(SchedulerNode node)
        {
            node.State = NodeState.Ready;
            node.Result.ReadyTime = Now();
            ready.Push(node);
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
                    cleanup ??= context.Clock.CreateCancellationTokenSource(context.CleanupGracePeriod);
                    if (cleanup.IsCancellationRequested)
                    {
                        ready.Pop();
                        FinishNotStarted(node, NodeStatus.NotRun, NodeReason.RunCancelled);
                        continue;
                    }

                    token = cleanup.Token;
                }

                if (running >= (adaptive?.Limit ?? context.Parallelism))
                {
                    return;
                }

                ready.Pop();
                if (node.Group?.Instances is { } group && group.IsFull)
                {
                    group.Held.Push(node); // waits under its foreach node's own cap
                }
                else if (ForEachExpansion.IsForEachNode(node) || pools.TryEnter(node))
                {
                    Start(node, token); // a node that cannot enter its pool waits there, not holding up other pools
                }
            }
        }

        private void Start(SchedulerNode node, CancellationToken token)
        {
            node.State = NodeState.Running;
            running++;
            node.Result.StartTime = Now();
            context.Recorder?.NodeStarted(node.Definition, 1, node.Result.StartTime.Value);
            Invalidation.OnStart(context, node);
            if (ForEachExpansion.IsForEachNode(node))
            {
                launcher.LaunchExpansion(node, token);
                return;
            }

            peakConcurrency = Math.Max(peakConcurrency, ++runningWork);
            if (node.Group?.Instances is { } group)
            {
                group.Running++;
            }

            launcher.Launch(node, token);
        }

        /// <summary>
        /// The node has its final status: mask secrets in it, record it (on disk before any dependent is decided),
        /// tell the sink, and count it in each dependent's tally. The last instance of a foreach node ends the node.
        /// </summary>
        private void Finish(SchedulerNode node, DateTime time, bool record = true)
        {
            node.State = NodeState.Done;
            NodeEnding.ExplainRerun(node.Result, node.Resume);
            if (MaskedResults.Mask(node.Result, context.Run.Masker))
            {
                context.Events.Publish(new NodeLogEvent(time, node.Plan.Name, NodeLogStream.Warning, MaskedResults.OutputWarning(node.Plan.Name)));
            }

            if (record && context.Recorder != null)
            {
                foreach (var warning in context.Recorder.NodeFinished(node.Result, node.Definition))
                {
                    context.Events.Publish(new NodeLogEvent(time, node.Plan.Name, NodeLogStream.Warning, warning));
                }
            }

            context.Events.Publish(new NodeFinishedEvent(time, node.Result));
            foreach (var dependent in node.Dependents)
            {
                dependent.Tally = dependent.Tally.Add(node.Result.Status, node.Result.Reason);
                if (--dependent.PendingNeeds == 0)
                {
                    toDecide.Enqueue(dependent);
                }
            }

            var group = ForEachExpansion.LastInstanceEnded(node);
            if (group != null)
            {
                group.FinishSequence = ++finished;
                Finish(group, Now());
            }
        }

        /// <summary>
        /// Resume: nodes whose success the checkpoint keeps are done before anything starts, with their outputs
        /// restored for <c>$Needs</c>; the checkpoint already holds them, so they are not recorded again.
        /// </summary>
        private void RestoreResumedNodes()
        {
            if (context.Resume == null)
            {
                return;
            }

            foreach (var node in nodes)
            {
                node.Resume = context.Resume[node.Plan.Name];
                if (node.Resume?.Restore == true)
                {
                    NodeEnding.Restored(node.Result, node.Resume);
                    Finish(node, Now(), record: false);
                }
            }
        }

        /// <summary>The run stopped: every node that has not started and may not start now ends as NotRun, with the stop's cause.</summary>
        private void FinishUnstarted()
        {
            foreach (var node in nodes)
            {
                if ((node.State == NodeState.Waiting || node.State == NodeState.Ready) && stop.Blocks(node.Plan.When))
                {
                    FinishNotStarted(node, NodeStatus.NotRun, stop.Cause!.Value);
                }
            }
        }

        private void FinishNotStarted(SchedulerNode node, NodeStatus status, NodeReason reason)
        {
            NodeEnding.NotStarted(node.Result, status, reason);
            Finish(node, Now());
        }

        /// <summary>Adaptive mode: wakes the loop every <see cref="ConcurrencyController.Interval"/> to let the controller look.</summary>
        private IDisposable? StartSampling()
        {
            if (adaptive == null)
            {
                return null;
            }

            var interval = ConcurrencyController.Interval;
            return context.Clock.CreateTimer(_ => { Volatile.Write(ref sampleDue, 1); completions.Signal(); }, null, interval, interval);
        }

        private DateTime Now() => context.Clock.GetLocalNow().DateTime;
    }
}
