using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using DagRunner.Engine.Definition;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// The lines a CI system reads from a job's log to mark a file position as an error or warning, or to fold lines
    /// into a group: GitHub Actions' workflow commands (<c>::error file=…,line=…::message</c>) and Azure Pipelines'
    /// logging commands (<c>##vso[task.logissue type=error;…]message</c>), each with its own escaping. Null for no line.
    /// </summary>
    internal sealed class CiAnnotations
    {
        private readonly CiSystem system;

        public CiAnnotations(CiSystem system) => this.system = system;

        public string? Error(string title, string message, SourceLocation? position) => Issue("error", title, message, position);

        public string? Warning(string title, string message, SourceLocation? position) => Issue("warning", title, message, position);

        public string? GroupStart(string name) => system.Kind switch
        {
            CiSystemKind.GitHubActions => "::group::" + GitHubData(name),
            CiSystemKind.AzurePipelines => "##[group]" + AzureData(name),
            _ => null,
        };

        public string? GroupEnd() => system.Kind switch
        {
            CiSystemKind.GitHubActions => "::endgroup::",
            CiSystemKind.AzurePipelines => "##[endgroup]",
            _ => null,
        };

        private string? Issue(string type, string title, string message, SourceLocation? position)
        {
            var where = position is SourceLocation p && p.HasPosition && !string.IsNullOrEmpty(p.File) && p.File != SourceLocation.InlineDefinitionOrigin ? p : (SourceLocation?)null;
            var file = where == null ? null : RelativePath(where.Value.File);
            switch (system.Kind)
            {
                case CiSystemKind.GitHubActions:
                    var properties = new List<string>();
                    if (where != null)
                    {
                        properties.Add("file=" + GitHubProperty(file!));
                        properties.Add(Invariant($"line={where.Value.Line}"));
                        properties.Add(Invariant($"col={where.Value.Column}"));
                    }

                    properties.Add("title=" + GitHubProperty(title));
                    return $"::{type} {string.Join(",", properties)}::{GitHubData(message)}";
                case CiSystemKind.AzurePipelines:
                    var sb = new StringBuilder("##vso[task.logissue type=").Append(type).Append(';');
                    if (where != null)
                    {
                        sb.Append("sourcepath=").Append(AzureProperty(file!)).Append(';');
                        sb.Append(Invariant($"linenumber={where.Value.Line};columnnumber={where.Value.Column};"));
                    }

                    // Azure has no title: the node goes in front of the message, as on the job's own lines.
                    return sb.Append(']').Append(AzureData(title + ": " + message)).ToString();
                default:
                    return null;
            }
        }

        /// <summary>Both systems link a path relative to the checkout; a file outside it keeps its full path.</summary>
        private string RelativePath(string file)
        {
            var root = system.SourceRoot;
            if (root == null || !Path.IsPathRooted(file))
            {
                return file;
            }

            var full = Path.GetFullPath(file);
            var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return full.StartsWith(prefix, StringComparison.Ordinal) ? full.Substring(prefix.Length).Replace('\\', '/') : file;
        }

        /// <summary>GitHub (actions/toolkit's escapeData): % first, then the line breaks that would end the command.</summary>
        internal static string GitHubData(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

        /// <summary>GitHub (escapeProperty): the data rules, plus : and , which separate properties.</summary>
        internal static string GitHubProperty(string text) => GitHubData(text).Replace(":", "%3A").Replace(",", "%2C");

        /// <summary>Azure (azure-pipelines-task-lib): % as %AZP25 first, then the line breaks.</summary>
        internal static string AzureData(string text) => text.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");

        /// <summary>Azure properties: the data rules, plus ; which separates them and ] which ends them.</summary>
        internal static string AzureProperty(string text) => AzureData(text).Replace(";", "%3B").Replace("]", "%5D");
    }
}
