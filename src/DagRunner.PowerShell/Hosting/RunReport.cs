using System;
using System.Linq;
using System.Management.Automation;
using DagRunner.Definition;
using DagRunner.Planning;
using DagRunner.Results;

namespace DagRunner.Commands.Hosting
{
    /// <summary>What a cmdlet writes after a run: the result, then one error per node that failed the run.</summary>
    internal static class RunReport
    {
        public static void Write(PSCmdlet cmdlet, DagRunResult result, ExecutionPlan plan)
        {
            if (cmdlet.Stopping)
            {
                // Ctrl+C: the pipeline takes no more objects, but the user still deserves the outcome.
                WriteCancelledSummary(cmdlet, result);
            }

            cmdlet.WriteObject(result);
            foreach (var node in result.Nodes.Where(n => n.Status == NodeStatus.Failed))
            {
                var definition = plan[node.Name]?.Definition;
                if (node.Reason == NodeReason.AllowedFailure)
                {
                    cmdlet.WriteWarning($"[{node.Name}] failed, allowed by continueOnError: {node.ErrorMessage}");
                    continue;
                }

                cmdlet.WriteError(NodeFailure(node, definition));
            }
        }

        internal static ErrorRecord NodeFailure(NodeResult node, NodeDefinition? definition)
        {
            var inner = node.Error as ErrorRecord;
            var where = Where(inner, definition) ?? node.Source;
            var message = $"Node '{node.Name}' failed" + (node.Reason == NodeReason.TimedOut ? " (timed out)" : string.Empty)
                          + $": {node.ErrorMessage}" + (where != null ? $" [{where}]" : string.Empty);
            var exception = new DagNodeFailedException(node.Name, message, inner?.Exception ?? node.Error as Exception);
            var category = inner?.CategoryInfo.Category ?? ErrorCategory.NotSpecified;
            return new ErrorRecord(exception, ErrorIds.NodeFailed, category, node);
        }

        /// <summary>The workflow-file position of the failing statement of an inline script, when known.</summary>
        private static string? Where(ErrorRecord? error, NodeDefinition? definition)
        {
            var line = error?.InvocationInfo?.ScriptLineNumber ?? 0;
            if (definition?.Run == null || line <= 0 || !string.IsNullOrEmpty(error!.InvocationInfo.ScriptName))
            {
                return definition?.File != null && error?.InvocationInfo?.ScriptName is { Length: > 0 } file
                    ? $"{file}({line})"
                    : null;
            }

            var location = definition.Run.Map(line, Math.Max(1, error.InvocationInfo.OffsetInLine));
            return location.HasPosition ? location.ToString() : null;
        }

        private static void WriteCancelledSummary(PSCmdlet cmdlet, DagRunResult result)
        {
            try
            {
                var counts = string.Join(", ", result.Nodes.GroupBy(n => n.Status).Select(g => $"{g.Count()} {g.Key}"));
                cmdlet.Host.UI.WriteLine($"Workflow '{result.Name}' {result.Status} after {result.Duration.TotalSeconds:0.0}s: {counts}.");
            }
            catch (Exception)
            {
                // A host that cannot write any more has nothing left to tell.
            }
        }
    }

    /// <summary>The exception behind a failed node's ErrorRecord; the node's own error is the inner exception.</summary>
    public sealed class DagNodeFailedException : Exception
    {
        public DagNodeFailedException(string node, string message, Exception? inner)
            : base(message, inner) => Node = node;

        public string Node { get; }
    }
}
