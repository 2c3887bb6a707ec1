using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Engine.Results
{
    /// <summary>What a whole run did. <c>Invoke-Dag</c> and <c>Resume-Dag</c> write one to the pipeline.</summary>
    public sealed class DagRunResult
    {
        public string Name { get; internal set; } = string.Empty;

        public string RunId { get; internal set; } = string.Empty;

        public DagRunStatus Status { get; internal set; }

        public DateTime StartTime { get; internal set; }

        public DateTime EndTime { get; internal set; }

        public TimeSpan Duration => EndTime - StartTime;

        /// <summary>
        /// The UTC offset of the run's times: the wall clock's when the run started, in which its clock counted on
        /// (docs/output.md, "Times"); exports write it with every time. Null for a result not made by a run.
        /// </summary>
        internal TimeSpan? UtcOffset { get; set; }

        /// <summary>Every planned node, in plan order (each foreach node followed by its instances); <c>Nodes['id']</c> finds one by name.</summary>
        public NodeList<NodeResult> Nodes { get; internal set; } = NodeList.NoResults;

        /// <summary>
        /// The chain of nodes that decided the run's length: from the last node to finish, back through the
        /// need that finished last each time. Empty when nothing ran.
        /// </summary>
        public string[] CriticalPath { get; internal set; } = Array.Empty<string>();

        /// <summary>
        /// The cap on nodes running at once on this machine (<see cref="int.MaxValue"/> when unlimited); nodes on hosts
        /// count against their hosts' <c>maxSessions</c> instead, except in Sequential mode.
        /// </summary>
        public int Parallelism { get; internal set; }

        /// <summary>
        /// The most nodes that ran at the same time: nodes and foreach instances, here and on hosts, not a foreach node
        /// working out its items. Can exceed <see cref="Parallelism"/>, which counts only the nodes that run on this
        /// machine.
        /// </summary>
        public int PeakConcurrency { get; internal set; }

        /// <summary>
        /// How fully the run kept busy the parallelism it used: busy time ÷ (parallelism used × makespan), from 0 to
        /// 1. Busy time is the summed <see cref="NodeResult.Duration"/> of the nodes that ran work in this session:
        /// foreach instances count and their foreach node does not; nodes restored by a resume and up-to-date
        /// incremental nodes do not. The parallelism used is <see cref="PeakConcurrency"/>; the makespan is <see cref="Duration"/>. 1.0 when each place used was busy the
        /// whole run; 0 when nothing ran.
        /// </summary>
        public double Efficiency { get; internal set; }

        /// <summary>The longest node on the run's actual <see cref="CriticalPath"/>: the one to speed up first. Null when nothing ran.</summary>
        public string? Bottleneck { get; internal set; }

        /// <summary>The workflow file, or <c>-Definition</c>.</summary>
        public string WorkflowPath { get; internal set; } = string.Empty;

        public string Mode { get; internal set; } = string.Empty;

        /// <summary>The node result called <paramref name="name"/>, or null.</summary>
        public NodeResult? this[string name] => Nodes[name];

        /// <summary>Nodes that Failed (allowed failures included).</summary>
        public IEnumerable<NodeResult> FailedNodes => Nodes.Where(n => n.Status == NodeStatus.Failed);

        public override string ToString() => $"{Name} {Status} ({Nodes.Count} nodes, {Duration.TotalSeconds:0.00}s)";
    }
}
