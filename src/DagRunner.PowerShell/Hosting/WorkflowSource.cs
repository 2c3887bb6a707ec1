using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Loading;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>Resolves <c>-Path</c> or <c>-Definition</c> into a loaded workflow, the way every cmdlet needs it.</summary>
    internal static class WorkflowSource
    {
        // -Path is literal, so that a folder named 'proj[1]' works; a pattern in it only ever names a missing file.
        private static readonly char[] Wildcards = { '*', '?' };

        /// <summary>The loaded workflow, or null after writing why it could not be read.</summary>
        public static LoadResult? Load(PSCmdlet cmdlet, IRunOutput output, string? path, IDictionary? definition)
        {
            if (definition != null)
            {
                var baseDirectory = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
                return WorkflowLoader.LoadObject(definition, baseDirectory);
            }

            var fullPath = cmdlet.GetUnresolvedProviderPathFromPSPath(path ?? string.Empty);
            if (!File.Exists(fullPath))
            {
                var message = Directory.Exists(fullPath)
                    ? $"'{fullPath}' is a folder; give the workflow file (for example '{Path.Combine(fullPath, "build.dag.yaml")}')."
                    : $"Workflow file '{fullPath}' was not found.{(fullPath.IndexOfAny(Wildcards) >= 0 ? " The path is taken as written: '*' and '?' match nothing, so name one workflow file." : string.Empty)} Check the path, or pass an inline workflow with -Definition.";
                output.Error(new ErrorRecord(new ItemNotFoundException(message), ErrorIds.WorkflowFileNotFound, ErrorCategory.ObjectNotFound, fullPath));
                return null;
            }

            try
            {
                return WorkflowLoader.LoadFile(fullPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                output.Error(new ErrorRecord(ex, ErrorIds.WorkflowFileUnreadable, ErrorCategory.ReadError, fullPath));
                return null;
            }
        }
    }
}
