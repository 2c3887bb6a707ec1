using System;
using System.Collections;
using System.IO;
using DagRunner.Definition;
using DagRunner.Utils;
using DagRunner.Validation;

namespace DagRunner.Loading
{
    /// <summary>
    /// Loads a workflow from a YAML or JSON file, from text, or from an inline <c>-Definition</c> hashtable, and
    /// runs every check on it. A result without errors is a workflow that may run; there is no separate validation.
    /// </summary>
    public static class WorkflowLoader
    {
        /// <summary>Reads and checks the workflow file at <paramref name="path"/> (full, or relative to the current directory).</summary>
        public static LoadResult LoadFile(string path)
        {
            var fullPath = Path.GetFullPath(Guard.NotNull(path));
            string text;
            try
            {
                text = File.ReadAllText(fullPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                var message = Directory.Exists(fullPath) ? "This is a folder; give the path of the workflow file in it."
                    : e is FileNotFoundException || e is DirectoryNotFoundException ? "The workflow file does not exist. Check the path and the current directory."
                    : $"The workflow file cannot be read: {e.Message}";
                var unreadable = Diagnostic.Error(DiagnosticIds.WorkflowFileUnreadable, new SourceLocation(fullPath, 0, 0), message);
                return new LoadResult(null, new[] { unreadable }, fullPath);
            }

            return LoadText(text, fullPath);
        }

        /// <summary>
        /// Checks workflow <paramref name="text"/> as if read from <paramref name="sourcePath"/>, which gives the
        /// locations, the default name and the folder <c>file:</c> paths start at. The file need not exist.
        /// </summary>
        public static LoadResult LoadText(string text, string sourcePath)
        {
            Guard.NotNull(text);
            var fullPath = Path.GetFullPath(Guard.NotNull(sourcePath));
            var context = new ReadContext(fullPath, Path.GetDirectoryName(fullPath) ?? fullPath, ignoreKeyCase: false);
            return Finish(YamlTreeReader.Read(text, context), WorkflowName.FromPath(fullPath), context);
        }

        /// <summary>
        /// Checks an inline definition: a hashtable with the same shape as the YAML (keys ignore case, as in any
        /// PowerShell hashtable). Relative <c>file:</c> paths start at <paramref name="baseDirectory"/>.
        /// </summary>
        public static LoadResult LoadObject(IDictionary definition, string baseDirectory)
        {
            Guard.NotNull(definition);
            var context = new ReadContext(SourceLocation.InlineDefinitionOrigin, Path.GetFullPath(Guard.NotNull(baseDirectory)), ignoreKeyCase: true);
            return Finish(ObjectTreeReader.Read(definition, context), WorkflowName.InlineDefault, context);
        }

        private static LoadResult Finish(RawNode? root, string defaultName, ReadContext context)
        {
            var workflow = root == null ? null : WorkflowReader.Read(root, defaultName, context);
            if (workflow != null)
            {
                WorkflowValidator.Validate(workflow, context.Diagnostics);
            }

            return new LoadResult(workflow, context.Diagnostics, context.SourcePath);
        }
    }
}
