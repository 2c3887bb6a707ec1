using System;
using System.IO;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>Where checkpoints live when <c>-CheckpointPath</c> does not say.</summary>
    internal static class CheckpointPaths
    {
        /// <summary>The folder beside the workflow file that holds its checkpoints.</summary>
        public const string FolderName = ".dagrunner";

        /// <summary>
        /// <c>&lt;workflow folder&gt;/.dagrunner/&lt;name&gt;.checkpoint.json</c>. An inline <c>-Definition</c>
        /// (<see cref="SourceLocation.InlineDefinitionOrigin"/>) has no file: its base directory, the current folder
        /// when it was loaded, takes the file's place.
        /// </summary>
        public static string Default(WorkflowDefinition workflow)
        {
            Guard.NotNull(workflow);
            // The loader sets BaseDirectory for inline definitions too; the process folder is only a last resort
            // (in PowerShell it is not $PWD, so hosts should load inline definitions with their location).
            var folder = string.IsNullOrEmpty(workflow.BaseDirectory) ? Environment.CurrentDirectory : workflow.BaseDirectory;
            return Path.GetFullPath(Path.Combine(folder, FolderName, workflow.Name + ".checkpoint.json"));
        }

        /// <summary>The journal written beside <paramref name="checkpointPath"/>.</summary>
        public static string Journal(string checkpointPath) => JournalFile.PathOf(Guard.NotNull(checkpointPath));
    }
}
