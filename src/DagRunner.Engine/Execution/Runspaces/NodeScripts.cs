using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation.Language;
using System.Security.Cryptography;
using System.Text;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.Runspaces
{
    /// <summary>
    /// What the executor needs to know about a node's scripts, worked out once per node from the shapes the validator
    /// found (<see cref="ScriptShape"/>): the name its <c>run</c> text gets as a function (defined once per runspace and
    /// then invoked by name, which skips PowerShell's per-call compile) and whether it writes global state (so the
    /// runspace must be reset before the next node runs there).
    /// </summary>
    internal sealed class NodeScripts
    {
        // By reference: a node's definition is one object for the whole run (records compare by value, which hashes
        // every field on each lookup). By text: the instances of a foreach, and nodes with the same script, share
        // one answer instead of one per instance.
        private readonly ConcurrentDictionary<NodeDefinition, NodeScriptInfo> byNode = new ConcurrentDictionary<NodeDefinition, NodeScriptInfo>(ByReference.Instance);
        private readonly ConcurrentDictionary<string, NodeScriptInfo> byRunText = new ConcurrentDictionary<string, NodeScriptInfo>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> globalByText = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        public NodeScriptInfo For(NodeDefinition node) => byNode.GetOrAdd(node, Analyse);

        private NodeScriptInfo Analyse(NodeDefinition node)
        {
            bool touchesGlobal = Touches(node.Condition) || Touches(node.Fallback) || Touches(node.ForEach?.Expression) || Touches(node.ForEach?.Key);
            NodeScriptInfo? byText = null;
            if (node.Run != null)
            {
                if (!byRunText.TryGetValue(node.Run.Text, out byText))
                {
                    byText = byRunText.GetOrAdd(node.Run.Text, ForRunText(node.Run));
                }

                touchesGlobal |= byText.TouchesGlobalState;
            }
            else if (node.ResolvedFile != null)
            {
                touchesGlobal |= ShapeOfFile(node.ResolvedFile).TouchesGlobalState;
            }

            return NodeScriptInfo.ForNode(byText, touchesGlobal);
        }

        private static NodeScriptInfo ForRunText(ScriptSource run)
        {
            var shape = ShapeOf(run);
            return NodeScriptInfo.ForRunText(shape.CanBeFunction ? run.Text : null, shape.TouchesGlobalState);
        }

        private bool Touches(ScriptSource? script)
            => script != null && (script.Shape?.TouchesGlobalState ?? globalByText.GetOrAdd(script.Text, text => ScriptShape.Parse(text).TouchesGlobalState));

        /// <summary>The validator's answer; a parse here only for a script it did not see.</summary>
        private static ScriptShape ShapeOf(ScriptSource script) => script.Shape ?? ScriptShape.Parse(script.Text);

        /// <summary>
        /// A <c>file:</c> is read as it runs, which may be after it changed since validation, so it is parsed here.
        /// </summary>
        private static ScriptShape ShapeOfFile(string path)
        {
            try
            {
                var ast = Parser.ParseFile(path, out _, out var errors);
                return ScriptShape.Of(errors.Length == 0 ? ast : null);
            }
            catch (IOException)
            {
                return ScriptShape.Unparsed;
            }
        }

        /// <summary>Named after the text, so nodes with the same script share one compiled function.</summary>
        internal static string FunctionName(string text)
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
        private readonly string? functionText;
        private string? functionName;
        private int runs;

        private NodeScriptInfo(NodeScriptInfo? runText, string? functionText, bool touchesGlobalState)
        {
            this.runText = runText;
            this.functionText = functionText;
            TouchesGlobalState = touchesGlobalState;
        }

        /// <summary>For a <c>run</c> text: <paramref name="functionText"/> is that text when it can be a function, else null.</summary>
        public static NodeScriptInfo ForRunText(string? functionText, bool touchesGlobalState) => new NodeScriptInfo(null, functionText, touchesGlobalState);

        /// <summary>For a node: its <c>run</c> text's answer (null for a <c>file:</c>), and its own for global state.</summary>
        public static NodeScriptInfo ForNode(NodeScriptInfo? runText, bool touchesGlobalState) => new NodeScriptInfo(runText, null, touchesGlobalState);

        /// <summary>True when the <c>run</c> text can be defined as a function.</summary>
        public bool CanBeFunction => runText != null ? runText.CanBeFunction : functionText != null;

        /// <summary>
        /// The function the <c>run</c> text is defined as; null to run it as a script each time. Named on first use:
        /// most scripts run once, as a script, and never need the name's hash.
        /// </summary>
        public string? FunctionName => runText != null ? runText.FunctionName
            : functionText == null ? null
            : functionName ??= NodeScripts.FunctionName(functionText); // a race computes the same name twice, harmlessly

        /// <summary>The node may leave global state behind: reset the runspace before the next node uses it.</summary>
        public bool TouchesGlobalState { get; }

        /// <summary>
        /// Counts a run of the <c>run</c> text (by any node with it): false for its first two runs, true from its third
        /// on. A function pays for its definition only when it is called again; a text run twice (two nodes, or a
        /// node and its retry) is cheaper as a plain script both times (docs/benchmarks.md, "Scripts that run twice").
        /// </summary>
        public bool RanTwiceBefore() => runText != null ? runText.RanTwiceBefore() : System.Threading.Interlocked.Increment(ref runs) > 2;
    }
}
