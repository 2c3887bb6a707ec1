using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// The workflow behind a <see cref="DagRunResult"/>: a result names the file it ran, so <c>$r | Export-DagGraph</c>
    /// needs no <c>-Path</c>. A result of an inline <c>-Definition</c> has no file to read again.
    /// </summary>
    internal static class ResultWorkflow
    {
        /// <summary>The workflow file the result ran; null for an inline <c>-Definition</c>.</summary>
        public static string? FileOf(DagRunResult result)
            => string.IsNullOrEmpty(result.WorkflowPath) || result.WorkflowPath == SourceLocation.InlineDefinitionOrigin ? null : result.WorkflowPath;

        /// <summary>
        /// The result's nodes that the workflow still has: planning them plans what the run planned, including a
        /// <c>-Node</c> selection, and a node removed from the file since is not an error.
        /// </summary>
        public static string[] NodesOf(DagRunResult result, WorkflowDefinition workflow)
        {
            var ids = new HashSet<string>(workflow.Nodes.Select(n => n.Id), StringComparer.OrdinalIgnoreCase);
            return result.Nodes.Select(n => n.Name).Where(ids.Contains).ToArray();
        }

        public static bool SameName(WorkflowDefinition workflow, DagRunResult result)
            => string.Equals(workflow.Name, result.Name, StringComparison.OrdinalIgnoreCase);
    }
}
