using System.Management.Automation;
using DagRunner.Engine.Validation;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>Turns a workflow diagnostic into the ErrorRecord users and tests see.</summary>
    internal static class DiagnosticRecords
    {
        public static ErrorRecord ToErrorRecord(Diagnostic diagnostic)
        {
            var category = diagnostic.Id == DiagnosticIds.YamlSyntax || diagnostic.Id == DiagnosticIds.ScriptSyntax
                ? ErrorCategory.ParserError
                : ErrorCategory.InvalidData;
            var exception = new WorkflowValidationException(diagnostic);
            return new ErrorRecord(exception, diagnostic.Id, category, diagnostic.Location.File);
        }
    }

    /// <summary>The exception behind a workflow problem's ErrorRecord; carries the diagnostic.</summary>
    public sealed class WorkflowValidationException : System.Exception
    {
        public WorkflowValidationException(Diagnostic diagnostic)
            : base(diagnostic.ToString()) => Diagnostic = diagnostic;

        public Diagnostic Diagnostic { get; }
    }
}
