using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation.Language;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Every script of a workflow parsed once, for all the checks that read them (<see cref="ScriptSyntaxCheck"/>
    /// reports the parse errors, <see cref="NeedsReferenceCheck"/> walks the trees): setup's, then each node's inline
    /// scripts (run, if, fallback, foreach, its key) and its <c>file:</c>, in that order. A file that does not exist
    /// is not parsed (the syntax check reports it); one that cannot be read carries the reason.
    /// </summary>
    internal sealed class ParsedScripts
    {
        private readonly Dictionary<NodeDefinition, IReadOnlyList<ParsedScript>> byNode;

        private ParsedScripts(IReadOnlyList<ParsedScript> setup, Dictionary<NodeDefinition, IReadOnlyList<ParsedScript>> byNode)
        {
            Setup = setup;
            this.byNode = byNode;
        }

        /// <summary>setup: inline, or its file.</summary>
        public IReadOnlyList<ParsedScript> Setup { get; }

        public static ParsedScripts Of(WorkflowDefinition workflow)
        {
            // Nodes often share a text (defaults:, generated workflows): its tree and shape are worked out once.
            var byText = new Dictionary<string, ParsedText>(StringComparer.Ordinal);
            var setup = new List<ParsedScript>();
            Inline(workflow.Shared.Setup, "'setup'", null, setup, byText);
            if (workflow.Shared.ResolvedSetupFile is string setupFile && File.Exists(setupFile))
            {
                setup.Add(ParsedScript.OfFile(setupFile, $"'{workflow.Shared.SetupFile}' (the setup file)"));
            }

            var byNode = new Dictionary<NodeDefinition, IReadOnlyList<ParsedScript>>();
            foreach (var node in workflow.Nodes)
            {
                var scripts = new List<ParsedScript>();
                Inline(node.Run, "'run' of node '{0}'", node.Id, scripts, byText);
                Inline(node.Condition, "'if' of node '{0}'", node.Id, scripts, byText);
                Inline(node.Fallback, "'fallback' of node '{0}'", node.Id, scripts, byText);
                Inline(node.ForEach?.Expression, "'foreach' of node '{0}'", node.Id, scripts, byText);
                Inline(node.ForEach?.Key, "the 'key' of 'foreach' of node '{0}'", node.Id, scripts, byText);
                if (node.ResolvedFile != null && File.Exists(node.ResolvedFile))
                {
                    scripts.Add(ParsedScript.OfFile(node.ResolvedFile, $"'{node.File}' (the file of node '{node.Id}')"));
                }

                byNode[node] = scripts;
            }

            return new ParsedScripts(setup, byNode);
        }

        /// <summary>The node's scripts, in the order above.</summary>
        public IReadOnlyList<ParsedScript> Of(NodeDefinition node) => byNode.TryGetValue(node, out var scripts) ? scripts : Array.Empty<ParsedScript>();

        private static void Inline(ScriptSource? script, string what, string? nodeId, List<ParsedScript> into, Dictionary<string, ParsedText> byText)
        {
            if (script != null)
            {
                if (!byText.TryGetValue(script.Text, out var parsed))
                {
                    parsed = byText[script.Text] = ParsedText.Of(script.Text);
                }

                script.Shape = parsed.Shape; // so the run need not parse it again
                into.Add(ParsedScript.OfInline(script, what, nodeId, parsed));
            }
        }

        /// <summary>What the parser made of one text: read only by the checks, so the scripts with that text share it.</summary>
        internal sealed class ParsedText
        {
            private ParsedText(ScriptBlockAst ast, ParseError[] errors)
            {
                Ast = ast;
                Errors = errors;
                Shape = errors.Length == 0 ? ScriptShape.Of(ast) : null;
            }

            public ScriptBlockAst Ast { get; }

            public ParseError[] Errors { get; }

            /// <summary>Null when the text has parse errors (it never runs).</summary>
            public ScriptShape? Shape { get; }

            /// <summary>The constant keys the text reads from <c>$Needs</c>, found once for every node with this text.</summary>
            public IReadOnlyList<NeedsRead> NeedsReads => needsReads ??= NeedsRead.In(Ast);

            private IReadOnlyList<NeedsRead>? needsReads;

            /// <summary>Where the text reads <c>$_</c> with nothing to give it a value, found once for every node with this text.</summary>
            public IReadOnlyList<IScriptExtent> LoosePipelineVariables => loose ??= LoosePipelineVariable.In(Ast);

            private IReadOnlyList<IScriptExtent>? loose;

            /// <summary>Each <c>$env:NAME</c> the text sets or reads, found once for every node with this text.</summary>
            public IReadOnlyList<SharedEnvironmentVariables.Use> EnvironmentUses => environment ??= SharedEnvironmentVariables.In(Ast);

            private IReadOnlyList<SharedEnvironmentVariables.Use>? environment;

            public static ParsedText Of(string text)
            {
                var ast = Parser.ParseInput(text, out _, out var errors);
                return new ParsedText(ast, errors);
            }
        }
    }

    /// <summary>One script as PowerShell's parser read it, and how to turn a position in it into one in the user's file.</summary>
    internal sealed class ParsedScript
    {
        private readonly string what;
        private readonly string? nodeId;
        private readonly ScriptSource? inline;
        private readonly string? path;
        private readonly ParsedScripts.ParsedText? text;

        private ParsedScript(string what, string? nodeId, ScriptBlockAst? ast, ParseError[] errors, ScriptSource? inline, string? path, ParsedScripts.ParsedText? text, string? readError)
        {
            this.what = what;
            this.nodeId = nodeId;
            Ast = ast;
            Errors = errors;
            this.inline = inline;
            this.path = path;
            this.text = text;
            ReadError = readError;
        }

        /// <summary>What it is, in words: <c>'run' of node 'build'</c> (formatted when asked: most scripts are never named in a message).</summary>
        public string What => nodeId == null ? what : string.Format(CultureInfo.InvariantCulture, what, nodeId);

        /// <summary>The tree; null when the file could not be read.</summary>
        public ScriptBlockAst? Ast { get; }

        public ParseError[] Errors { get; }

        /// <summary>Why its file could not be read; null when it was.</summary>
        public string? ReadError { get; }

        /// <summary>A <c>file:</c> or setup file, not a script written in the workflow.</summary>
        public bool IsFile => inline == null;

        /// <summary>True when there is a tree without errors, which the checks after the syntax check may walk.</summary>
        public bool IsClean => Ast != null && Errors.Length == 0;

        /// <summary>The constant keys the script reads from <c>$Needs</c>; only for a clean script. An inline text's are found once for every script with it.</summary>
        public IReadOnlyList<NeedsRead> NeedsReads => text != null ? text.NeedsReads : NeedsRead.In(Ast!);

        /// <summary>Where the script reads <c>$_</c> with nothing to give it a value; only for a clean script.</summary>
        public IReadOnlyList<IScriptExtent> LoosePipelineVariables => text != null ? text.LoosePipelineVariables : LoosePipelineVariable.In(Ast!);

        /// <summary>Each <c>$env:NAME</c> the script sets or reads; only for a clean script.</summary>
        public IReadOnlyList<SharedEnvironmentVariables.Use> EnvironmentUses => text != null ? text.EnvironmentUses : SharedEnvironmentVariables.In(Ast!);

        /// <summary>True for the script that is <paramref name="source"/> (a node's <c>run:</c>, say).</summary>
        public bool Is(ScriptSource? source) => source != null && ReferenceEquals(inline, source);

        /// <summary>An inline script: <paramref name="what"/> is a format whose <c>{0}</c> is <paramref name="nodeId"/> (null: used as it is).</summary>
        public static ParsedScript OfInline(ScriptSource script, string what, string? nodeId, ParsedScripts.ParsedText parsed)
            => new ParsedScript(what, nodeId, parsed.Ast, parsed.Errors, script, null, parsed, null);

        public static ParsedScript OfFile(string path, string what)
        {
            try
            {
                var ast = Parser.ParseFile(path, out _, out var errors);
                return new ParsedScript(what, null, ast, errors, null, path, null, null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new ParsedScript(what, null, null, Array.Empty<ParseError>(), null, path, null, $"{what} cannot be read at '{path}': {e.Message}");
            }
        }

        /// <summary>Where a place in this script is in the file the user edits (the YAML for an inline script).</summary>
        public SourceLocation Locate(IScriptExtent extent)
            => inline != null
                ? inline.Map(extent.StartLineNumber, extent.StartColumnNumber)
                : new SourceLocation(path!, extent.StartLineNumber, extent.StartColumnNumber);
    }
}
