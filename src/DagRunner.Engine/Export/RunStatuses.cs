using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// The status of each node as a run result or a checkpoint tells it, laid over a graph to colour it. Nodes it does
    /// not mention (planned since, or outside a <c>-Node</c> selection) stay uncoloured.
    /// </summary>
    internal sealed class RunStatuses
    {
        private readonly Dictionary<string, NodeRunState> byName;

        private RunStatuses(string title, IEnumerable<KeyValuePair<string, NodeRunState>> states, IReadOnlyList<string>? criticalPath)
        {
            Title = title;
            byName = new Dictionary<string, NodeRunState>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in states)
            {
                byName[pair.Key] = pair.Value;
            }

            CriticalPath = criticalPath;
        }

        /// <summary>What the graph's title says about the run, for example <c>Failed · 1.25 s</c>.</summary>
        public string Title { get; }

        /// <summary>The run's actual critical path; null when the source does not know it (a checkpoint).</summary>
        internal IReadOnlyList<string>? CriticalPath { get; }

        /// <summary>Every node of <paramref name="result"/>, with the run's actual critical path.</summary>
        public static RunStatuses FromResult(DagRunResult result)
        {
            Guard.NotNull(result);
            var states = result.Nodes.Select(n => new KeyValuePair<string, NodeRunState>(
                n.Name, new NodeRunState(n.Status, n.Reason, n.Attempts, n.Duration)));
            return new RunStatuses($"{result.Status} · {TimeText.Duration(result.Duration)}", states, result.CriticalPath);
        }

        /// <summary>
        /// Every node the checkpoint records. A run that was still going (or was killed) has no end: its title says
        /// so, and the checkpoint reader already reads its started-but-unfinished nodes as Cancelled.
        /// </summary>
        public static RunStatuses FromCheckpoint(CheckpointState checkpoint)
        {
            Guard.NotNull(checkpoint);
            var states = checkpoint.Nodes.Select(n => new KeyValuePair<string, NodeRunState>(
                n.Name, new NodeRunState(n.Status, n.Reason, n.Attempts, n.Duration)));
            var status = checkpoint.Status.ToString();
            var title = checkpoint.EndTime.HasValue
                ? $"{status} · {TimeText.Duration(checkpoint.EndTime.Value - checkpoint.StartTime)} (checkpoint)"
                : $"{status} (checkpoint)";
            return new RunStatuses(title, states, null);
        }

        internal bool TryGet(string name, out NodeRunState state) => byName.TryGetValue(name, out state);

        /// <summary>How many instances of the foreach node <paramref name="name"/> the run had (<c>name[key]</c> entries).</summary>
        internal int InstancesOf(string name)
        {
            var prefix = name + "[";
            return byName.Keys.Count(k => k.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase));
        }
    }
}
