using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Validation
{
    /// <summary>How bad a <see cref="Diagnostic"/> is. Errors stop a workflow from running; warnings do not.</summary>
    public enum DiagnosticSeverity
    {
        Warning,
        Error,
    }

    /// <summary>
    /// One problem found in a workflow definition, with its stable id (see <see cref="DiagnosticIds"/>),
    /// where it is, and what to do about it.
    /// </summary>
    public sealed class Diagnostic
    {
        public Diagnostic(string id, DiagnosticSeverity severity, SourceLocation location, string message)
        {
            Id = id;
            Severity = severity;
            Location = location;
            Message = message;
        }

        /// <summary>Stable id such as <c>DAG0003</c>; tests and tools match on it, never on the message.</summary>
        public string Id { get; }

        public DiagnosticSeverity Severity { get; }

        public SourceLocation Location { get; }

        /// <summary>What is wrong and what to do, in one or two sentences.</summary>
        public string Message { get; }

        public bool IsError => Severity == DiagnosticSeverity.Error;

        /// <summary><c>file(line,col): error DAGnnnn: message</c>, the form MSBuild and VS Code problem matchers read.</summary>
        public override string ToString()
            => $"{Location}: {(IsError ? "error" : "warning")} {Id}: {Message}";

        internal static Diagnostic Error(string id, SourceLocation location, string message)
            => new Diagnostic(id, DiagnosticSeverity.Error, location, message);

        internal static Diagnostic Warning(string id, SourceLocation location, string message)
            => new Diagnostic(id, DiagnosticSeverity.Warning, location, message);
    }
}
