using System;
using System.Collections.Generic;
using System.Threading;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Group commit for one scheduler turn: every checkpoint record the turn made (the completions drained, the nodes
    /// skipped and started) goes to the recorder in one commit, and only then do the nodes it started run, so none
    /// runs before its needs' records are on disk, and a turn costs one journal write however many nodes it ended.
    /// </summary>
    internal sealed class TurnCommit
    {
        private readonly IRunRecorder? recorder;
        private readonly NodeLauncher launcher;
        private readonly List<(SchedulerNode Node, CancellationToken Token)> toLaunch = new List<(SchedulerNode, CancellationToken)>();

        public TurnCommit(IRunRecorder? recorder, NodeLauncher launcher)
        {
            this.recorder = recorder;
            this.launcher = launcher;
        }

        /// <summary>The node was started (and recorded) in this turn: it runs at <see cref="CommitAndLaunch"/>.</summary>
        public void Launch(SchedulerNode node, CancellationToken token) => toLaunch.Add((node, token));

        /// <summary>The end of the turn: commits its records, then launches its nodes in the order they started.</summary>
        public void CommitAndLaunch()
        {
            recorder?.Commit();
            foreach (var (node, token) in toLaunch)
            {
                if (ForEachExpansion.IsForEachNode(node))
                {
                    launcher.LaunchExpansion(node, token);
                }
                else
                {
                    launcher.Launch(node, token);
                }
            }

            toLaunch.Clear();
        }

        /// <summary>The run failed mid-turn: what the turn recorded still goes to the checkpoint, as it did before grouping; nothing launches.</summary>
        public void CommitQuietly()
        {
            toLaunch.Clear();
            try
            {
                recorder?.Commit();
            }
            catch (Exception)
            {
                // The checkpoint itself failing may be what ended the run: the original exception is the one to report.
            }
        }
    }
}
