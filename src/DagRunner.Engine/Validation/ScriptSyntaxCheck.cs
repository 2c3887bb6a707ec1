using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation.Language;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Parses every script of a workflow with PowerShell's own parser before anything runs, and reports syntax
    /// errors where they are written: inside the YAML for inline scripts, in the .ps1 for <c>file:</c> scripts.
    /// </summary>
    internal static class ScriptSyntaxCheck
    {
        public static void Check(WorkflowDefinition workflow, ICollection<Diagnostic> diagnostics)
        {
            CheckInline(workflow.Shared.Setup, "'setup'", diagnostics);
            if (workflow.Shared.ResolvedSetupFile is string setupFile && File.Exists(setupFile))
            {
                ParseFile(setupFile, $"'{workflow.Shared.SetupFile}' (the setup file)", workflow.Shared.SetupLocation, DiagnosticIds.BadSetup, diagnostics);
            }

            foreach (var node in workflow.Nodes)
            {
                CheckInline(node.Run, $"'run' of node '{node.Id}'", diagnostics);
                CheckInline(node.Condition, $"'if' of node '{node.Id}'", diagnostics);
                CheckInline(node.Fallback, $"'fallback' of node '{node.Id}'", diagnostics);
                CheckInline(node.ForEach?.Expression, $"'foreach' of node '{node.Id}'", diagnostics);
                CheckInline(node.ForEach?.Key, $"the 'key' of 'foreach' of node '{node.Id}'", diagnostics);
                if (node.ResolvedFile != null)
                {
                    CheckFile(node, workflow.BaseDirectory, diagnostics);
                }
            }
        }

        private static void CheckInline(ScriptSource? script, string what, ICollection<Diagnostic> diagnostics)
        {
            if (script == null)
            {
                return;
            }

            Parser.ParseInput(script.Text, out _, out var errors);
            Report(errors, error => script.Map(error.Extent.StartLineNumber, error.Extent.StartColumnNumber), what, diagnostics);
        }

        private static void CheckFile(NodeDefinition node, string baseDirectory, ICollection<Diagnostic> diagnostics)
        {
            var path = node.ResolvedFile!;
            if (!File.Exists(path))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.ScriptFileNotFound, node.FileLocation, $"Node '{node.Id}' runs '{node.File}', but there is no file at '{path}'. Relative paths start at the workflow file's folder ({baseDirectory})."));
                return;
            }

            ParseFile(path, $"'{node.File}' (the file of node '{node.Id}')", node.FileLocation, DiagnosticIds.ScriptFileNotFound, diagnostics);
        }

        /// <summary>Reports the first syntax error of a script file, or, with <paramref name="unreadableId"/> at <paramref name="writtenAt"/>, that it cannot be read.</summary>
        private static void ParseFile(string path, string what, SourceLocation writtenAt, string unreadableId, ICollection<Diagnostic> diagnostics)
        {
            ParseError[] errors;
            try
            {
                Parser.ParseFile(path, out _, out errors);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Error(unreadableId, writtenAt, $"{what} cannot be read at '{path}': {e.Message}"));
                return;
            }

            Report(errors, error => new SourceLocation(path, error.Extent.StartLineNumber, error.Extent.StartColumnNumber), what, diagnostics);
        }

        /// <summary>
        /// Reports the first error of a script. Later ones are often knock-on errors of the first (a missing '}'
        /// leaves several), so they are only counted.
        /// </summary>
        private static void Report(ParseError[] errors, Func<ParseError, SourceLocation> locate, string what, ICollection<Diagnostic> diagnostics)
        {
            if (errors.Length == 0)
            {
                return;
            }

            var more = errors.Length > 1 ? $" ({errors.Length - 1} more after it; fix this one first.)" : string.Empty;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.ScriptSyntax, locate(errors[0]), $"PowerShell syntax error in {what}: {errors[0].Message}{more}"));
        }
    }
}
