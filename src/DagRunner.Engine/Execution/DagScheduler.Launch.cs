using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Definition;
using DagRunner.Execution.Adaptive;
using DagRunner.Execution.Attempts;
using DagRunner.Results;

namespace DagRunner.Execution
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
