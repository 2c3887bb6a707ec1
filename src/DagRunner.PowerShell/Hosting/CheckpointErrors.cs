using System.Management.Automation;
using DagRunner.Engine.Checkpoints;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>The ErrorRecord for a checkpoint that cannot be used; its id is the stable <c>Checkpoint&lt;Kind&gt;</c>.</summary>
    internal static class CheckpointErrors
    {
        public static ErrorRecord ToErrorRecord(CheckpointException exception)
        {
            var category = exception.Kind switch
            {
                CheckpointErrorKind.NotFound => ErrorCategory.ObjectNotFound,
                CheckpointErrorKind.Corrupt => ErrorCategory.InvalidData,
                CheckpointErrorKind.NewerFormat => ErrorCategory.NotImplemented,
                CheckpointErrorKind.ForeignWorkflow => ErrorCategory.InvalidArgument,
                _ => ErrorCategory.InvalidOperation,
            };
            return new ErrorRecord(exception, exception.ErrorId, category, exception.Path);
        }
    }
}
