using System;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>Why a checkpoint cannot be used to resume a run.</summary>
    public enum CheckpointErrorKind
    {
        /// <summary>There is no checkpoint at the path.</summary>
        NotFound,

        /// <summary>The file is not a checkpoint DagRunner can read: bad JSON, missing fields, a broken journal.</summary>
        Corrupt,

        /// <summary>A newer DagRunner wrote the file in a format this version does not know.</summary>
        NewerFormat,

        /// <summary>The checkpoint belongs to a workflow with another name.</summary>
        ForeignWorkflow,

        /// <summary>The last run succeeded and nothing changed since: every node would be restored.</summary>
        NothingToResume,
    }

    /// <summary>
    /// A checkpoint is refused as a whole; nothing of it was applied. The message says what to do; hosts report
    /// <see cref="ErrorId"/>, which stays the same across versions and languages.
    /// </summary>
    public sealed class CheckpointException : Exception
    {
        public CheckpointException(CheckpointErrorKind kind, string path, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Path = path;
        }

        public CheckpointErrorKind Kind { get; }

        /// <summary>The checkpoint file the problem is about.</summary>
        public string Path { get; }

        /// <summary>A stable id such as <c>CheckpointCorrupt</c>, for ErrorRecords and tests.</summary>
        public string ErrorId => "Checkpoint" + Kind;

        internal static CheckpointException NotFound(string path, string? note = null)
            => new CheckpointException(
                CheckpointErrorKind.NotFound,
                path,
                $"There is no checkpoint at '{path}', so there is nothing to resume.{note} Run Invoke-Dag to start a new run, or pass the -CheckpointPath the run used.");

        internal static CheckpointException Corrupt(string path, string problem, Exception? innerException = null)
            => new CheckpointException(
                CheckpointErrorKind.Corrupt,
                path,
                $"The checkpoint '{path}' cannot be read: {problem} Nothing of it was used. Delete the file (and its .journal), or run Invoke-Dag to start a new run, which replaces it.",
                innerException);

        internal static CheckpointException NewerFormat(string path, int format)
            => new CheckpointException(
                CheckpointErrorKind.NewerFormat,
                path,
                $"The checkpoint '{path}' has format {format}, written by a newer DagRunner; this version reads format {CheckpointHeader.CurrentFormatVersion}. Upgrade DagRunner to resume it, or run Invoke-Dag to start a new run, which replaces it.");

        internal static CheckpointException Foreign(string path, string checkpointWorkflow, string workflowName)
            => new CheckpointException(
                CheckpointErrorKind.ForeignWorkflow,
                path,
                $"The checkpoint '{path}' belongs to workflow '{checkpointWorkflow}', not '{workflowName}'. Pass the right -CheckpointPath, or run Invoke-Dag to start a new run of '{workflowName}'.");
    }
}
