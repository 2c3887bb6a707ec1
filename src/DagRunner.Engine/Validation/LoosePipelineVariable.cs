using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Language;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// <c>$_</c> (or <c>$PSItem</c>) where nothing gives it a value: in a node's script outside any script block, catch,
    /// trap or switch, it is always <c>$null</c>. Users of <c>ForEach-Object -Parallel</c> write it for a foreach
    /// instance's item, which is <c>$Item</c>: the instances then all "succeed" on <c>$null</c>.
    /// </summary>
    internal static class LoosePipelineVariable
    {
        /// <summary>Reports each loose <c>$_</c> in a node's <c>run</c> or script file (DAG0045), at its place.</summary>
        public static void Check(WorkflowDefinition workflow, ParsedScripts parsed, ICollection<Diagnostic> diagnostics)
        {
            foreach (var node in workflow.Nodes)
            {
                foreach (var script in parsed.Of(node))
                {
                    if (!script.IsClean || !(script.Is(node.Run) || script.IsFile))
                    {
                        continue;
                    }

                    foreach (var extent in script.LoosePipelineVariables)
                    {
                        var item = node.ForEach != null ? " A foreach instance's item is $Item." : string.Empty;
                        diagnostics.Add(Diagnostic.Error(DiagnosticIds.LoosePipelineVariable, script.Locate(extent), $"Node '{node.Id}' reads {extent.Text} in {script.What} outside any pipeline, where it is always $null.{item}"));
                    }
                }
            }
        }

        /// <summary>Each loose <c>$_</c> of a script's tree; none when its top level has a <c>process</c> block of its own.</summary>
        public static IReadOnlyList<IScriptExtent> In(ScriptBlockAst root)
        {
            if (root.ProcessBlock != null && !root.ProcessBlock.Unnamed)
            {
                return Array.Empty<IScriptExtent>();
            }

            return root.FindAll(ast => ast is VariableExpressionAst variable && IsPipelineVariable(variable) && !HasValueThere(variable, root), searchNestedScriptBlocks: false)
                .Select(ast => ast.Extent)
                .ToList();
        }

        private static bool IsPipelineVariable(VariableExpressionAst variable)
            => variable.VariablePath.IsUnqualified
               && (variable.VariablePath.UserPath == "_" || string.Equals(variable.VariablePath.UserPath, "PSItem", StringComparison.OrdinalIgnoreCase));

        /// <summary>True inside a catch or trap (the error), a switch (the value), or a script block (its input).</summary>
        private static bool HasValueThere(Ast variable, ScriptBlockAst root)
        {
            for (var parent = variable.Parent; parent != null && parent != root; parent = parent.Parent)
            {
                if (parent is ScriptBlockAst || parent is CatchClauseAst || parent is TrapStatementAst || parent is SwitchStatementAst)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
