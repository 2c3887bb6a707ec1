using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution.Remote;
using DagRunner.Engine.Execution.Runspaces;

namespace DagRunner.Engine.Execution.Routing
{
    /// <summary>
    /// The executor a run uses: a node with a host (<c>on:</c>) goes to a session on that host, every other node to
    /// a local runspace. The local and remote executors share the pipeline code (<c>Execution.Invocation</c>) but
    /// not each other, so the choice is made here, once.
    /// </summary>
    internal sealed class RoutingNodeExecutor : INodeExecutor, IRunPreparation
    {
        private readonly INodeExecutor local;
        private readonly Lazy<INodeExecutor> remote;

        /// <summary>Builds the local executor now and the remote one when the first node with a host runs.</summary>
        public RoutingNodeExecutor(RunspaceExecutorOptions? options = null, TimeProvider? clock = null)
            : this(new RunspaceNodeExecutor(options, clock), () => CreateRemote(options, clock))
        {
        }

        /// <summary>Any local executor, so tests can watch the routing with fakes.</summary>
        internal RoutingNodeExecutor(INodeExecutor local, Func<INodeExecutor> createRemote)
        {
            this.local = local;
            remote = new Lazy<INodeExecutor>(createRemote, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <inheritdoc />
        public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
            => request.Node.IsRemote
                ? remote.Value.ExecuteAsync(request, cancellationToken)
                : local.ExecuteAsync(request, cancellationToken);

        /// <summary>
        /// Prepares the local side when any node runs locally. Sessions on hosts prepare when they open: a host that
        /// cannot import a module or run the setup fails the nodes sent to it.
        /// </summary>
        public Task<NodeExecution?> PrepareAsync(RunContext run, CancellationToken cancellationToken)
            => local is IRunPreparation preparation && run.Workflow.Nodes.Any(n => !n.IsRemote)
                ? preparation.PrepareAsync(run, cancellationToken)
                : Task.FromResult<NodeExecution?>(null);

        /// <summary>Warm start (<see cref="RunspaceNodeExecutor.Warm"/>): begins opening local runspaces for the first nodes.</summary>
        public void Warm(int count)
        {
            if (count > 0 && local is RunspaceNodeExecutor runspaces)
            {
                runspaces.Warm(count);
            }
        }

        /// <summary>Closes the remote sessions first (closing one needs a local runspace), then the local runspaces.</summary>
        public void Dispose()
        {
            if (remote.IsValueCreated)
            {
                remote.Value.Dispose();
            }

            local.Dispose();
        }

        private static INodeExecutor CreateRemote(RunspaceExecutorOptions? options, TimeProvider? clock)
        {
            var time = clock ?? TimeProvider.System;
            return new RemoteNodeExecutor(options ?? new RunspaceExecutorOptions(), () => time.GetLocalNow().DateTime, time);
        }
    }
}
