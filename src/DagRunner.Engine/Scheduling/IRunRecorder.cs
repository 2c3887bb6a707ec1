using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Keeps a durable record of a run as it goes (the checkpoint). The scheduler calls it on its own thread, and
    /// calls <see cref="NodeFinished"/> before any node that needs the finished one is decided; the records of one
    /// scheduler turn may wait in memory until <see cref="Commit"/>, which the scheduler calls before it starts any
    /// node, so a node's success is on disk before its dependents start.
    /// </summary>
    internal interface IRunRecorder
    {
        void NodeStarted(NodeDefinition node, int attempt, DateTime time);

        /// <summary>Records the node's final status and output; returns warnings for the user (an output stored as text).</summary>
        IReadOnlyList<string> NodeFinished(NodeResult result, NodeDefinition node);

        /// <summary><paramref name="node"/> started and <c>invalidates:</c> <paramref name="targets"/>: their recorded successes are void. Returns the names voided.</summary>
        IReadOnlyList<string> Invalidate(NodeDefinition node, IReadOnlyList<string> targets);

        /// <summary>Makes every record since the last commit durable, in one write (group commit).</summary>
        void Commit();

        /// <summary>Records how the run ended (committing anything still waiting first).</summary>
        void RunFinished(DagRunResult result);
    }
}
