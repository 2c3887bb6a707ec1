using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// PowerShell ends a property name at '-': <c>$Needs.build-linux</c> is <c>$Needs.build</c> and then <c>-linux</c> (an
    /// argument, or a syntax error in an expression). When the text goes on with '-' into a node id, that id is what the
    /// author meant: the syntax check and the check of <c>$Needs</c> reads say how to write it (<c>$Needs.'build-linux'</c>).
    /// </summary>
    internal static class DashedNeedsIds
    {
        private static readonly Regex Tail = new Regex(@"\G-[A-Za-z0-9_-]+", RegexOptions.CultureInvariant);
        private static readonly Regex NeedsMemberAtEnd = new Regex(@"\$Needs\.([A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>For a read of <c>$Needs.key</c> (its member's extent): the hint when the text after it spells a node id, else null.</summary>
        public static string? AfterRead(string key, IScriptExtent member, IEnumerable<string> ids)
        {
            var script = member.StartScriptPosition.GetFullScript();
            return script == null ? null : Hint(key, script, member.EndOffset, ids);
        }

        /// <summary>For a syntax error at a token that starts with '-' right after <c>$Needs.key</c>: the hint, else null.</summary>
        public static string? AtSyntaxError(ParseError error, IEnumerable<string> ids)
        {
            var extent = error.Extent;
            var script = extent.StartScriptPosition.GetFullScript();
            if (script == null || extent.StartOffset > script.Length || !extent.Text.StartsWith("-", StringComparison.Ordinal))
            {
                return null;
            }

            var read = NeedsMemberAtEnd.Match(script.Substring(0, extent.StartOffset));
            return read.Success ? Hint(read.Groups[1].Value, script, extent.StartOffset, ids) : null;
        }

        private static string? Hint(string key, string script, int offset, IEnumerable<string> ids)
        {
            var tail = Tail.Match(script, Math.Min(offset, script.Length));
            if (!tail.Success)
            {
                return null;
            }

            var id = ids.FirstOrDefault(i => string.Equals(i, key + tail.Value, StringComparison.OrdinalIgnoreCase));
            return id == null ? null : $"PowerShell ends a property name at '-', so $Needs.{key}{tail.Value} reads $Needs.{key}, then '{tail.Value}': write $Needs.'{id}' (or $Needs['{id}']).";
        }
    }
}
