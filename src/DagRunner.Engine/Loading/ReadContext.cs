using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>What every reader of one workflow shares: where it comes from and the problems found so far.</summary>
    internal sealed class ReadContext
    {
        public ReadContext(string sourcePath, string baseDirectory, bool ignoreKeyCase)
        {
            SourcePath = sourcePath;
            BaseDirectory = baseDirectory;
            IgnoreKeyCase = ignoreKeyCase;
        }

        /// <summary>Full path of the workflow file, or <see cref="SourceLocation.InlineDefinitionOrigin"/>.</summary>
        public string SourcePath { get; }

        public string BaseDirectory { get; }

        /// <summary>
        /// True for hashtables: PowerShell users write <c>@{ Nodes = ... }</c> and their hashtables ignore case anyway.
        /// YAML keys are matched exactly as docs/workflow.md writes them.
        /// </summary>
        public bool IgnoreKeyCase { get; }

        public StringComparer KeyComparer => IgnoreKeyCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public List<Diagnostic> Diagnostics { get; } = new List<Diagnostic>();

        public void Error(string id, SourceLocation at, string message) => Diagnostics.Add(Diagnostic.Error(id, at, message));

        public void Warning(string id, SourceLocation at, string message) => Diagnostics.Add(Diagnostic.Warning(id, at, message));

        /// <summary>The location of something at <paramref name="keyPath"/> in an inline definition.</summary>
        public SourceLocation Inline(string keyPath) => new SourceLocation(SourceLocation.InlineDefinitionOrigin, 0, 0, keyPath);

        /// <summary>"line 4" for a file, the key path for an inline definition: for "first written at ..." messages.</summary>
        public static string Describe(SourceLocation location)
            => location.HasPosition ? $"line {location.Line}" : location.KeyPath ?? location.File;
    }
}
