using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Attempts;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution
{
    /// <summary>
    /// <c>foreach</c> nodes in the scheduler. When such a node is ready, its items are worked out (a list from the
    /// file at once; an expression in a runspace, where it sees <c>$Needs</c>); it then becomes one instance per
    /// item, each scheduled like any node under the node's own <c>parallelism:</c>, and ends, with the list of
    /// their outputs, when the last instance ends. A resume keeps the instances that succeeded with the same item.
    /// </summary>
    internal sealed partial class DagScheduler
    {
        private static bool IsForEachNode(SchedulerNode node) => node.Definition.ForEach != null && node.Group == null;

        /// <summary>Works out the items: a list from the file at once, an expression in a runspace.</summary>
        private void StartExpansion(SchedulerNode node, CancellationToken token)
        {
            var items = node.Definition.ForEach!.Items;
            if (items != null)
            {
                completions.Add(new NodeCompletion(node, new AttemptsOutcome(NodeExecution.Succeeded(items), 0, null), null, Now()) { IsExpansion = true });
                return;
            }

            _ = EvaluateItemsAsync(node, token);
        }

        private async Task EvaluateItemsAsync(SchedulerNode node, CancellationToken token)
        {
            var request = new NodeExecutionRequest(node.Definition, run, node.NeedsValues(), 1, events, NodeScriptPart.ForEachItems);
            NodeExecution? execution = null;
            System.Exception? exception = null;
            try
            {
                execution = await Task.Run(() => executor.ExecuteAsync(request, token), CancellationToken.None).ConfigureAwait(false);
            }
            catch (System.Exception ex)
            {
                exception = ex;
            }

            var outcome = execution == null ? (AttemptsOutcome?)null : new AttemptsOutcome(execution, 1, null);
            completions.Add(new NodeCompletion(node, outcome, exception, Now()) { IsExpansion = true });
        }

        /// <summary>The items are known: one instance per item, or the node's end when there is nothing to run.</summary>
        private void Expand(SchedulerNode group, NodeCompletion completion)
        {
            var execution = completion.Execution;
            if (execution == null || execution.Outcome != NodeOutcome.Succeeded)
            {
                // The expression threw, or the run was stopped while it ran.
                completion.ApplyTo(group.Result, group.Definition);
                group.FinishSequence = ++finished;
                Finish(group, completion.EndTime);
                return;
            }

            if (stop.Blocks(group.Plan.When))
            {
                group.Result.Status = NodeStatus.NotRun;
                group.Result.Reason = stop.Cause!.Value;
                Finish(group, Now());
                return;
            }

            if (execution.Output.Count == 0)
            {
                group.Result.Status = NodeStatus.Succeeded;
                group.Result.Reason = NodeReason.EmptyForeach;
                group.Result.EndTime = completion.EndTime;
                group.FinishSequence = ++finished;
                Finish(group, completion.EndTime);
                return;
            }

            var definitions = ForEachInstances.Create(group.Definition, execution.Output, run.Masker.IsEmpty ? null : run.Masker.Contains);
            var instances = definitions.Select((d, i) => SchedulerNode.Instance(group, d, nodes.Count + i)).ToList();
            group.Instances = new ForEachGroup(instances, group.Definition.Parallelism, order);
            nodes.AddRange(instances);
            ReportVanishedInstances(group, definitions);
            foreach (var instance in instances)
            {
                if (resume != null && hashes != null)
                {
                    instance.Resume = resume.Instance(instance.Plan, group.Plan.Name, DefinitionHash.Of(instance.Definition, hashes, run.Variables));
                    if (instance.Resume.Restore)
                    {
                        instance.Resume.ApplyTo(instance.Result);
                        Finish(instance, Now(), record: false);
                        continue;
                    }
                }

                // The foreach node's needs already passed its trigger rule: its instances are ready at once.
                instance.State = NodeState.Ready;
                instance.Result.ReadyTime = Now();
                ready.Push(instance);
            }
        }

        /// <summary>An instance ended: give its place under the node's cap to the next one waiting.</summary>
        private void ReleaseInstancePlace(SchedulerNode node)
        {
            if (node.Group?.Instances is { } group)
            {
                group.Running--;
                if (group.Held.Count > 0)
                {
                    ready.Push(group.Held.Pop());
                }
            }
        }

        /// <summary>After an instance's Finish: when it was the last, the foreach node ends with all their outputs.</summary>
        private void InstanceEnded(SchedulerNode node)
        {
            var group = node.Group;
            if (group?.Instances == null || --group.Instances.Pending > 0)
            {
                return;
            }

            group.Instances.Summarize(group.Result, group.Definition.ContinueOnError);

            // The node's inputs are its instances': as one of them found them, else as the last session recorded them.
            group.Result.Inputs = group.Instances.Instances.Select(i => i.Result.Inputs).FirstOrDefault(i => i != null) ?? group.Resume?.Previous?.Inputs;
            group.FinishSequence = ++finished;
            Finish(group, Now());
        }

        /// <summary>Resume: instances the last run had that the item list no longer has are reported, not run.</summary>
        private void ReportVanishedInstances(SchedulerNode group, IReadOnlyList<NodeDefinition> definitions)
        {
            if (resume == null)
            {
                return;
            }

            var now = new HashSet<string>(definitions.Select(d => d.Id), System.StringComparer.OrdinalIgnoreCase);
            foreach (var name in resume.RecordedInstances(group.Plan.Name).Select(n => n.Name).Where(n => !now.Contains(n)))
            {
                events.Publish(new NodeLogEvent(Now(), group.Plan.Name, NodeLogStream.Warning, $"Instance '{name}' of the last run is no longer in the item list; it is not run."));
            }
        }

        /// <summary>The nodes as the result lists them: plan order, each foreach node followed by its instances.</summary>
        private IReadOnlyList<SchedulerNode> InResultOrder()
        {
            var ordered = new List<SchedulerNode>(nodes.Count);
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
    }
}
