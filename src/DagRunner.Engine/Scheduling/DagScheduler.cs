using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Results;
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
    internal sealed class DagScheduler : INodeTransitions
    {
        private readonly SchedulerContext context;
        private readonly List<SchedulerNode> nodes;
        private readonly BinaryHeap<SchedulerNode> ready;
        private readonly BinaryHeap<SchedulerNode> readyOnHosts; // outside the run's cap: see RunSlots
        private readonly RunSlots slots;
        private readonly RunDeadline deadline;
        private readonly TurnCommit turn;
        private readonly ForEachExpansion forEach;
        private readonly RunStop stop = new RunStop();
        private readonly CleanupWindow cleanup;
        private readonly Queue<SchedulerNode> toDecide = new Queue<SchedulerNode>();
        private readonly CompletionQueue<NodeCompletion> completions = new CompletionQueue<NodeCompletion>();
        private readonly List<NodeCompletion> drained = new List<NodeCompletion>();
        private long finished;

        public DagScheduler(SchedulerContext context)
        {
            this.context = Guard.NotNull(context);
            Guard.Positive(context.Parallelism);
            var order = context.Mode == ExecutionMode.Sequential ? ReadyOrder.FileOrder : ReadyOrder.LongestRemainingPathFirst;
            ready = new BinaryHeap<SchedulerNode>(order);
            readyOnHosts = new BinaryHeap<SchedulerNode>(order);
            slots = new RunSlots(context, order);
            deadline = new RunDeadline(context.Clock, context.Run.Workflow.Timeout);
            turn = new TurnCommit(context.Recorder, new NodeLauncher(context, deadline, completions));
            forEach = new ForEachExpansion(context, order);
            cleanup = new CleanupWindow(context.Clock, context.CleanupGracePeriod);
            nodes = new List<SchedulerNode>(SchedulerNode.CreateGraph(context.Plan));
        }

        public async Task<DagRunResult> RunAsync(CancellationToken cancellationToken)
        {
            var startTime = Now();
            context.Events.Publish(new RunStartedEvent(startTime, context.Run.RunId, context.Plan, context.Parallelism));

            // Node tokens are linked to the caller's, so Ctrl+C reaches every running node at once.
            using (var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (cancellationToken.Register(completions.Signal))
            using (slots.StartSampling(context.Clock, completions.Signal))
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
                        slots.SampleIfDue(ready.Count);

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

                        turn.CommitAndLaunch();

                        if (slots.Running == 0 && ready.Count == 0 && readyOnHosts.Count == 0)
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
                    cleanup.Cancel();
                    turn.CommitQuietly();
                    throw;
                }
                finally
                {
                    cleanup.Dispose();
                }
            }

            var undecided = nodes.FirstOrDefault(n => n.State != NodeState.Done);
            if (undecided != null)
            {
                throw new InvalidOperationException($"The scheduler stopped with node '{undecided.Plan.Name}' undecided ({undecided.State}).");
            }

            var result = RunSummary.Build(context, ForEachExpansion.InResultOrder(nodes), stop.Cancelled, startTime, Now(), slots.PeakWork);
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
                foreach (var waited in slots.Release(completion.Node, worked: !completion.IsExpansion))
                {
                    PushReady(waited); // dropped later if it was decided otherwise meanwhile
                }

                (completion.IsExpansion ? (Action<NodeCompletion>)Expanded : Completed)(completion);
            }
        }

        /// <summary>A node's attempts came back: record it, then let its dependents be decided.</summary>
        private void Completed(NodeCompletion completion)
        {
            var node = completion.Node;

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

        /// <summary>A foreach node's items are known: its instances become nodes of the run (see <see cref="ForEachExpansion.Expanded"/>).</summary>
        private void Expanded(NodeCompletion completion) => forEach.Expanded(completion, stop, nodes, this);

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

        public void MakeReady(SchedulerNode node)
        {
            node.State = NodeState.Ready;
            node.Result.ReadyTime = Now();
            PushReady(node);
        }

        private void PushReady(SchedulerNode node) => (slots.OutsideCap(node) ? readyOnHosts : ready).Push(node);

        /// <summary>
        /// Starts ready nodes, best first: nodes on hosts as their hosts' sessions allow, the others while the run's
        /// cap allows; after Ctrl+C, only cleanup once the cancel has settled.
        /// </summary>
        private void StartReadyNodes(CancellationToken runToken)
        {
            StartFrom(readyOnHosts, runToken);
            StartFrom(ready, runToken);
        }

        private void StartFrom(BinaryHeap<SchedulerNode> queue, CancellationToken runToken)
        {
            bool underCap = queue == ready;
            while (queue.Count > 0)
            {
                var node = queue.Peek();
                if (node.State != NodeState.Ready)
                {
                    queue.Pop(); // decided otherwise since it was queued (Ctrl+C or -FailFast)
                    continue;
                }

                var token = runToken;
                var start = stop.Hurried ? cleanup.Decide(slots.Running, out token) : CleanupStart.Now;
                if (start == CleanupStart.NotYet)
                {
                    return;
                }

                if (start == CleanupStart.Closed)
                {
                    queue.Pop();
                    FinishNotStarted(node, NodeStatus.NotRun, stop.Cancelled ? NodeReason.RunCancelled : stop.Cause!.Value);
                    continue;
                }

                node.CleanupAfter = stop.Hurried ? (stop.Cancelled ? NodeReason.RunCancelled : NodeReason.RunTimedOut) : (NodeReason?)null;

                if (underCap && slots.Full)
                {
                    return;
                }

                queue.Pop();
                if (slots.TryTake(node))
                {
                    Start(node, token); // one that does not fit its foreach cap or pool waits there, not holding up the rest
                }
            }
        }

        private void Start(SchedulerNode node, CancellationToken token)
        {
            node.State = NodeState.Running;
            node.Result.StartTime = Now();
            context.Recorder?.NodeStarted(node.Definition, 1, node.Result.StartTime.Value);
            Invalidation.OnStart(context, node);
            turn.Launch(node, token);
        }

        /// <summary>
        /// The node has its final status: announce it (masked, recorded, published), count it in each dependent's
        /// tally; the last instance of a foreach node ends the node.
        /// </summary>
        public void Finish(SchedulerNode node, DateTime time, bool record = true)
        {
            node.State = NodeState.Done;
            NodeEnding.ExplainRerun(node.Result, node.Resume);
            NodeAnnouncement.Publish(context, node, time, record);
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

        public void FinishNotStarted(SchedulerNode node, NodeStatus status, NodeReason reason)
        {
            NodeEnding.NotStarted(node.Result, status, reason);
            Finish(node, Now());
        }

        public long NextFinishSequence() => ++finished;

        public DateTime Now() => context.Clock.GetLocalNow().DateTime;
    }
}
