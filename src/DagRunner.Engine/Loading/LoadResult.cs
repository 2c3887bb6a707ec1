using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// A loaded workflow and every problem found in it. Without errors the workflow is valid and may run;
    /// with errors it is there for tools that want to show what could be read, but it must not run.
    /// </summary>
    internal sealed class LoadResult
    {
        internal LoadResult(WorkflowDefinition? workflow, IEnumerable<Diagnostic> diagnostics, string sourcePath)
        {
            Workflow = workflow;

            // The workflow file first, then script files it names; within a file by position. Inline definitions
            // have no positions, so their diagnostics keep the order they were found in (OrderBy is stable).
            Diagnostics = diagnostics
                .OrderBy(d => string.Equals(d.Location.File, sourcePath, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(d => d.Location.File, StringComparer.Ordinal)
                .ThenBy(d => d.Location.Line)
                .ThenBy(d => d.Location.Column)
                .ToArray();
            HasErrors = Diagnostics.Any(d => d.IsError);
        }

        /// <summary>The definition; partial when there are errors, null when the file could not be read as YAML at all.</summary>
        public WorkflowDefinition? Workflow { get; }

        /// <summary>Every problem found, errors and warnings, sorted by file, line and column.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; }

        public bool HasErrors { get; }

        public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

        public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

        /// <summary>One diagnostic per line, in the <c>file(line,col): error DAGnnnn: message</c> form.</summary>
        public override string ToString() => string.Join(Environment.NewLine, Diagnostics);
    }
}
