using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// <c>foreach</c> nodes in the scheduler. Once a foreach node's items are known it becomes one instance per item,
    /// each scheduled like any node under the node's own <c>parallelism:</c>; a resume decides each instance on its
    /// own (<see cref="ResumePlan.Instance"/>). The node ends, with the list of their outputs, when its last instance ends.
    /// </summary>
    internal sealed class ForEachExpansion
    {
        private readonly SchedulerContext context;
        private readonly IComparer<SchedulerNode> order;

        public ForEachExpansion(SchedulerContext context, IComparer<SchedulerNode> order)
        {
            this.context = context;
            this.order = order;
        }

        /// <summary>A foreach node itself (not one of its instances): it works out items rather than running a script.</summary>
        public static bool IsForEachNode(SchedulerNode node) => node.Definition.ForEach != null && node.Group == null;

        /// <summary>
        /// The instances of <paramref name="group"/> for <paramref name="items"/>, numbered on from <paramref name="firstPosition"/>,
        /// keyed by <paramref name="keys"/> when <c>key:</c> gave them,
        /// each with its resume decision; instances the last run had that the list no longer has are reported, not run.
        /// </summary>
        private IReadOnlyList<SchedulerNode> CreateInstances(SchedulerNode group, IReadOnlyList<object?> items, IReadOnlyList<string>? keys, int firstPosition)
        {
            var run = context.Run;
            var definitions = ForEachInstances.Create(group.Definition, items, run.Masker.IsEmpty ? null : run.Masker.Contains, keys);
            var instances = definitions.Select((d, i) => SchedulerNode.Instance(group, d, firstPosition + i)).ToList();
            group.Instances = new ForEachGroup(instances, group.Definition.Parallelism, order);
            if (context.Resume != null && context.Hashes != null)
            {
                foreach (var instance in instances)
                {
                    instance.Resume = context.Resume.Instance(instance.Plan, group.Plan.Name, DefinitionHash.Of(instance.Definition, context.Hashes, run.Variables));
                }

                ReportVanishedInstances(group, definitions.Select(d => d.Id));
            }

            return instances;
        }

        /// <summary>
        /// The items of <paramref name="completion"/>'s foreach node came back: one instance per item, each restored
        /// (a resume kept it) or ready at once (the node's needs already passed its trigger rule); or, when the
        /// expression failed, the run stopped meanwhile, or the list is empty, the node's own end.
        /// </summary>
        public void Expanded(NodeCompletion completion, RunStop stop, List<SchedulerNode> nodes, INodeTransitions transitions)
        {
            var group = completion.Node;
            var execution = completion.Outcome.Execution;
            bool succeeded = execution.Outcome == NodeOutcome.Succeeded;
            if (succeeded && stop.Blocks(group.Plan.When))
            {
                transitions.FinishNotStarted(group, NodeStatus.NotRun, stop.Cause!.Value);
                return;
            }

            if (!succeeded || execution.Output.Count == 0)
            {
                if (succeeded)
                {
                    NodeEnding.EmptyForeach(group.Result, completion.EndTime);
                }
                else
                {
                    NodeEnding.Ran(group.Result, group.Definition, completion.Outcome, completion.EndTime, null);
                }

                group.FinishSequence = transitions.NextFinishSequence();
                transitions.Finish(group, completion.EndTime);
                return;
            }

            var instances = CreateInstances(group, execution.Output, execution.ItemKeys, nodes.Count);
            nodes.AddRange(instances);
            foreach (var instance in instances)
            {
                if (instance.Resume?.Restore == true)
                {
                    NodeEnding.Restored(instance.Result, instance.Resume);
                    transitions.Finish(instance, transitions.Now(), record: false);
                }
                else
                {
                    transitions.MakeReady(instance);
                }
            }
        }

        /// <summary>An instance ended: its place under the node's cap goes to the next one waiting, which is returned.</summary>
        public static SchedulerNode? ReleasePlace(SchedulerNode node)
        {
            if (node.Group?.Instances is not { } group)
            {
                return null;
            }

            group.Running--;
            return group.Held.Count > 0 ? group.Held.Pop() : null;
        }

        /// <summary>After an instance ended: its foreach node when that was the last instance (the caller ends it), else null.</summary>
        public static SchedulerNode? LastInstanceEnded(SchedulerNode node)
        {
            var group = node.Group;
            if (group?.Instances == null || --group.Instances.Pending > 0)
            {
                return null;
            }

            NodeEnding.FromInstances(group.Result, group.Instances.Instances.Select(i => i.Result).ToList(), group.Definition.ContinueOnError, group.Resume?.Previous?.Inputs);
            return group;
        }

        /// <summary>The nodes as the result lists them: plan order, each foreach node followed by its instances.</summary>
        public static IReadOnlyList<SchedulerNode> InResultOrder(IEnumerable<SchedulerNode> nodes)
        {
            var ordered = new List<SchedulerNode>();
            foreach (var node in nodes.Where(n => n.Group == null))
            {
                ordered.Add(node);
                if (node.Instances != null)
                {
                    ordered.AddRange(node.Instances.Instances);
                }
            }

            return ordered;
        }

        private void ReportVanishedInstances(SchedulerNode group, IEnumerable<string> ids)
        {
            var now = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
            foreach (var name in context.Resume!.RecordedInstances(group.Plan.Name).Select(n => n.Name).Where(n => !now.Contains(n)))
            {
                context.Events.Publish(new NodeLogEvent(context.Clock.GetLocalNow().DateTime, group.Plan.Name, NodeLogStream.Warning,
                    $"Instance '{name}' of the last run is no longer in the item list; it is not run."));
            }
        }
    }
}
