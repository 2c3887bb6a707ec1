using System;
using System.Diagnostics;
using System.Management.Automation;
using DagRunner.Execution;
using DagRunner.Results;

namespace DagRunner.Commands.Hosting
{
    /// <summary>
    /// The run's progress bar: done of total, running, failed, elapsed. Updates are throttled so a
    /// 10,000-node run does not spend its time drawing.
    /// </summary>
    internal sealed class RunProgress
    {
        private const int ActivityId = 0x0DA6;
        private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
        private readonly PSCmdlet cmdlet;
        private readonly Stopwatch elapsed = Stopwatch.StartNew();
        private TimeSpan lastDrawn = TimeSpan.FromDays(-1);
        private string name = string.Empty;
        private int total;
        private int done;
        private int running;
        private int failed;

        public RunProgress(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        public void Observe(RunEvent runEvent)
        {
            switch (runEvent)
            {
                case RunStartedEvent started:
                    name = started.Plan.WorkflowName;
                    total = started.Plan.NodeCount;
                    break;
                case NodeStartedEvent started when started.Attempt == 1:
                    running++;
                    break;
                case NodeFinishedEvent finished:
                    done++;
                    if (finished.Result.Attempts > 0 && finished.Result.Status != NodeStatus.Skipped)
                    {
                        running = Math.Max(0, running - 1);
                    }

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
            if (total == 0 || elapsed.Elapsed - lastDrawn < MinInterval)
            {
                return;
            }

            lastDrawn = elapsed.Elapsed;
            var status = $"{done}/{total} done, {running} running, {failed} failed, {elapsed.Elapsed:hh\\:mm\\:ss} elapsed";
            cmdlet.WriteProgress(new ProgressRecord(ActivityId, $"Running workflow '{name}'", status)
            {
                PercentComplete = (int)(100L * done / total),
            });
        }

        public void Complete()
        {
            if (lastDrawn >= TimeSpan.Zero)
            {
                cmdlet.WriteProgress(new ProgressRecord(ActivityId, $"Running workflow '{name}'", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
