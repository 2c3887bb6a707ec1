using System;
using System.Management.Automation;
using System.Text.RegularExpressions;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Remote;

namespace DagRunner.Engine.Execution
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
            if ((error as ErrorRecord)?.Exception is RemoteException remote)
            {
                return OfRemote(remote.SerializedRemoteInvocationInfo, node);
            }

            var masked = (error as ErrorRecord)?.Exception as Secrets.MaskedErrorException;
            if (masked?.RemoteInvocation != null)
            {
                return OfRemote(masked.RemoteInvocation, node);
            }

            var info = masked != null ? masked.Invocation : (error as ErrorRecord)?.InvocationInfo;
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

        /// <summary>The script file a remote node's script is written to on its host (see <see cref="RemoteScripts.Setup"/>).</summary>
        private static readonly Regex RemoteScriptPath = new Regex(@"[\\/]dagrunner-\d+[\\/][0-9a-f]{24}[\\/](?<name>[^\\/]+)$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Where on its host a remote node's script failed, mapped back to the node: the host's copy of the script is
        /// the node's <c>run</c> (or <c>fallback</c>, or <c>file</c>) line for line. Errors elsewhere on the host have no
        /// position here.
        /// </summary>
        private static SourceLocation? OfRemote(PSObject? info, NodeDefinition? node)
        {
            var scriptName = info?.Properties["ScriptName"]?.Value as string;
            int line = info?.Properties["ScriptLineNumber"]?.Value is int l ? l : 0;
            int column = info?.Properties["OffsetInLine"]?.Value is int c ? c : 1;
            return InRemoteScript(scriptName, line, column, node);
        }

        /// <summary>A position in the script file a remote node ran on its host, as a position of the node.</summary>
        internal static SourceLocation? InRemoteScript(string? scriptName, int line, int column, NodeDefinition? node)
        {
            column = Math.Max(1, column);
            var match = scriptName == null ? null : RemoteScriptPath.Match(scriptName);
            if (node == null || line <= 0 || match == null || !match.Success)
            {
                return null;
            }

            var name = match.Groups["name"].Value;
            if (node.ResolvedFile != null && !string.Equals(name, RemotePayload.FallbackFileName, StringComparison.Ordinal))
            {
                return new SourceLocation(node.ResolvedFile, line, column);
            }

            var script = string.Equals(name, RemotePayload.FallbackFileName, StringComparison.Ordinal) ? node.Fallback : node.Run;
            if (script == null)
            {
                return null;
            }

            var location = script.Map(line, column);
            return location.HasPosition ? location : (SourceLocation?)null;
        }
    }
}
