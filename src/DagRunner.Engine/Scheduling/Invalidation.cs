using System;
using System.Linq;
using DagRunner.Engine.Events;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// <c>invalidates:</c>. A node that lists nodes there undoes what they did (a rollback): when it starts, their
    /// recorded successes (every instance of a foreach node) become void in the checkpoint and their incremental state
    /// is forgotten, so a resume runs them again. Successes recorded after this point stand.
    /// </summary>
    internal static class Invalidation
    {
        public static void OnStart(SchedulerContext context, SchedulerNode node)
        {
            if (node.Group != null || node.Definition.Invalidates.Count == 0)
            {
                return; // an instance runs its foreach node's work: the node invalidated once, when it started
            }

            var targets = node.Definition.Invalidates.Select(n => n.Id).ToList();
            context.Incremental?.Forget(targets);
            var voided = context.Recorder?.Invalidate(node.Definition, targets) ?? Array.Empty<string>();
            if (voided.Count > 0)
            {
                var names = string.Join(", ", voided.Take(5)) + (voided.Count > 5 ? $" and {voided.Count - 5} more" : string.Empty);
                context.Events.Publish(new NodeLogEvent(context.Clock.GetLocalNow().DateTime, node.Plan.Name, NodeLogStream.Warning,
                    $"It invalidates {string.Join(", ", targets)}: the recorded success of {names} is void, so Resume-Dag runs {(voided.Count == 1 ? "it" : "them")} again."));
            }
        }
    }
}
