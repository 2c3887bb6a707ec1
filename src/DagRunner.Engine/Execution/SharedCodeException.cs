using System;

namespace DagRunner.Engine.Execution
{
    /// <summary>A workflow's <c>modules:</c> or <c>setup:</c> failed in a runspace or session; the message says where.</summary>
    public sealed class SharedCodeException : Exception
    {
        public SharedCodeException(string message, string errorId, Exception? inner)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>ModuleNotFound or SetupFailed.</summary>
        public string ErrorId { get; }
    }
}
