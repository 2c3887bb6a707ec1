using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Language;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Reads each node's scripts for <c>$Needs.x</c>, <c>$Needs['x']</c> and <c>$Needs.'x'</c> and reports every x that
    /// is not in the node's <c>needs</c>, at the reference. At run time such a read is silently <c>$null</c>, the
    /// mistake a user finds last. Dynamic keys (<c>$Needs.$name</c>) and the hashtable's own members
    /// (<c>$Needs.Keys</c>, <c>.Count</c>) are not checked; scripts that do not parse are left to the syntax check.
    /// </summary>
    internal static class NeedsReferenceCheck
    {
        /// <summary>What <c>$Needs</c> (a Hashtable) answers itself when no key has the name.</summary>
        private static readonly HashSet<string> HashtableMembers = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Keys", "Values", "Count", "IsReadOnly", "IsFixedSize", "IsSynchronized", "SyncRoot",
            "PSObject", "PSBase", "PSAdapted", "PSExtended", "PSTypeNames",
        };

        public static void Check(WorkflowDefinition workflow, ParsedScripts parsed, ICollection<Diagnostic> diagnostics)
        {
            var ids = new HashSet<string>(workflow.Nodes.Select(n => n.Id), StringComparer.OrdinalIgnoreCase);
            foreach (var node in workflow.Nodes)
            {
                var needs = node.Needs.Select(n => n.Id).ToList();
                foreach (var script in parsed.Of(node).Where(s => s.IsClean))
                {
                    Find(script.Ast!, needs, (key, extent) => diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownNeedsReference, script.Locate(extent), Message(node.Id, key, needs, ids))));
                }
            }
        }

        /// <summary>Calls <paramref name="report"/> for each constant key read from <c>$Needs</c> that is not a need.</summary>
        private static void Find(Ast script, IReadOnlyCollection<string> needs, Action<string, IScriptExtent> report)
        {
            foreach (var read in script.FindAll(a => a is MemberExpressionAst || a is IndexExpressionAst, searchNestedScriptBlocks: true))
            {
                var (key, extent) = read switch
                {
                    InvokeMemberExpressionAst _ => (null, null),
                    MemberExpressionAst member when IsNeeds(member.Expression) && member.Member is StringConstantExpressionAst name && !HashtableMembers.Contains(name.Value)
                        => (name.Value, member.Member.Extent),
                    IndexExpressionAst index when IsNeeds(index.Target) && index.Index is StringConstantExpressionAst name
                        => (name.Value, index.Index.Extent),
                    _ => ((string?)null, (IScriptExtent?)null),
                };
                if (key != null && !needs.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    report(key, extent!);
                }
            }
        }

        private static bool IsNeeds(ExpressionAst expression)
            => expression is VariableExpressionAst variable && string.Equals(variable.VariablePath.UserPath, "Needs", StringComparison.OrdinalIgnoreCase);

        private static string Message(string node, string key, IReadOnlyCollection<string> needs, HashSet<string> ids)
        {
            var reads = $"Node '{node}' reads $Needs.{key}, but '{key}' is not in its needs";
            var listed = needs.Count == 0 ? " (it has none)" : $" ({string.Join(", ", needs)})";
            if (ids.Contains(key))
            {
                return $"{reads}{listed}, so it would be $null. '{key}' is a node: add {key} to the needs of '{node}'.";
            }

            var nearest = NearestName.Find(key, needs);
            var hint = nearest != null ? $" Did you mean '{nearest}'?" : " Name one of its needs, or add the node to its needs.";
            return $"{reads}{listed}, and no node has that id, so it would be $null.{hint}";
        }
    }
}
