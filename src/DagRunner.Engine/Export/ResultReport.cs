using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A finished (or checkpointed) run in the one shape the result exporters read: a <see cref="DagRunResult"/> and a
    /// <see cref="CheckpointState"/> tell the same facts under different types. Every text in it is already masked: the
    /// engine masks a node's output and errors before the result or the checkpoint is made.
    /// </summary>
    internal sealed class ResultReport
    {
        private ResultReport(string workflow, string workflowPath, string runId, DagRunStatus status, DateTime startTime, DateTime? endTime, bool fromCheckpoint, IReadOnlyList<ReportNode> nodes)
        {
            Workflow = workflow;
            WorkflowPath = workflowPath;
            RunId = runId;
            Status = status;
            StartTime = startTime;
            EndTime = endTime;
            IsFromCheckpoint = fromCheckpoint;
            Nodes = nodes;
        }

        public string Workflow { get; }

        /// <summary>The workflow file, or <c>-Definition</c>.</summary>
        public string WorkflowPath { get; }

        public string RunId { get; }

        public DagRunStatus Status { get; }

        public DateTime StartTime { get; }

        /// <summary>Null for a checkpoint whose run has not ended (still going, or its process died).</summary>
        public DateTime? EndTime { get; }

        /// <summary>The run's length; up to the last record for a checkpoint without an end.</summary>
        public TimeSpan Duration { get; private init; }

        /// <summary>
        /// The UTC offset the run's times are in: the one its clock kept from its start, else (a checkpoint, which stores
        /// times without one) this machine's zone's at the run's start.
        /// </summary>
        public TimeSpan Offset { get; private init; }

        /// <summary>True when read from a checkpoint: errors are first lines only, with no position of their own.</summary>
        public bool IsFromCheckpoint { get; }

        /// <summary>Every node and foreach instance, in the source's order.</summary>
        public IReadOnlyList<ReportNode> Nodes { get; }

        /// <summary>
        /// The report of <paramref name="result"/>. With <paramref name="workflow"/> (the run's workflow, read again) a
        /// failure is placed at the statement that raised it and each node knows its host; without, at the node.
        /// <paramref name="logOf"/> gives a node's log text (its <c>-LogDirectory</c> file), or null when there is none.
        /// </summary>
        public static ResultReport FromResult(DagRunResult result, WorkflowDefinition? workflow, Func<string, string?>? logOf = null)
        {
            Guard.NotNull(result);
            var nodes = result.Nodes.Select(n => FromNodeResult(n, DefinitionOf(workflow, n.Name), logOf?.Invoke(n.Name))).ToList();
            return new ResultReport(result.Name, result.WorkflowPath, result.RunId, result.Status, result.StartTime, result.EndTime, fromCheckpoint: false, nodes)
            {
                Duration = result.Duration,
                Offset = result.UtcOffset ?? TimeZoneInfo.Local.GetUtcOffset(result.StartTime),
            };
        }

        /// <summary>The report of <paramref name="checkpoint"/>; <paramref name="workflow"/> gives each node its position and host.</summary>
        public static ResultReport FromCheckpoint(CheckpointState checkpoint, WorkflowDefinition? workflow, Func<string, string?>? logOf = null)
        {
            Guard.NotNull(checkpoint);
            var nodes = checkpoint.Nodes.Select(n => FromCheckpointNode(n, DefinitionOf(workflow, n.Name), logOf?.Invoke(n.Name))).ToList();
            var end = checkpoint.EndTime ?? checkpoint.LastUpdate;
            return new ResultReport(checkpoint.WorkflowName, checkpoint.WorkflowPath, checkpoint.RunId, checkpoint.Status, checkpoint.StartTime, checkpoint.EndTime, fromCheckpoint: true, nodes)
            {
                Duration = end > checkpoint.StartTime ? end - checkpoint.StartTime : TimeSpan.Zero,
                Offset = checkpoint.UtcOffset, // what its times were read in
            };
        }

        private static ReportNode FromNodeResult(NodeResult node, NodeDefinition? definition, string? log)
        {
            var position = node.Status == NodeStatus.Failed ? Execution.FailurePosition.Of(node.Error, definition) : null;
            return new ReportNode(node.Name, node.Status, node.Reason, node.Attempts, node.StartTime, node.EndTime)
            {
                ErrorMessage = node.ErrorMessage,
                ErrorText = FullText(node.Error),
                ErrorPosition = position ?? NodePosition(definition) ?? ParseSource(node.Source),
                Host = node.Host ?? HostOf(node.Name, definition),
                OutputJson = OutputJsonOf(node),
                AttemptRecords = node.AttemptRecords,
                Log = log,
            };
        }

        private static ReportNode FromCheckpointNode(CheckpointNodeState node, NodeDefinition? definition, string? log)
            => new ReportNode(node.Name, node.Status, node.Reason, node.Attempts, node.StartTime, node.EndTime)
            {
                ErrorMessage = node.ErrorMessage,
                ErrorText = node.ErrorMessage,
                ErrorPosition = NodePosition(definition),
                Host = node.Host ?? HostOf(node.Name, definition),
                OutputJson = node.OutputJson,
                Log = log,
            };

        /// <summary>The output in the checkpoint's JSON format, so both exports and the checkpoint agree on its shape.</summary>
        private static string OutputJsonOf(NodeResult node)
            => node.Output.Length == 0 ? "[]" : OutputJson.Serialize(node.Output, node.Name, new List<string>());

        /// <summary>The whole error text (a node's error can span lines: a native tool's stderr, a stack of causes).</summary>
        private static string? FullText(object? error)
        {
            var text = error switch
            {
                null => null,
                System.Management.Automation.ErrorRecord record => record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString(),
                Exception exception => exception.Message,
                _ => error.ToString(),
            };
            return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
        }

        /// <summary>A node, or the foreach node a <c>node[key]</c> instance came from (whose script the instance ran).</summary>
        private static NodeDefinition? DefinitionOf(WorkflowDefinition? workflow, string name)
        {
            if (workflow == null)
            {
                return null;
            }

            var node = workflow.Nodes.FirstOrDefault(n => string.Equals(n.Id, name, StringComparison.OrdinalIgnoreCase));
            if (node != null || !InstanceId.TrySplit(name, out var group, out _))
            {
                return node;
            }

            return workflow.Nodes.FirstOrDefault(n => string.Equals(n.Id, group, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The host the node ran on when the result does not say (a checkpoint written before hosts were recorded): its one <c>on:</c>, or for an instance of a node on several hosts, its own key.</summary>
        private static string? HostOf(string name, NodeDefinition? definition)
        {
            if (definition == null || definition.On.Count == 0)
            {
                return null;
            }

            if (definition.On.Count == 1)
            {
                return definition.On[0];
            }

            var key = InstanceId.TrySplit(name, out _, out var instanceKey) ? instanceKey : null;
            return definition.On.FirstOrDefault(h => string.Equals(h, key, StringComparison.OrdinalIgnoreCase));
        }

        private static SourceLocation? NodePosition(NodeDefinition? definition)
            => definition != null && definition.Location.HasPosition ? definition.Location : (SourceLocation?)null;

        /// <summary>A result's <see cref="NodeResult.Source"/>, <c>file(line)</c>, when the workflow could not be read again.</summary>
        private static SourceLocation? ParseSource(string? source)
        {
            if (string.IsNullOrEmpty(source) || !source!.EndsWith(")", StringComparison.Ordinal))
            {
                return null;
            }

            int open = source.LastIndexOf('(');
            return open > 0 && int.TryParse(source.Substring(open + 1, source.Length - open - 2), out int line) && line > 0
                ? new SourceLocation(source.Substring(0, open), line, 0)
                : (SourceLocation?)null;
        }
    }
}
