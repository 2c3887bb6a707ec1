using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Checkpoints;
using DagRunner.Definition;
using DagRunner.Execution.Attempts;
using DagRunner.Execution.ForEach;
using DagRunner.Results;

namespace DagRunner.Execution
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

            if (cancelled || failFastStopped || runTimedOut)
            {
                group.Result.Status = NodeStatus.NotRun;
                group.Result.Reason = cancelled ? NodeReason.RunCancelled : failFastStopped ? NodeReason.FailFast : NodeReason.RunTimedOut;
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
                if (TryRestoreInstance(group, instance))
                {
                    Finish(instance, Now(), record: false);
                    continue;
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
            group.FinishSequence = ++finished;
            Finish(group, Now());
        }

        /// <summary>
        /// Resume: an instance that succeeded with the same item and the same node definition is kept, unless its
        /// node runs again because it changed or something it needs ran again.
        /// </summary>
        private bool TryRestoreInstance(SchedulerNode group, SchedulerNode instance)
        {
            if (resume == null || hashes == null || resume.Checkpoint.Nodes[instance.Plan.Name] is not { } previous)
            {
                return false;
            }

            // The instance's own hash says whether its script or its item changed; a need that ran again may have
            // changed its inputs, so then nothing is kept.
            var decision = resume[group.Plan.Name];
            if (decision == null || decision.Reason == NodeReason.UpstreamChanged
                || previous.Status != NodeStatus.Succeeded || previous.DefinitionHash != DefinitionHash.Of(instance.Definition, hashes, run.Variables))
            {
                return false;
            }

            var result = instance.Result;
            result.Status = NodeStatus.Succeeded;
            result.Reason = NodeReason.Resumed;
            result.Attempts = previous.Attempts; // no times: it ran in an earlier session, as a restored node
            result.Output = previous.RestoreOutput();
            return true;
        }

        /// <summary>Why an instance runs in a resumed run: what its record says, or that it is new.</summary>
        private NodeReason InstanceRerunReason(SchedulerNode node)
        {
            if (resume == null || node.Group == null)
            {
                return NodeReason.None;
            }

            var groupReason = resume[node.Group.Plan.Name]?.Reason ?? NodeReason.None;
            if (groupReason == NodeReason.UpstreamChanged)
            {
                return groupReason;
            }

            if (resume.Checkpoint.Nodes[node.Plan.Name] is not { } previous)
            {
                return NodeReason.PreviouslyNotRun;
            }

            return previous.Status switch
            {
                NodeStatus.Failed => NodeReason.PreviouslyFailed,
                NodeStatus.Cancelled => NodeReason.PreviouslyCancelled,
                NodeStatus.Skipped => NodeReason.PreviouslySkipped,
                NodeStatus.Succeeded => NodeReason.DefinitionChanged, // the script or this item changed
                _ => NodeReason.PreviouslyNotRun,
            };
        }

        /// <summary>Resume: instances the last run had that the item list no longer has are reported, not run.</summary>
        private void ReportVanishedInstances(SchedulerNode group, IReadOnlyList<NodeDefinition> definitions)
        {
            if (resume == null)
            {
                return;
            }

            var prefix = group.Plan.Name + "[";
            var now = new HashSet<string>(definitions.Select(d => d.Id), System.StringComparer.OrdinalIgnoreCase);
            foreach (var name in resume.Checkpoint.Nodes.Select(n => n.Name).Where(n => n.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase) && !now.Contains(n)))
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
