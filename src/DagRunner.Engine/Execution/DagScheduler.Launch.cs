using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using System;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Adaptive;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution
{
    /// <summary>Starting nodes: a node's attempts (or its incremental check) run on a task of their own; the loop only hears the end.</summary>
    internal sealed partial class DagScheduler
    {
        private void Start(SchedulerNode node, CancellationToken token)
        {
            node.State = NodeState.Running;
            running++;
            node.Result.StartTime = Now();
            recorder?.NodeStarted(node.Definition, 1, node.Result.StartTime.Value);
            if (node.Group == null && node.Definition.Invalidates.Count > 0)
            {
                Invalidate(node);
            }

            if (IsForEachNode(node))
            {
                StartExpansion(node, token);
                return;
            }

            peakConcurrency = Math.Max(peakConcurrency, ++runningWork);

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
            Checkpoints.InputFiles? inputs = null;
            try
            {
                outcome = await Task.Run(
                    () =>
                    {
                        // Reads the input files: on this task, never on the scheduler's thread. The checkpoint keeps what they
                        // held, so a resume can tell when one changed.
                        if (node.Definition.Inputs.Count > 0 && (recorder != null || incremental != null))
                        {
                            inputs = Incremental.FileGlobs.Snapshot(run.Workflow.BaseDirectory, node.Definition.Inputs);
                        }

                        if (incremental != null && node.Definition.IsIncremental)
                        {
                            fingerprint = Incremental.IncrementalState.FingerprintOf(node.Definition, needs, run, inputs?.Hash);
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

            completions.Add(new NodeCompletion(node, outcome, exception, Now()) { Fingerprint = fingerprint, Inputs = inputs });
        }

        /// <summary>
        /// <c>invalidates:</c> the node started, so what the listed nodes did is undone: their recorded successes (every
        /// instance of a foreach node) become void in the checkpoint and their incremental state is forgotten, so a
        /// resume runs them again. Successes recorded after this point stand.
        /// </summary>
        private void Invalidate(SchedulerNode node)
        {
            var targets = node.Definition.Invalidates.Select(n => n.Id).ToList();
            incremental?.Forget(targets);
            var voided = recorder?.Invalidate(node.Definition, targets) ?? Array.Empty<string>();
            if (voided.Count > 0)
            {
                var names = string.Join(", ", voided.Take(5)) + (voided.Count > 5 ? $" and {voided.Count - 5} more" : string.Empty);
                events.Publish(new NodeLogEvent(Now(), node.Plan.Name, NodeLogStream.Warning,
                    $"It invalidates {string.Join(", ", targets)}: the recorded success of {names} is void, so Resume-Dag runs {(voided.Count == 1 ? "it" : "them")} again."));
            }
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
    }
}
