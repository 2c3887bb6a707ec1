using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// A recorder that keeps what the scheduler records ("started a", "finished a") in memory until Commit, and
    /// keeps each commit as one batch, the way a grouped checkpoint writer puts each commit in one journal write.
    /// </summary>
    internal sealed class CommittingRecorder : IRunRecorder
    {
        private readonly object gate = new object();
        private readonly List<string> pending = new List<string>();
        private readonly List<string[]> batches = new List<string[]>();

        /// <summary>The commits so far, each with its records in the order they were made.</summary>
        public string[][] Batches
        {
            get
            {
                lock (gate)
                {
                    return batches.ToArray();
                }
            }
        }

        /// <summary>Every committed record, in order.</summary>
        public string[] Committed => Batches.SelectMany(b => b).ToArray();

        public void NodeStarted(NodeDefinition node, int attempt, DateTime time) => Add("started " + node.Id);

        public IReadOnlyList<string> NodeFinished(NodeResult result, NodeDefinition node)
        {
            Add("finished " + node.Id);
            return Array.Empty<string>();
        }

        public IReadOnlyList<string> Invalidate(NodeDefinition node, IReadOnlyList<string> targets) => Array.Empty<string>();

        public void Commit()
        {
            lock (gate)
            {
                if (pending.Count > 0)
                {
                    batches.Add(pending.ToArray());
                    pending.Clear();
                }
            }
        }

        public void RunFinished(DagRunResult result)
        {
            Add("run finished");
            Commit();
        }

        private void Add(string record)
        {
            lock (gate)
            {
                pending.Add(record);
            }
        }
    }
}
