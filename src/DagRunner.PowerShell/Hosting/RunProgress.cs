using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// The run's progress bars: one for the run (done of total, running, failed, elapsed, and an ETA when the plan's
    /// estimates come from history) and one under it per running node (attempt, elapsed), removed when the node
    /// ends. Drawing is throttled so a 10,000-node run does not spend its time on it.
    /// </summary>
    internal sealed class RunProgress
    {
        private const int RunActivityId = 0x0DA6;
        private const int MaxNodeBars = 8;
        private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
        private readonly PSCmdlet cmdlet;
        private readonly Stopwatch elapsed = Stopwatch.StartNew();
        private readonly Dictionary<string, (int Attempt, TimeSpan Since)> running = new Dictionary<string, (int, TimeSpan)>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> shownBars = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private ExecutionPlan? plan;
        private TimeSpan lastDrawn = TimeSpan.FromDays(-1);
        private int done;
        private int failed;
        private int nextBarId = RunActivityId + 1;

        public RunProgress(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public void Observe(RunEvent runEvent)
        {
            switch (runEvent)
            {
                case RunStartedEvent started:
                    plan = started.Plan;
                    break;
                case NodeStartedEvent started:
                    running[started.Node] = (started.Attempt, elapsed.Elapsed);
                    break;
                case NodeFinishedEvent finished:
                    // foreach instances (node[key]) end too, but the bar counts the planned nodes.
                    done += plan?[finished.Result.Name] != null ? 1 : 0;
                    running.Remove(finished.Result.Name);
                    if (finished.Result.Status == NodeStatus.Failed)
                    {
                        failed++;
                    }

                    break;
            }
        }

        /// <summary>Redraws when enough time has passed since the last draw.</summary>
        public void Tick()
        {
            if (plan == null || plan.NodeCount == 0 || elapsed.Elapsed - lastDrawn < MinInterval)
            {
                return;
            }

            lastDrawn = elapsed.Elapsed;
            var status = Invariant($"{done}/{plan.NodeCount} done, {running.Count} running, {failed} failed, {elapsed.Elapsed:hh\\:mm\\:ss} elapsed");
            var record = new ProgressRecord(RunActivityId, $"Running workflow '{plan.WorkflowName}'", status)
            {
                PercentComplete = (int)Math.Min(100L, 100L * done / plan.NodeCount),
            };
            var eta = EstimatedSecondsLeft();
            if (eta.HasValue)
            {
                record.SecondsRemaining = eta.Value;
            }

            cmdlet.WriteProgress(record);
            DrawNodeBars();
        }

        public void Complete()
        {
            if (lastDrawn < TimeSpan.Zero || plan == null)
            {
                return;
            }

            foreach (var bar in shownBars.Values)
            {
                cmdlet.WriteProgress(new ProgressRecord(bar, "node", "done") { ParentActivityId = RunActivityId, RecordType = ProgressRecordType.Completed });
            }

            shownBars.Clear();
            cmdlet.WriteProgress(new ProgressRecord(RunActivityId, $"Running workflow '{plan.WorkflowName}'", "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>A bar per running node (the longest-running first, a few at most); bars of ended nodes are removed.</summary>
        private void DrawNodeBars()
        {
            foreach (var ended in shownBars.Keys.Where(n => !running.ContainsKey(n)).ToList())
            {
                cmdlet.WriteProgress(new ProgressRecord(shownBars[ended], ended, "done") { ParentActivityId = RunActivityId, RecordType = ProgressRecordType.Completed });
                shownBars.Remove(ended);
            }

            foreach (var node in running.OrderBy(r => r.Value.Since).Take(MaxNodeBars))
            {
                if (!shownBars.TryGetValue(node.Key, out var id))
                {
                    shownBars[node.Key] = id = nextBarId++;
                }

                var took = elapsed.Elapsed - node.Value.Since;
                var attempt = node.Value.Attempt > 1 ? Invariant($"attempt {node.Value.Attempt}, ") : string.Empty;
                cmdlet.WriteProgress(new ProgressRecord(id, node.Key, attempt + Invariant($"{took.TotalSeconds:0.0}s")) { ParentActivityId = RunActivityId });
            }
        }

        /// <summary>With estimates from history: the longest estimated path still ahead of a node that has not ended.</summary>
        private int? EstimatedSecondsLeft()
        {
            if (plan == null || plan.EstimateSource != "History")
            {
                return null;
            }

            double left = 0;
            foreach (var name in running.Keys)
            {
                var node = plan[name];
                if (node != null)
                {
                    left = Math.Max(left, node.RemainingPath - (elapsed.Elapsed - running[name].Since).TotalSeconds);
                }
            }

            return (int)Math.Ceiling(Math.Max(0, left));
        }
    }
}
