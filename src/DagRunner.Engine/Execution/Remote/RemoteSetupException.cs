using System;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>Preparing a host's session for a node failed before the node's script started.</summary>
    public sealed class RemoteSetupException : Exception
    {
        public RemoteSetupException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
