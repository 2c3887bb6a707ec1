using System;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// A node's host could not be reached: no PowerShell session could be opened to it, or the session broke while
    /// the node ran. The node fails with Reason HostUnreachable, and a retry opens a fresh session.
    /// </summary>
    public sealed class HostUnreachableException : Exception
    {
        public HostUnreachableException(string host, string message, Exception? innerException = null)
            : base(message, innerException) => Host = host;

        /// <summary>The name of the <c>hosts:</c> entry.</summary>
        public string Host { get; }
    }
}
