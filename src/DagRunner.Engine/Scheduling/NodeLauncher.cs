using System;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Launches a node's work off the scheduler's thread and hands back exactly one <see cref="NodeCompletion"/>:
    /// what its inputs hold, its incremental check, then its attempts; for a foreach node, working out its items.
    /// Never throws: what the executor throws is a failed attempt.
    /// </summary>
    internal sealed class NodeLauncher
    {
        private readonly SchedulerContext context;
        private readonly NodeAttempts attempts;
        private readonly NodeAttempts cleanupAttempts;
        private readonly CompletionQueue<NodeCompletion> completions;

        public NodeLauncher(SchedulerContext context, RunDeadline deadline, CompletionQueue<NodeCompletion> completions)
        {
            this.context = context;
            this.completions = completions;
            attempts = new NodeAttempts(context.Executor, context.Events, context.Clock, deadline, context.JitterSource ?? SharedRandom.NextDouble);
            cleanupAttempts = new NodeAttempts(context.Executor, context.Events, context.Clock, RunDeadline.None(context.Clock), context.JitterSource ?? SharedRandom.NextDouble);
        }

        /// <summary>Runs the node's attempts (unless it is up to date) on a task of its own.</summary>
        public void Launch(SchedulerNode node, CancellationToken token) => _ = RunAsync(node, token);

        /// <summary>
        /// A foreach node's items: a list from the file at once, an expression in a runspace, where it sees <c>$Needs</c>;
        /// with <c>key:</c>, the keys are worked out there too (for a list from the file as well).
        /// </summary>
        public void LaunchExpansion(SchedulerNode node, CancellationToken token)
        {
            var items = node.Definition.ForEach!.Items;
            if (items != null && node.Definition.ForEach.Key == null)
            {
                completions.Add(new NodeCompletion(node, new AttemptsOutcome(NodeExecution.Succeeded(items), 0, null), Now()) { IsExpansion = true });
                return;
            }

            _ = EvaluateItemsAsync(node, token);
        }

        private async Task RunAsync(SchedulerNode node, CancellationToken token)
        {
            var needs = node.NeedsValues();
            var run = context.Run;
            Fingerprint? fingerprint = null;
            InputFiles? inputs = null;
            AttemptsOutcome outcome;
            try
            {
                outcome = await Task.Run(
                    () =>
                    {
                        // Reads the input files here, never on the scheduler's thread. The checkpoint keeps what they held,
                        // so a resume can tell when one changed.
                        if (node.Definition.Inputs.Count > 0 && (context.Recorder != null || context.Incremental != null))
                        {
                            inputs = FileGlobs.Snapshot(run.Workflow.BaseDirectory, node.Definition.Inputs);
                        }

                        if (context.Incremental != null && node.Definition.IsIncremental)
                        {
                            fingerprint = IncrementalState.FingerprintOf(node.Definition, needs, run.Workflow.BaseDirectory, run.Variables, inputs?.Hash);
                            var kept = context.Force ? null : context.Incremental.UpToDateOutput(node.Definition, fingerprint);
                            if (kept != null)
                            {
                                return Task.FromResult(new AttemptsOutcome(NodeExecution.Succeeded(kept), 0, NodeReason.UpToDate));
                            }
                        }

                        return (node.CleanupAfter != null ? cleanupAttempts : attempts).RunAsync(node.Definition, (attempt, part, lastError) => new NodeExecutionRequest(node.Definition, run, needs, attempt, context.Events, part, lastError), token);
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                outcome = new AttemptsOutcome(NodeExecution.Cancelled(), Math.Max(1, node.Result.Attempts), null);
            }
            catch (Exception ex)
            {
                outcome = new AttemptsOutcome(NodeExecution.Failed(ex), 1, null);
            }

            if (node.CleanupAfter == NodeReason.RunTimedOut && outcome.Execution.Outcome == NodeOutcome.Cancelled && token.IsCancellationRequested)
            {
                // Its window closed: the run timed out, and so did its cleanup. A Cancelled node would make it Cancelled.
                var error = new TimeoutException($"The workflow's timeout passed, and the cleanup time after it ({DurationText.Format(context.CleanupGracePeriod)}) too; the node was stopped.");
                outcome = new AttemptsOutcome(new NodeExecution(NodeOutcome.Failed, outcome.Execution.Output, error, outcome.Execution.Worker), outcome.Attempts, NodeReason.RunTimedOut, outcome.Records);
            }

            completions.Add(new NodeCompletion(node, outcome, Now()) { Fingerprint = fingerprint, Inputs = inputs });
        }

        private async Task EvaluateItemsAsync(SchedulerNode node, CancellationToken token)
        {
            var request = new NodeExecutionRequest(node.Definition, context.Run, node.NeedsValues(), 1, context.Events, NodeScriptPart.ForEachItems);
            NodeExecution execution;
            try
            {
                execution = await Task.Run(() => context.Executor.ExecuteAsync(request, token), CancellationToken.None).ConfigureAwait(false)
                    ?? NodeExecution.Failed(new InvalidOperationException($"The executor returned no items for node '{node.Plan.Name}'."));
            }
            catch (Exception ex)
            {
                execution = NodeExecution.Failed(ex);
            }

            if (execution.Outcome == NodeOutcome.Succeeded && node.Definition.ForEach?.Key != null)
            {
                execution = CheckKeys(node, execution);
            }

            completions.Add(new NodeCompletion(node, new AttemptsOutcome(execution, 1, null), Now()) { IsExpansion = true });
        }

        /// <summary>The items with their keys, or the failure of the node when a key cannot name an instance (no instance starts).</summary>
        private NodeExecution CheckKeys(SchedulerNode node, NodeExecution execution)
        {
            var keys = execution.ItemKeys;
            if (keys == null || keys.Count != execution.Output.Count)
            {
                return NodeExecution.Failed(new InvalidOperationException($"The executor returned no key for each item of node '{node.Plan.Name}'."), execution.Worker);
            }

            var masker = context.Run.Masker;
            var error = ForEachInstances.CheckKeys(node.Plan.Name, keys, masker.IsEmpty ? null : masker.Contains);
            return error == null ? execution : NodeExecution.Failed(error, execution.Worker);
        }

        private DateTime Now() => context.Clock.GetLocalNow().DateTime;
    }
}
