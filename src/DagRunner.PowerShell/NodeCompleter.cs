using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// Tab completion for <c>-Node</c>: the node ids of the workflow named by <c>-Path</c> (or given as
    /// <c>-Definition</c>) on the same command line, by case-insensitive prefix, each with its description or
    /// its needs as the tooltip. A workflow with errors still completes whatever nodes could be read; a
    /// missing or unreadable one completes nothing.
    /// </summary>
    public sealed class NodeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var workflow = LoadWorkflow(fakeBoundParameters);
            if (workflow == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var prefix = TrimQuotes(wordToComplete ?? string.Empty);
            var nodes = workflow.Nodes
                .Where(n => n.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n.Id, n.Id, CompletionResultType.ParameterValue, Tooltip(n)));
            return parameterName == "Rerun" ? nodes.Concat(RecordedInstances(workflow, fakeBoundParameters, prefix)) : nodes;
        }

        /// <summary>-Rerun also takes one foreach instance, <c>node[key]</c>: those the checkpoint has (quoted, since brackets are wildcards).</summary>
        private static IEnumerable<CompletionResult> RecordedInstances(WorkflowDefinition workflow, IDictionary fakeBoundParameters, string prefix)
        {
            try
            {
                var checkpointPath = Unwrap(fakeBoundParameters["CheckpointPath"]) is string path && path.Length > 0 ? ResolvePath(path) : null;
                var checkpoint = Engine.State.StateFolder.Of(workflow, checkpointPath).ReadCheckpoint();
                return checkpoint.Nodes
                    .Where(n => n.Name.IndexOf('[') > 0 && n.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(n => new CompletionResult($"'{n.Name}'", n.Name, CompletionResultType.ParameterValue, $"{n.Status} in run {checkpoint.RunId}"))
                    .ToList();
            }
            catch (Exception)
            {
                // No checkpoint (or an unreadable one): only node ids complete.
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static WorkflowDefinition? LoadWorkflow(IDictionary fakeBoundParameters)
        {
            try
            {
                if (Unwrap(fakeBoundParameters["Definition"]) is IDictionary definition)
                {
                    return WorkflowLoader.LoadObject(definition, CurrentDirectory() ?? Environment.CurrentDirectory).Workflow;
                }

                if (Unwrap(fakeBoundParameters["Path"]) is string path && path.Length > 0)
                {
                    var fullPath = ResolvePath(path);
                    return fullPath == null ? null : WorkflowLoader.LoadFile(fullPath).Workflow;
                }
            }
            catch (Exception)
            {
                // Completion must never throw at the user: a workflow that cannot be read completes nothing.
            }

            return null;
        }

        /// <summary>The file system path of <paramref name="path"/> relative to PowerShell's location, not the process's.</summary>
        private static string? ResolvePath(string path)
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Microsoft.PowerShell.Management\\Convert-Path").AddParameter("LiteralPath", path);
            var resolved = ps.Invoke<string>();
            return ps.HadErrors || resolved.Count != 1 ? null : resolved[0];
        }

        private static string? CurrentDirectory()
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem");
            var location = ps.Invoke<PathInfo>();
            return ps.HadErrors || location.Count != 1 ? null : location[0].ProviderPath;
        }

        private static string Tooltip(NodeDefinition node)
        {
            if (!string.IsNullOrWhiteSpace(node.Description))
            {
                return node.Description!.Trim();
            }

            return node.Needs.Count == 0 ? "needs nothing" : "needs " + string.Join(", ", node.Needs.Select(n => n.Id));
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        private static string TrimQuotes(string word) => word.Trim('\'', '"');
    }
}
