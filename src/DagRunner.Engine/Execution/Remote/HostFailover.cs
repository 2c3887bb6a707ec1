using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// One attempt of a remote node, placed by <see cref="HostPlacement"/>. A node on one host runs there. A node on
    /// any host of a group moves on when its host cannot be reached or its session breaks (Reason HostUnreachable):
    /// the host is marked down for the rest of the run (said on the node's warning stream, with the reason;
    /// <see cref="HostRecovery"/> brings it back when it answers again) and the attempt starts again on another host
    /// of the group, without counting as one of the node's <c>retry:</c> attempts. Only when every host of the group
    /// is down does the attempt fail, HostUnreachable, naming each host's reason.
    /// </summary>
    internal sealed class HostFailover
    {
        private readonly HostPlacement placement;
        private readonly HostRecovery recovery;

        public HostFailover(HostPlacement placement, HostRecovery recovery)
        {
            this.placement = placement;
            this.recovery = recovery;
        }

        /// <summary>What one try on a host gave, and whether its session went back for the next node.</summary>
        public delegate Task<(NodeExecution Execution, bool KeptSession)> TryOnHost(HostLease lease, CancellationToken cancellationToken);

        /// <param name="tryOn">Runs the attempt on the leased host.</param>
        /// <param name="warn">Writes a line on the node's warning stream.</param>
        public async Task<NodeExecution> RunAsync(NodeDefinition node, TryOnHost tryOn, Action<string> warn, CancellationToken cancellationToken)
        {
            while (true)
            {
                HostLease lease;
                try
                {
                    lease = node.OnAny != null
                        ? await placement.AcquireInGroupAsync(node.OnAny, cancellationToken).ConfigureAwait(false)
                        : await placement.AcquireOnHostAsync(node.Host!, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return NodeExecution.Cancelled();
                }
                catch (HostUnreachableException ex)
                {
                    return Unreachable(ex, node);
                }

                NodeExecution execution;
                bool kept = false;
                try
                {
                    (execution, kept) = await tryOn(lease, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    placement.Release(lease, kept);
                }

                if (node.OnAny == null || execution.Reason != NodeReason.HostUnreachable || cancellationToken.IsCancellationRequested)
                {
                    return execution.OnHost(lease.Host);
                }

                var reason = ErrorText.FirstLine(execution.Error) ?? "it cannot be reached";
                if (placement.MarkDown(lease.Host, reason))
                {
                    recovery.Watch(lease.Host);
                    warn($"Host '{lease.Host}' is down for the rest of the run unless it answers again (probed now and then): {reason} Node '{node.Id}' moves to another host of group '{node.OnAny}'.");
                }
            }
        }

        public static NodeExecution Unreachable(HostUnreachableException exception, NodeDefinition node, IReadOnlyList<object?>? output = null)
            => new NodeExecution(NodeOutcome.Failed, output, new ErrorRecord(exception, "HostUnreachable", ErrorCategory.ConnectionError, node.Id), 0, NodeReason.HostUnreachable);
    }
}
