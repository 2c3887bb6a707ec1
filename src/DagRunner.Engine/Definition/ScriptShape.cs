using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// What a script's parse tree says about how a node may run it: whether it can be defined as a function, and whether
    /// it may leave global state behind. The validator works it out from the tree it parses anyway
    /// (<see cref="ScriptSource.Shape"/>), so a run does not parse each script a second time; a script without one is
    /// parsed where it is needed (<see cref="Parse"/>).
    /// </summary>
    internal sealed class ScriptShape
    {
        private static readonly HashSet<string> GlobalStateCommands = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Set-Variable", "New-Variable", "Remove-Variable", "Clear-Variable", "sv", "set", "nv", "rv", "clv",
            "Invoke-Expression", "iex",
        };

        // Two facts, so four shapes: shared, never one object per script.
        private static readonly ScriptShape Plain = new ScriptShape(canBeFunction: true, touchesGlobalState: false);
        private static readonly ScriptShape Global = new ScriptShape(canBeFunction: true, touchesGlobalState: true);
        private static readonly ScriptShape TopLevelOnly = new ScriptShape(canBeFunction: false, touchesGlobalState: false);
        private static readonly ScriptShape TopLevelOnlyGlobal = new ScriptShape(canBeFunction: false, touchesGlobalState: true);

        /// <summary>A script with parse errors: it never becomes a function, and is assumed to touch global state.</summary>
        public static readonly ScriptShape Unparsed = TopLevelOnlyGlobal;

        private ScriptShape(bool canBeFunction, bool touchesGlobalState)
        {
            CanBeFunction = canBeFunction;
            TouchesGlobalState = touchesGlobalState;
        }

        /// <summary><c>using</c> statements and <c>#requires</c> only work at the top of a script, not in a function body.</summary>
        public bool CanBeFunction { get; }

        /// <summary>The script may leave global state behind: its runspace must be reset before the next node runs there.</summary>
        public bool TouchesGlobalState { get; }

        /// <summary>The shape of a tree PowerShell parsed without errors; <see cref="Unparsed"/> for null.</summary>
        public static ScriptShape Of(ScriptBlockAst? ast)
        {
            if (ast == null)
            {
                return Unparsed;
            }

            bool canBeFunction = ast.UsingStatements.Count == 0 && ast.ScriptRequirements == null;
            bool touchesGlobal = FindsGlobalState(ast);
            return canBeFunction ? (touchesGlobal ? Global : Plain) : (touchesGlobal ? TopLevelOnlyGlobal : TopLevelOnly);
        }

        /// <summary>Parses <paramref name="text"/> for its shape: for scripts the validator did not see.</summary>
        public static ScriptShape Parse(string text)
        {
            var ast = Parser.ParseInput(text, out _, out var errors);
            return Of(errors.Length == 0 ? ast : null);
        }

        /// <summary>
        /// Conservative: a <c>$global:</c> or <c>$script:</c> variable (a function's script scope is the global one),
        /// a <c>global:</c> or <c>script:</c> function, a command that sets variables in other scopes,
        /// Invoke-Expression, or dot-sourcing anything but a script block literal. (Imported modules and added types
        /// are not variables, and no reset could unload them.)
        /// </summary>
        private static bool FindsGlobalState(Ast ast)
            => ast.Find(node => node switch
            {
                VariableExpressionAst variable => variable.VariablePath.IsGlobal || variable.VariablePath.IsScript || IsGlobalItem(variable.VariablePath),
                FunctionDefinitionAst function => HasGlobalScope(function.Name),
                CommandAst command => command.InvocationOperator == TokenKind.Dot && !(command.CommandElements.FirstOrDefault() is ScriptBlockExpressionAst)
                                      || GlobalStateCommands.Contains(command.GetCommandName() ?? string.Empty),
                _ => false,
            }, searchNestedScriptBlocks: true) != null;

        /// <summary><c>${function:global:name}</c>: a drive item (function, alias) set in the global or script scope.</summary>
        private static bool IsGlobalItem(VariablePath path)
            => path.IsDriveQualified && HasGlobalScope(path.UserPath.Substring(path.DriveName.Length + 1));

        /// <summary><c>function global:name</c> and <c>function script:name</c> outlive the node.</summary>
        private static bool HasGlobalScope(string name)
            => name.StartsWith("global:", StringComparison.OrdinalIgnoreCase) || name.StartsWith("script:", StringComparison.OrdinalIgnoreCase);
    }
}
