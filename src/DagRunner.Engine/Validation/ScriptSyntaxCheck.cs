using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Reports the syntax errors PowerShell's own parser found in a workflow's scripts (<see cref="ParsedScripts"/>),
    /// before anything runs, where they are written: inside the YAML for inline scripts, in the .ps1 for <c>file:</c>
    /// scripts. A <c>file:</c> that does not exist or cannot be read is reported at the node's <c>file:</c> key.
    /// </summary>
    internal static class ScriptSyntaxCheck
    {
        public static void Check(WorkflowDefinition workflow, ParsedScripts parsed, ICollection<Diagnostic> diagnostics)
        {
            foreach (var script in parsed.Setup)
            {
                Report(script, workflow.Shared.SetupLocation, DiagnosticIds.BadSetup, diagnostics, Array.Empty<string>());
            }

            foreach (var node in workflow.Nodes)
            {
                var scripts = parsed.Of(node);
                foreach (var script in scripts)
                {
                    Report(script, node.FileLocation, DiagnosticIds.ScriptFileNotFound, diagnostics, node.Needs.Select(n => n.Id));
                }

                if (node.ResolvedFile != null && !scripts.Any(s => s.IsFile) && !File.Exists(node.ResolvedFile))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticIds.ScriptFileNotFound, node.FileLocation, $"Node '{node.Id}' runs '{node.File}', but there is no file at '{node.ResolvedFile}'. Relative paths start at the workflow file's folder ({workflow.BaseDirectory})."));
                }
            }
        }

        /// <summary>
        /// Reports the first error of a script. Later ones are often knock-on errors of the first (a missing '}'
        /// leaves several), so they are only counted. A file that cannot be read is <paramref name="unreadableId"/> at <paramref name="writtenAt"/>.
        /// </summary>
        /// <param name="needs">The node's needs: a syntax error that is an id with '-' after <c>$Needs.</c> says how to write it.</param>
        private static void Report(ParsedScript script, SourceLocation writtenAt, string unreadableId, ICollection<Diagnostic> diagnostics, IEnumerable<string> needs)
        {
            if (script.ReadError != null)
            {
                diagnostics.Add(Diagnostic.Error(unreadableId, writtenAt, script.ReadError));
                return;
            }

            if (script.Errors.Length == 0)
            {
                return;
            }

            var first = script.Errors[0];
            var more = script.Errors.Length > 1 ? $" ({script.Errors.Length - 1} more after it; fix this one first.)" : string.Empty;
            var dashed = DashedNeedsIds.AtSyntaxError(first, needs) ?? ForeignExpressions.Hint(first.Extent.StartScriptPosition.GetFullScript());
            var hint = dashed == null ? string.Empty : " " + dashed;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.ScriptSyntax, script.Locate(first.Extent), $"PowerShell syntax error in {script.What}: {first.Message}{hint}{more}"));
        }
    }
}
