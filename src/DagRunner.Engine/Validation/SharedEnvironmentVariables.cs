using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Language;
using System.Runtime.InteropServices;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// <c>$env:NAME = ...</c> in nodes that may run at the same time (DAG0046, a warning). Every local node runs in one
    /// process, whose environment is one: two deploy nodes that each set <c>$env:REGION</c> and then call a tool both
    /// deploy wherever the last one set it. Found where the script assigns <c>$env:NAME</c> (its run, file or
    /// fallback); a node that only reads it, from <c>$env:NAME</c>, is named beside the one that sets it.
    /// </summary>
    /// <remarks>
    /// Two nodes may run at the same time unless one needs the other (through any chain) or both are in a pool of one;
    /// a foreach node's instances, unless its <c>parallelism</c> is 1. Remote nodes run in processes of their own and
    /// are left out. <c>[Environment]::SetEnvironmentVariable</c> and <c>Set-Item env:NAME</c> count as setting it when
    /// the name is written out; a name held in a variable is not seen.
    /// </remarks>
    internal static class SharedEnvironmentVariables
    {
        /// <summary>Nodes named in one warning; the rest are counted. <value>The value is 5.</value></summary>
        private const int Named = 5;

        /// <summary>Past this many nodes touching one variable, the pairs are not worked out. <value>The value is 256.</value></summary>
        private const int MaxNodesPerVariable = 256;

        private const string Advice = "the environment is one for the whole process, shared by every node running at once, so each sees whichever value was set last (and it stays set in your session after the run). Pass the value to the command itself (an argument such as --region, 'env NAME=value command' on Linux and macOS, or Start-Process -Environment)";

        private static readonly StringComparer Names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        /// <param name="needs">Each node's needs as node indexes, as the workflow validator found them.</param>
        /// <param name="acyclic">False when the needs hold a cycle: then which nodes are ordered is not known, and nothing is said.</param>
        public static void Check(WorkflowDefinition workflow, ParsedScripts parsed, IReadOnlyList<IReadOnlyList<int>> needs, bool acyclic, ICollection<Diagnostic> diagnostics)
        {
            if (!acyclic)
            {
                return;
            }

            var nodes = workflow.Nodes;
            var sets = new Dictionary<string, List<(int Node, SourceLocation At)>>(Names);
            var reads = new Dictionary<string, List<int>>(Names);
            for (int i = 0; i < nodes.Count; i++)
            {
                if (nodes[i].IsRemote)
                {
                    continue;
                }

                foreach (var script in parsed.Of(nodes[i]).Where(s => s.IsClean && (s.IsFile || s.Is(nodes[i].Run) || s.Is(nodes[i].Fallback))))
                {
                    foreach (var (name, extent, assigned) in script.EnvironmentUses)
                    {
                        if (assigned)
                        {
                            var list = sets.TryGetValue(name, out var found) ? found : sets[name] = new List<(int, SourceLocation)>();
                            if (!list.Any(s => s.Node == i))
                            {
                                list.Add((i, script.Locate(extent)));
                            }
                        }
                        else
                        {
                            var list = reads.TryGetValue(name, out var found) ? found : reads[name] = new List<int>();
                            if (!list.Contains(i))
                            {
                                list.Add(i);
                            }
                        }
                    }
                }
            }

            var ancestors = new Dictionary<int, HashSet<int>>(); // a node that touches several variables is walked once
            foreach (var pair in sets)
            {
                var others = pair.Value.Select(s => s.Node).Concat(reads.TryGetValue(pair.Key, out var r) ? r : Enumerable.Empty<int>()).Distinct().ToList();
                if (others.Count > MaxNodesPerVariable)
                {
                    continue;
                }

                foreach (var node in others.Where(n => !ancestors.ContainsKey(n)))
                {
                    ancestors[node] = Ancestors(node, needs);
                }

                foreach (var (node, at) in pair.Value)
                {
                    var concurrent = others.Where(o => o != node && MayRunTogether(workflow, node, o, ancestors)).ToList();
                    var self = nodes[node].ForEach != null && nodes[node].Parallelism != 1;
                    if (concurrent.Count == 0 && !self)
                    {
                        continue;
                    }

                    diagnostics.Add(Diagnostic.Warning(DiagnosticIds.SharedEnvironmentVariable, at, Message(nodes, node, pair.Key, concurrent, pair.Value.Select(s => s.Node).ToList(), self)));
                }
            }
        }

        /// <summary>One <c>$env:NAME</c> in a script: its name, where, and whether it is set there.</summary>
        internal readonly struct Use
        {
            public Use(string name, IScriptExtent extent, bool assigned) => (Name, Extent, Assigned) = (name, extent, assigned);

            public string Name { get; }

            public IScriptExtent Extent { get; }

            public bool Assigned { get; }

            public void Deconstruct(out string name, out IScriptExtent extent, out bool assigned) => (name, extent, assigned) = (Name, Extent, Assigned);
        }

        /// <summary>Every <c>$env:NAME</c> of a script's tree, nested script blocks included.</summary>
        /// <remarks>Also <c>[Environment]::SetEnvironmentVariable('NAME', ...)</c> and <c>Set-Item env:NAME</c> with the name written out.</remarks>
        public static IReadOnlyList<Use> In(ScriptBlockAst root)
        {
            var uses = new List<Use>();
            foreach (var ast in root.FindAll(a => a is VariableExpressionAst || a is InvokeMemberExpressionAst || a is CommandAst, searchNestedScriptBlocks: true))
            {
                switch (ast)
                {
                    case VariableExpressionAst variable when IsEnvironment(variable):
                        uses.Add(new Use(variable.VariablePath.UserPath.Substring("env:".Length), variable.Extent, IsAssigned(variable)));
                        break;
                    case InvokeMemberExpressionAst call when IsSetEnvironmentVariable(call) && call.Arguments[0] is StringConstantExpressionAst name && name.Value.Length > 0:
                        uses.Add(new Use(name.Value, call.Extent, assigned: true));
                        break;
                    case CommandAst command when SetItemName(command) is string name:
                        uses.Add(new Use(name, command.Extent, assigned: true));
                        break;
                }
            }

            return uses;
        }

        /// <summary><c>[Environment]::SetEnvironmentVariable(...)</c> (or <c>[System.Environment]</c>) with two or three arguments.</summary>
        private static bool IsSetEnvironmentVariable(InvokeMemberExpressionAst call)
            => call.Static && call.Expression is TypeExpressionAst type
               && (string.Equals(type.TypeName.FullName, "Environment", StringComparison.OrdinalIgnoreCase) || string.Equals(type.TypeName.FullName, "System.Environment", StringComparison.OrdinalIgnoreCase))
               && call.Member is StringConstantExpressionAst member && string.Equals(member.Value, "SetEnvironmentVariable", StringComparison.OrdinalIgnoreCase)
               && call.Arguments != null && call.Arguments.Count >= 2;

        /// <summary>The commands (and their aliases) that set or remove an item of the env: drive.</summary>
        private static readonly HashSet<string> ItemCommands = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Set-Item", "New-Item", "Remove-Item", "si", "ni", "ri" };

        /// <summary>The NAME of <c>Set-Item env:NAME ...</c> (or New-Item, Remove-Item and their aliases) with the path written out; null otherwise.</summary>
        private static string? SetItemName(CommandAst command)
        {
            var verb = command.GetCommandName();
            if (verb == null || !ItemCommands.Contains(verb))
            {
                return null;
            }

            foreach (var element in command.CommandElements.Skip(1))
            {
                if (element is StringConstantExpressionAst path && path.Value.StartsWith("env:", StringComparison.OrdinalIgnoreCase) && path.Value.Length > 4)
                {
                    return path.Value.Substring(4);
                }
            }

            return null;
        }

        private static string Message(IReadOnlyList<NodeDefinition> nodes, int node, string name, List<int> concurrent, List<int> setters, bool self)
        {
            var who = new List<string>();
            if (self)
            {
                who.Add("its own foreach instances run at the same time");
            }

            if (concurrent.Count > 0)
            {
                var names = concurrent.Take(Named).Select(o => $"'{nodes[o].Id}' ({(setters.Contains(o) ? "sets" : "reads")} it)");
                var more = concurrent.Count > Named ? $" and {concurrent.Count - Named} more" : string.Empty;
                who.Add($"{string.Join(", ", names)}{more} may run at the same time");
            }

            var order = self && concurrent.Count == 0 ? "or give the node parallelism: 1" : "or order the nodes with needs: (or a pool of one)" + (self ? " and give the node parallelism: 1" : string.Empty);
            return $"Node '{nodes[node].Id}' sets $env:{name}, and {string.Join("; ", who)}: {Advice}, {order}.";
        }

        private static bool IsEnvironment(VariableExpressionAst variable)
            => string.Equals(variable.VariablePath.DriveName, "env", StringComparison.OrdinalIgnoreCase) && variable.VariablePath.UserPath.Length > "env:".Length;

        /// <summary>The left side of an assignment (<c>=</c>, <c>+=</c>, ...), or a <c>++</c>/<c>--</c>.</summary>
        private static bool IsAssigned(VariableExpressionAst variable)
            => variable.Parent is AssignmentStatementAst assignment && ReferenceEquals(assignment.Left, variable)
               || variable.Parent is UnaryExpressionAst unary && (unary.TokenKind == TokenKind.PlusPlus || unary.TokenKind == TokenKind.MinusMinus || unary.TokenKind == TokenKind.PostfixPlusPlus || unary.TokenKind == TokenKind.PostfixMinusMinus);

        /// <summary>Unless one needs the other, through any chain, or both are in the same pool of one.</summary>
        private static bool MayRunTogether(WorkflowDefinition workflow, int a, int b, Dictionary<int, HashSet<int>> ancestors)
        {
            if (ancestors[a].Contains(b) || ancestors[b].Contains(a))
            {
                return false;
            }

            var pool = workflow.Nodes[a].Pool;
            return pool == null || pool != workflow.Nodes[b].Pool || !workflow.Pools.TryGetValue(pool, out var size) || size != 1;
        }

        private static HashSet<int> Ancestors(int node, IReadOnlyList<IReadOnlyList<int>> needs)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(needs[node]);
            while (stack.Count > 0)
            {
                var next = stack.Pop();
                if (seen.Add(next))
                {
                    foreach (var up in needs[next])
                    {
                        stack.Push(up);
                    }
                }
            }

            return seen;
        }
    }
}
