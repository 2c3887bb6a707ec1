using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation.Language;
using System.Threading;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The names a script may read workflow variables by, found with PowerShell's parser: every variable
    /// (<c>$Configuration</c>, <c>${Configuration}</c>, <c>$script:Configuration</c>) and every bare word or string
    /// constant, which catches <c>$Dag.Variables.Configuration</c> and <c>Get-Variable Configuration</c>. Generous on
    /// purpose: a name found too many only re-runs a node, a name missed would restore a stale output. Reads it
    /// cannot see (a computed <c>Get-Variable $name</c>, a script that a node dot-sources) are not counted.
    /// </summary>
    internal static class ScriptVariables
    {
        /// <summary>The marker <see cref="Collect"/> adds when every variable may matter.</summary>
        public const string All = "*";

        /// <summary>
        /// How many script texts keep their names found, so a text parsed once is not parsed again: the nodes of a
        /// generated workflow and every instance of a <c>foreach</c> share one text, and the parse is most of a
        /// node's hash. <value>4,096 texts of up to 16,384 characters; past that count the memory starts over.</value>
        /// </summary>
        internal const int RememberedTexts = 4096;

        private const int RememberedLength = 16 * 1024;

        private static readonly ConcurrentDictionary<string, string[]> Remembered = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
        private static int rememberedCount;

        /// <summary>Adds the names <paramref name="script"/> refers to; <see cref="All"/> when it reads <c>$Dag</c> or <c>$Dag.Variables</c> as a whole.</summary>
        public static void Collect(string? script, ISet<string> names)
        {
            if (string.IsNullOrEmpty(script) || names.Contains(All))
            {
                return;
            }

            if (!Remembered.TryGetValue(script!, out var found))
            {
                found = Find(script!);
                if (script!.Length <= RememberedLength && Remembered.TryAdd(script, found) && Interlocked.Increment(ref rememberedCount) > RememberedTexts)
                {
                    // ConcurrentDictionary.Count takes every lock: the count is kept here instead.
                    Remembered.Clear();
                    Interlocked.Exchange(ref rememberedCount, 0);
                }
            }

            names.UnionWith(found);
        }

        /// <summary>
        /// Adds the names every script of <paramref name="node"/> refers to: <c>run</c>, its file (<paramref name="fileContent"/>,
        /// read by the caller), <c>if</c>, <c>fallback</c>, <c>foreach</c> and its <c>key</c>. The one list of a node's scripts
        /// for the definition hash and for <c>-Parameters</c> no script reads.
        /// </summary>
        public static void CollectNode(NodeDefinition node, string? fileContent, ISet<string> names)
        {
            Collect(node.Run?.Text, names);
            Collect(fileContent, names);
            Collect(node.Condition?.Text, names);
            Collect(node.Fallback?.Text, names);
            Collect(node.ForEach?.Expression?.Text, names);
            Collect(node.ForEach?.Key?.Text, names);
        }

        /// <summary>Adds the names the workflow's <c>setup</c> refers to: its text, or its file (<paramref name="setupFileContent"/>).</summary>
        public static void CollectShared(SharedCode shared, string? setupFileContent, ISet<string> names)
        {
            Collect(shared.Setup?.Text, names);
            Collect(setupFileContent, names);
        }

        /// <summary>The names one script refers to, or only <see cref="All"/>.</summary>
        private static string[] Find(string script)
        {
            // A script with syntax errors never runs (validation refuses it); its partial tree still names enough.
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var ast = Parser.ParseInput(script, out _, out _);
            foreach (var found in ast.FindAll(_ => true, searchNestedScriptBlocks: true))
            {
                switch (found)
                {
                    case VariableExpressionAst variable when IsDag(variable) && !IsNarrowed(variable):
                    case MemberExpressionAst member when IsDagVariables(member) && !IsNarrowed(member):
                        return new[] { All };
                    case VariableExpressionAst variable:
                        names.Add(Unscoped(variable.VariablePath.UserPath));
                        break;
                    case StringConstantExpressionAst constant:
                        names.Add(constant.Value);
                        break;
                }
            }

            var list = new string[names.Count];
            names.CopyTo(list);
            return list;
        }

        private static bool IsDag(VariableExpressionAst variable)
            => string.Equals(Unscoped(variable.VariablePath.UserPath), "Dag", StringComparison.OrdinalIgnoreCase);

        private static bool IsDagVariables(MemberExpressionAst member)
            => member.Expression is VariableExpressionAst target && IsDag(target)
                && member.Member is StringConstantExpressionAst name
                && string.Equals(name.Value, "Variables", StringComparison.OrdinalIgnoreCase);

        /// <summary><c>$x.Name</c> or <c>$x['Name']</c>: only a named part of <paramref name="expression"/> is read.</summary>
        private static bool IsNarrowed(ExpressionAst expression)
            => (expression.Parent is MemberExpressionAst member && member.Expression == expression && member.Member is StringConstantExpressionAst)
               || (expression.Parent is IndexExpressionAst index && index.Target == expression && index.Index is StringConstantExpressionAst);

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
