using System;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>The moves of a node's state machine that the scheduler's helpers may ask for; the scheduler makes them.</summary>
    internal interface INodeTransitions
    {
        /// <summary>Waiting to Ready: into the ready queue.</summary>
        void MakeReady(SchedulerNode node);

        /// <summary>To Done: the result is final; announce it and let its dependents be decided.</summary>
        /// <param name="record">False for a node a resume restored: the checkpoint already holds it.</param>
        void Finish(SchedulerNode node, DateTime time, bool record = true);

        /// <summary>To Done without having started: NotRun (a stop) or Skipped (its trigger rule).</summary>
        void FinishNotStarted(SchedulerNode node, NodeStatus status, NodeReason reason);

        /// <summary>The order in which nodes that ran ended (the actual critical path reads it).</summary>
        long NextFinishSequence();

        /// <summary>The run clock's local time now.</summary>
        DateTime Now();
    }
}
