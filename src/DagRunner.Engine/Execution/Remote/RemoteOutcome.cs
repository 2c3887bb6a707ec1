using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Invocation;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>How a step of a remote attempt that did not succeed ends the attempt: cancelled, HostUnreachable, or the node's failure.</summary>
    internal static class RemoteOutcome
    {
        /// <summary>
        /// A pipeline that did not succeed: Cancelled as it is (a stopped session stays usable), a broken session as
        /// HostUnreachable, anything else as the node's failure.
        /// </summary>
        public static NodeExecution Ended(RemoteSession session, HostDefinition host, NodeDefinition node, NodeInvocation.Completion completion, string? during)
        {
            if (completion.Outcome == NodeOutcome.Cancelled)
            {
                return new NodeExecution(NodeOutcome.Cancelled, completion.Output);
            }

            // The transport's error can reach the pipeline before the runspace shows Broken; a node's own remoting
            // (Invoke-Command to a third machine) fails with the same exception type, so the session's state decides.
            if (session.IsBroken || (IsTransportFailure(completion.Error) && session.BreaksWithin(TransportSettle)))
            {
                return Broken(session, host, node, ErrorText.FirstLine(completion.Error) ?? "the connection ended", completion.Output);
            }

            if (completion.Outcome == NodeOutcome.Succeeded)
            {
                var message = $"Preparing the session on host '{host.Name}' for node '{node.Id}' returned no script path.";
                return NodeExecution.Failed(new ErrorRecord(new InvalidOperationException(message), "RemoteSetupFailed", ErrorCategory.InvalidResult, node.Id));
            }

            var error = completion.Error;
            if (during != null && error is ErrorRecord record)
            {
                // The node's script never started: say what DagRunner was doing when the host refused.
                var message = $"Node '{node.Id}' failed on host '{host.Name}' while {during}: {ErrorText.FirstLine(record)}";
                error = new ErrorRecord(new RemoteSetupException(message, record.Exception), record.FullyQualifiedErrorId, record.CategoryInfo.Category, node.Id);
            }

            return new NodeExecution(completion.Outcome, completion.Output, error);
        }

        /// <summary>
        /// How long a transport error waits for the session's state to say Broken: 5 seconds. With 2 seconds, and only the
        /// first state change looked at, a stopped sshd's items once failed instead of moving to another host in a
        /// loaded test run (which of the two it was is not known).
        /// </summary>
        private static readonly TimeSpan TransportSettle = TimeSpan.FromSeconds(5);

        /// <summary>A remoting transport error anywhere in the error's chain: the session's, or a node's own remoting.</summary>
        private static bool IsTransportFailure(object? error)
        {
            for (var exception = (error as ErrorRecord)?.Exception ?? error as Exception; exception != null; exception = exception.InnerException)
            {
                if (exception is System.Management.Automation.Remoting.PSRemotingTransportException)
                {
                    return true;
                }
            }

            return false;
        }

        public static NodeExecution Broken(RemoteSession session, HostDefinition host, NodeDefinition node, string reason, IReadOnlyList<object?>? output)
        {
            var message = $"The PowerShell session to host '{host.Name}' ({host.Address}) broke while node '{node.Id}' ran: {reason}";
            return HostFailover.Unreachable(new HostUnreachableException(host.Name, message), node, output);
        }


        public static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        /// <summary>PowerShell's truth rule for a pipeline's output: nothing is false, one object is itself, more is true.</summary>
        public static bool IsTrue(IReadOnlyList<object?> output)
            => output.Count switch
            {
                0 => false,
                1 => LanguagePrimitives.IsTrue(output[0]),
                _ => true,
            };

        /// <summary>One way of <c>transfer: true</c>: null when the files went, else how the attempt ended.</summary>
        public static async Task<NodeExecution?> TransferAsync(Func<Task<NodeInvocation.Completion?>> copy, RemoteSession session, HostDefinition host, NodeDefinition node, string during)
        {
            try
            {
                var failed = await copy().ConfigureAwait(false);
                return failed is { } completion ? Ended(session, host, node, completion, during) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException)
            {
                var message = $"Node '{node.Id}' failed on host '{host.Name}' while {during}: {ex.Message}";
                return NodeExecution.Failed(new ErrorRecord(new RemoteSetupException(message, ex), "TransferFailed", ErrorCategory.WriteError, node.Id));
            }
        }
    }
}
