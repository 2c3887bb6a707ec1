using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security.Cryptography;
using System.Text;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.Runspaces
{
    /// <summary>
    /// What the executor needs to know about a node's scripts, worked out once per node:
    /// the name its <c>run</c> text gets as a function (defined once per runspace and then invoked by name,
    /// which skips PowerShell's per-call compile) and whether it writes global state (so the runspace must be reset
    /// before the next node runs there).
    /// </summary>
    internal sealed class NodeScripts
    {
        private static readonly HashSet<string> GlobalStateCommands = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Set-Variable", "New-Variable", "Remove-Variable", "Clear-Variable", "sv", "set", "nv", "rv", "clv",
            "Invoke-Expression", "iex",
        };

        // By reference: a node's definition is one object for the whole run (records compare by value, which hashes
        // every field on each lookup). By text: the instances of a foreach, and nodes with the same script, share
        // one parse and one hash instead of one per instance (10,000 parses of '$null' cost 0.1-0.4 s of CPU).
        private readonly ConcurrentDictionary<NodeDefinition, NodeScriptInfo> byNode = new ConcurrentDictionary<NodeDefinition, NodeScriptInfo>(ByReference.Instance);
        private readonly ConcurrentDictionary<string, NodeScriptInfo> byRunText = new ConcurrentDictionary<string, NodeScriptInfo>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> globalByText = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        public NodeScriptInfo For(NodeDefinition node) => byNode.GetOrAdd(node, Analyse);

        private NodeScriptInfo Analyse(NodeDefinition node)
        {
            bool touchesGlobal = Touches(node.Condition?.Text) || Touches(node.Fallback?.Text) || Touches(node.ForEach?.Expression?.Text)
                || Touches(node.ForEach?.Key?.Text);
            string? functionName = null;
            NodeScriptInfo? byText = null;
            if (node.Run != null)
            {
                byText = byRunText.GetOrAdd(node.Run.Text, AnalyseRun);
                touchesGlobal |= byText.TouchesGlobalState;
                functionName = byText.FunctionName;
            }
            else if (node.ResolvedFile != null)
            {
                touchesGlobal |= TouchesGlobalState(ParseFile(node.ResolvedFile));
            }

            return new NodeScriptInfo(functionName, touchesGlobal, byText);
        }

        private static NodeScriptInfo AnalyseRun(string text)
        {
            var ast = Parse(text);
            return new NodeScriptInfo(ast != null && CanBeFunction(ast) ? FunctionName(text) : null, ast == null || TouchesGlobalState(ast));
        }

        private bool Touches(string? text) => text != null && globalByText.GetOrAdd(text, TouchesGlobalState);

        /// <summary>
        /// Conservative: a <c>$global:</c> or <c>$script:</c> variable (a function's script scope is the global one),
        /// a <c>global:</c> or <c>script:</c> function, a command that sets variables in other scopes,
        /// Invoke-Expression, or dot-sourcing anything but a script block literal. (Imported modules and added types
        /// are not variables, and no reset could unload them.)
        /// </summary>
        internal static bool TouchesGlobalState(string? text) => text != null && (Parse(text) is not { } ast || TouchesGlobalState(ast));

        private static bool TouchesGlobalState(Ast? ast)
        {
            if (ast == null)
            {
                return true;
            }

            return ast.Find(node => node switch
            {
                VariableExpressionAst variable => variable.VariablePath.IsGlobal || variable.VariablePath.IsScript || IsGlobalItem(variable.VariablePath),
                FunctionDefinitionAst function => HasGlobalScope(function.Name),
                CommandAst command => command.InvocationOperator == TokenKind.Dot && !(command.CommandElements.FirstOrDefault() is ScriptBlockExpressionAst)
                                      || GlobalStateCommands.Contains(command.GetCommandName() ?? string.Empty),
                _ => false,
            }, searchNestedScriptBlocks: true) != null;
        }

        /// <summary><c>${function:global:name}</c>: a drive item (function, alias) set in the global or script scope.</summary>
        private static bool IsGlobalItem(VariablePath path)
            => path.IsDriveQualified && HasGlobalScope(path.UserPath.Substring(path.DriveName.Length + 1));

        /// <summary><c>function global:name</c> and <c>function script:name</c> outlive the node.</summary>
        private static bool HasGlobalScope(string name)
            => name.StartsWith("global:", StringComparison.OrdinalIgnoreCase) || name.StartsWith("script:", StringComparison.OrdinalIgnoreCase);

        /// <summary><c>using</c> statements and <c>#requires</c> only work at the top of a script, not in a function body.</summary>
        private static bool CanBeFunction(ScriptBlockAst ast) => ast.UsingStatements.Count == 0 && ast.ScriptRequirements == null;

        private static ScriptBlockAst? Parse(string text)
        {
            var ast = Parser.ParseInput(text, out _, out var errors);
            return errors.Length == 0 ? ast : null;
        }

        private static ScriptBlockAst? ParseFile(string path)
        {
            try
            {
                var ast = Parser.ParseFile(path, out _, out var errors);
                return errors.Length == 0 ? ast : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>Named after the text, so nodes with the same script share one compiled function.</summary>
        private static string FunctionName(string text)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return "__dag_" + BitConverter.ToString(hash, 0, 12).Replace("-", string.Empty).ToLowerInvariant();
        }
    }

    /// <summary>Compares definitions by reference, as netstandard2.0 has no ReferenceEqualityComparer.</summary>
    internal sealed class ByReference : IEqualityComparer<NodeDefinition>
    {
        public static readonly ByReference Instance = new ByReference();

        public bool Equals(NodeDefinition? x, NodeDefinition? y) => ReferenceEquals(x, y);

        public int GetHashCode(NodeDefinition obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>The outcome of <see cref="NodeScripts"/> for one node, or for one <c>run</c> text (which the nodes with that text share).</summary>
    internal sealed class NodeScriptInfo
    {
        private readonly NodeScriptInfo? runText;
        private int runs;

        public NodeScriptInfo(string? functionName, bool touchesGlobalState, NodeScriptInfo? runText = null)
        {
            this.runText = runText;
            FunctionName = functionName;
            TouchesGlobalState = touchesGlobalState;
        }

        /// <summary>The function the <c>run</c> text is defined as; null to run it as a script each time.</summary>
        public string? FunctionName { get; }

        /// <summary>The node may leave global state behind: reset the runspace before the next node uses it.</summary>
        public bool TouchesGlobalState { get; }

        /// <summary>False the first time any node with this <c>run</c> text asks (the script's first run), true from then on.</summary>
        public bool RanBefore() => runText != null ? runText.RanBefore() : System.Threading.Interlocked.Exchange(ref runs, 1) == 1;
    }
}
