using System.IO;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>Workflow diagnostics as the loader reports them, at one place of one file.</summary>
    internal static class Problems
    {
        public static readonly SourceLocation At = new SourceLocation(Path.Combine(Path.GetTempPath(), "w.dag.yaml"), 3, 5);

        public static Diagnostic Error(string id, string message) => new Diagnostic(id, DiagnosticSeverity.Error, At, message);

        public static Diagnostic Warning(string id, string message) => new Diagnostic(id, DiagnosticSeverity.Warning, At, message);
    }
}
