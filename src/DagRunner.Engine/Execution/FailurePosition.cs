using System;
using System.Management.Automation;
using DagRunner.Definition;

namespace DagRunner.Execution
{
    /// <summary>Where a node's script failed, as a position in the workflow file (inline scripts) or in its script file.</summary>
    public static class FailurePosition
    {
        /// <summary>
        /// The file position of the statement that raised <paramref name="error"/>: for an inline <c>run</c>, mapped
        /// into the workflow file; for a <c>file</c> node, the script file's own line; null when PowerShell does not say.
        /// </summary>
        public static SourceLocation? Of(object? error, NodeDefinition? node)
        {
            var info = (error as ErrorRecord)?.InvocationInfo;
            int line = info?.ScriptLineNumber ?? 0;
            if (info == null || node == null || line <= 0)
            {
                return null;
            }

            int column = Math.Max(1, info.OffsetInLine);
            if (!string.IsNullOrEmpty(info.ScriptName))
            {
                // An error inside a script file (the node's own file, or one it called) is reported there.
                return new SourceLocation(info.ScriptName, line, column);
            }

            var script = node.Run;
            if (script == null)
            {
                return null;
            }

            var location = script.Map(line, column);
            return location.HasPosition ? location : (SourceLocation?)null;
        }
    }
}
