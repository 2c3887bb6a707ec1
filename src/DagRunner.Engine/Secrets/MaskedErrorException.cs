using System.Management.Automation;

namespace DagRunner.Engine.Secrets
{
    /// <summary>
    /// Takes the place of an exception whose message held a secret: the masked message, and where the original
    /// error was raised, so <see cref="Execution.FailurePosition"/> still points at the failing line. The original
    /// exception (with its inner exceptions and stack) is dropped.
    /// </summary>
    public sealed class MaskedErrorException : RuntimeException
    {
        public MaskedErrorException(string message, InvocationInfo? invocation, PSObject? remoteInvocation)
            : base(message)
        {
            Invocation = invocation;
            RemoteInvocation = remoteInvocation;
        }

        /// <summary>Where the original error was raised in this process; null when PowerShell did not say.</summary>
        public InvocationInfo? Invocation { get; }

        /// <summary>Where a remote node's original error was raised on its host (a RemoteException's); null for a local error.</summary>
        public PSObject? RemoteInvocation { get; }
    }
}
