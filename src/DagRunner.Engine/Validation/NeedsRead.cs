using System;
using System.Collections.Generic;
using System.Management.Automation.Language;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// One constant key a script reads from <c>$Needs</c>: <c>$Needs.x</c>, <c>$Needs['x']</c> or <c>$Needs.'x'</c>,
    /// with where the key is written. Dynamic keys (<c>$Needs.$name</c>), method calls and the hashtable's own members
    /// (<c>$Needs.Keys</c>, <c>.Count</c>) are not reads of a need.
    /// </summary>
    internal readonly struct NeedsRead
    {
        /// <summary>What <c>$Needs</c> (a Hashtable) answers itself when no key has the name.</summary>
        private static readonly HashSet<string> HashtableMembers = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Keys", "Values", "Count", "IsReadOnly", "IsFixedSize", "IsSynchronized", "SyncRoot",
            "PSObject", "PSBase", "PSAdapted", "PSExtended", "PSTypeNames",
        };

        private NeedsRead(string key, IScriptExtent extent)
        {
            Key = key;
            Extent = extent;
        }

        public string Key { get; }

        public IScriptExtent Extent { get; }

        /// <summary>Every read in <paramref name="script"/>, nested script blocks included, in the order written.</summary>
        public static IReadOnlyList<NeedsRead> In(Ast script)
        {
            List<NeedsRead>? reads = null;
            foreach (var read in script.FindAll(a => a is MemberExpressionAst || a is IndexExpressionAst, searchNestedScriptBlocks: true))
            {
                var found = read switch
                {
                    InvokeMemberExpressionAst _ => (NeedsRead?)null,
                    MemberExpressionAst member when IsNeeds(member.Expression) && member.Member is StringConstantExpressionAst name && !HashtableMembers.Contains(name.Value)
                        => new NeedsRead(name.Value, member.Member.Extent),
                    IndexExpressionAst index when IsNeeds(index.Target) && index.Index is StringConstantExpressionAst name
                        => new NeedsRead(name.Value, index.Index.Extent),
                    _ => null,
                };
                if (found is NeedsRead one)
                {
                    (reads ??= new List<NeedsRead>()).Add(one);
                }
            }

            return reads ?? (IReadOnlyList<NeedsRead>)Array.Empty<NeedsRead>();
        }

        private static bool IsNeeds(ExpressionAst expression)
            => expression is VariableExpressionAst variable && string.Equals(variable.VariablePath.UserPath, "Needs", StringComparison.OrdinalIgnoreCase);
    }
}
