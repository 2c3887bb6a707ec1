using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>What a new checkpoint starts with: which run of which workflow, and the definition hash of each planned node.</summary>
    public sealed class CheckpointHeader
    {
        /// <summary>
        /// The format this version writes and the newest it reads; it reads every older one too. Readers refuse anything
        /// newer. Format 2 added node statuses Interrupted and Running, reasons such as Invalidated, and each node's
        /// recorded inputs and InvalidatedBy: a DagRunner that reads only format 1 refuses it as newer rather than
        /// misreading it.
        /// </summary>
        public const int CurrentFormatVersion = 2;

        public int FormatVersion => CurrentFormatVersion;

        public string RunId { get; init; } = string.Empty;

        public string WorkflowName { get; init; } = string.Empty;

        /// <summary>The workflow file, or <c>-Definition</c>. Informational: the name, not the path, decides whose checkpoint it is.</summary>
        public string WorkflowPath { get; init; } = string.Empty;

        /// <summary><see cref="DefinitionHash.ForWorkflow(WorkflowDefinition, IReadOnlyDictionary{string, object?})"/> of the run's workflow.</summary>
        public string WorkflowHash { get; init; } = string.Empty;

        public DateTime StartTime { get; init; }

        /// <summary>The UTC offset of the run's clock, which <see cref="StartTime"/> and the run's other times are in; null writes them without one.</summary>
        public TimeSpan? UtcOffset { get; init; }

        /// <summary>1 for a new run; each resume of it adds one. <value>The default value is 1.</value></summary>
        public int Session { get; init; } = 1;

        /// <summary>The planned nodes in plan order, each with <see cref="DefinitionHash.ForNode"/>. They start as NotRun.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Nodes { get; init; } = Array.Empty<KeyValuePair<string, string>>();

        /// <summary>
        /// The header of a new run of <paramref name="plan"/>: hashes every planned node with the run's
        /// <paramref name="variables"/> (the workflow's <c>variables:</c> with <c>-Parameters</c> applied).
        /// </summary>
        public static CheckpointHeader Create(
            WorkflowDefinition workflow, ExecutionPlan plan, IReadOnlyDictionary<string, object?> variables, string runId, DateTime startTime)
        {
            Guard.NotNull(workflow);
            Guard.NotNull(plan);
            Guard.NotNull(variables);
            var hashes = DefinitionHash.ForNodes(workflow.Nodes, variables);
            return new CheckpointHeader
            {
                RunId = Guard.NotNull(runId),
                WorkflowName = workflow.Name,
                WorkflowPath = workflow.SourcePath,
                WorkflowHash = DefinitionHash.ForWorkflow(workflow.Name, hashes),
                StartTime = startTime,
                Nodes = plan.Nodes.Select(n => new KeyValuePair<string, string>(n.Name, hashes[n.Name])).ToList(),
            };
        }
    }
}
