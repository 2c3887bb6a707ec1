using System;
using System.Collections.Generic;
using System.Management.Automation.Language;

namespace DagRunner.Checkpoints
{
    /// <summary>
    /// The names a script may read workflow variables by, found with PowerShell's parser: every variable
    /// (<c>$Configuration</c>, <c>${Configuration}</c>, <c>$script:Configuration</c>) and every bare word or string
    /// constant, which catches <c>$Dag.Variables.Configuration</c> and <c>Get-Variable Configuration</c>. Generous on
    /// purpose: a name found too many only re-runs a node, a name missed would restore a stale output.
    /// </summary>
    internal static class ScriptVariables
    {
        /// <summary>Adds the names <paramref name="script"/> refers to; <see cref="All"/> when it reads <c>$Dag.Variables</c> as a whole.</summary>
        public static void Collect(string? script, ISet<string> names)
        {
            if (string.IsNullOrEmpty(script) || names.Contains(All))
            {
                return;
            }

            // A script with syntax errors never runs (validation refuses it); its partial tree still names enough.
            var ast = Parser.ParseInput(script, out _, out _);
            foreach (var found in ast.FindAll(_ => true, searchNestedScriptBlocks: true))
            {
                switch (found)
                {
                    case VariableExpressionAst variable:
                        names.Add(Unscoped(variable.VariablePath.UserPath));
                        break;
                    case StringConstantExpressionAst constant:
                        names.Add(constant.Value);
                        break;
                    case MemberExpressionAst member when ReadsAllVariables(member):
                        names.Add(All);
                        return;
                }
            }
        }

        /// <summary>The marker <see cref="Collect"/> adds when every variable may matter.</summary>
        public const string All = "*";

        /// <summary><c>$Dag.Variables</c> used whole (piped, passed, enumerated) rather than as <c>$Dag.Variables.Name</c>.</summary>
        private static bool ReadsAllVariables(MemberExpressionAst member)
        {
            bool isDagVariables = member.Expression is VariableExpressionAst target
                && string.Equals(Unscoped(target.VariablePath.UserPath), "Dag", StringComparison.OrdinalIgnoreCase)
                && member.Member is StringConstantExpressionAst name
                && string.Equals(name.Value, "Variables", StringComparison.OrdinalIgnoreCase);
            if (!isDagVariables)
            {
                return false;
            }

            bool narrowed = (member.Parent is MemberExpressionAst next && next.Expression == member)
                || (member.Parent is IndexExpressionAst index && index.Target == member && index.Index is StringConstantExpressionAst);
            return !narrowed;
        }

        private static string Unscoped(string userPath)
        {
            int colon = userPath.IndexOf(':');
            if (colon < 0)
            {
                return userPath;
            }

            var scope = userPath.Substring(0, colon);
            foreach (var known in new[] { "global", "script", "local", "private", "using" })
            {
                if (string.Equals(scope, known, StringComparison.OrdinalIgnoreCase))
                {
                    return userPath.Substring(colon + 1);
                }
            }

            return userPath; // env:X, function:X: not a workflow variable
        }
    }
}
