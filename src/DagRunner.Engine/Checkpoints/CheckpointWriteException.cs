using System;
using System.IO;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The checkpoint could not be written while the run went on (a full disk, a folder made read-only): the run stopped
    /// there, its running nodes stopped, and what was recorded before stays readable, so a resume goes on from it. A
    /// checkpoint that cannot be opened at the start throws the plain <see cref="IOException"/> instead: then nothing ran.
    /// </summary>
    internal sealed class CheckpointWriteException : IOException
    {
        public CheckpointWriteException(string path, Exception innerException)
            : base($"The checkpoint '{path}' cannot be written: {innerException?.Message}", innerException)
        {
            Path = path;
        }

        /// <summary>The checkpoint file.</summary>
        public string Path { get; }

        /// <summary>True for the errors a write can meet on a working machine: I/O and access.</summary>
        internal static bool IsWriteFailure(Exception ex) => ex is IOException || ex is UnauthorizedAccessException;
    }
}
