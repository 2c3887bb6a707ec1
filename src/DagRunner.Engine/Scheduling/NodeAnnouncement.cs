using System;
using DagRunner.Engine.Events;
using DagRunner.Engine.Secrets;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// What happens to a node's result once it is final, before anything depends on it: secrets masked in it, the
    /// checkpoint record written (on disk before any dependent is decided), and the NodeFinished event published.
    /// </summary>
    internal static class NodeAnnouncement
    {
        /// <param name="record">False for a node a resume restored: the checkpoint already holds it.</param>
        public static void Publish(SchedulerContext context, SchedulerNode node, DateTime time, bool record)
        {
            var events = context.Events;
            if (MaskedResults.Mask(node.Result, context.Run.Masker))
            {
                events.Publish(new NodeLogEvent(time, node.Plan.Name, NodeLogStream.Warning, MaskedResults.OutputWarning(node.Plan.Name)));
            }

            if (record && context.Recorder != null)
            {
                foreach (var warning in context.Recorder.NodeFinished(node.Result, node.Definition))
                {
                    events.Publish(new NodeLogEvent(time, node.Plan.Name, NodeLogStream.Warning, warning));
                }
            }

            events.Publish(new NodeFinishedEvent(time, node.Result));
        }
    }
}
