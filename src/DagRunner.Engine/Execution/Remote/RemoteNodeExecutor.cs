using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// Runs the attempts of nodes that have a host (<c>on:</c>) in a PowerShell session on that host, with the same
    /// <see cref="NodeInvocation"/> as local nodes, so streams, Stop and failures work alike. <see cref="HostPlacement"/>
    /// decides where an attempt runs and when (a free session), <see cref="HostFailover"/> moves an attempt of a node
    /// on a group to another host when its host cannot be reached. A host that cannot be reached, or a session that
    /// breaks, fails the attempt with Reason HostUnreachable and the session is thrown away, so a retry opens a fresh
    /// one. Nodes of other hosts, and local nodes, are not held up.
    /// </summary>
    internal sealed class RemoteNodeExecutor : INodeExecutor
    {
        private readonly RunspaceExecutorOptions options;
        private readonly Func<DateTime> now;
        private readonly TimeProvider clock;
        private readonly SessionOpener opener = new SessionOpener();
        private readonly object placementGate = new object();
        private RunContext? sharedTextFor;
        private (string Imports, string? Setup) sharedText;
        private readonly ConcurrentDictionary<string, HostSessionPool> pools = new ConcurrentDictionary<string, HostSessionPool>(StringComparer.OrdinalIgnoreCase);
        private WorkflowDefinition? placedWorkflow;
        private HostFailover? failover;
        private HostRecovery? recovery;

        /// <param name="clock">The clock probes of hosts that went down wait on; the system's when null.</param>
        public RemoteNodeExecutor(RunspaceExecutorOptions options, Func<DateTime> now, TimeProvider? clock = null)
        {
            this.options = options;
            this.now = now;
            this.clock = clock ?? TimeProvider.System;
        }

        public Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var node = request.Node;
            var workflow = request.Run.Workflow;
            bool known = node.OnAny != null
                ? workflow.HostGroups.ContainsKey(node.OnAny)
                : node.Host != null && workflow.Hosts.ContainsKey(node.Host);
            if (!known)
            {
                var where = node.OnAny != null ? $"any host of group '{node.OnAny}', which is not one group of the workflow's 'groups'" : $"host '{string.Join(", ", node.On)}', which is not one host of the workflow's 'hosts'";
                var message = $"Node '{node.Id}' is on {where}.";
                return Task.FromResult(NodeExecution.Failed(new ErrorRecord(new InvalidOperationException(message), "UnknownHost", ErrorCategory.InvalidArgument, node.Id)));
            }

            return FailoverFor(workflow).RunAsync(node, (lease, token) => TryOnAsync(workflow.Hosts[lease.Host], request, token), line => Warn(request, line), cancellationToken);
        }

        /// <summary>The placement of the run's workflow, made when its first remote node starts (an executor serves one run).</summary>
        private HostFailover FailoverFor(WorkflowDefinition workflow)
        {
            lock (placementGate)
            {
                if (failover == null || !ReferenceEquals(placedWorkflow, workflow))
                {
                    var placement = new HostPlacement(
                        workflow.Hosts.Values.Select(h => new KeyValuePair<string, int>(h.Name, h.MaxSessions)),
                        workflow.HostGroups);
                    recovery?.Dispose();
                    recovery = new HostRecovery(placement, (name, _) => Answers(workflow.Hosts[name]), clock);
                    failover = new HostFailover(placement, recovery);
                    placedWorkflow = workflow;
                }

                return failover;
            }
        }

        private static async Task<bool> Answers(HostDefinition host) => (await HostProbe.CheckAsync(host).ConfigureAwait(false)).Accepts;

        private void Warn(NodeExecutionRequest request, string line)
            => request.Events.Publish(new NodeLogEvent(now(), request.Node.Id, NodeLogStream.Warning, new WarningRecord(line)));

        /// <summary>One try on the leased host: a session (idle or new), the node in it, the session back.</summary>
        private async Task<(NodeExecution Execution, bool KeptSession)> TryOnAsync(HostDefinition host, NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var pool = pools.GetOrAdd(host.Name, _ => new HostSessionPool(host, opener));
            RemoteSession session;
            try
            {
                session = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (NodeExecution.Cancelled(), false);
            }
            catch (HostUnreachableException ex)
            {
                return (HostFailover.Unreachable(ex, request.Node), false);
            }

            bool reusable = false;
            bool kept = false;
            NodeExecution execution;
            try
            {
                execution = await RunAsync(session, host, request, cancellationToken).ConfigureAwait(false);
                reusable = !session.IsBroken;
            }
            finally
            {
                kept = pool.Return(session, reusable);
            }

            return (execution, kept);
        }

        /// <summary>Closes every session of the run (after removing DagRunner's script folders on the hosts).</summary>
        public void Dispose()
        {
            var sessions = pools.Values.SelectMany(pool => pool.TakeAll()).ToArray();
            pools.Clear();
            lock (placementGate)
            {
                recovery?.Dispose();
                recovery = null;
            }

            opener.Close(sessions);
            opener.Dispose();
        }

        /// <summary>
        /// Once per session and run: imports the modules (a module file of this machine travels as text) and runs the
        /// setup at the session's global scope, keeping its variables for after the resets between nodes.
        /// </summary>
        private async Task<NodeExecution?> EnsureSharedCodeAsync(RemoteSession session, HostDefinition host, NodeInvocation invocation, RunContext run, CancellationToken cancellationToken)
        {
            var shared = run.Workflow.Shared;
            if (shared.IsEmpty || ReferenceEquals(session.SharedCodeFor, run))
            {
                return null;
            }

            string imports;
            string? text;
            try
            {
                (imports, text) = SharedTextOf(run);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                var error = new ErrorRecord(new SharedCodeException($"The workflow's modules or setup cannot be sent to host '{host.Name}': {ex.Message}", "SetupFailed", ex), "SetupFailed", ErrorCategory.ReadError, host.Name);
                return NodeExecution.Failed(error);
            }

            var grace = options.StopGracePeriod;
            var before = await invocation.InvokeAsync(ps => ps.AddScript(SharedCodeScripts.VariableNames, useLocalScope: false), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
            if (imports.Length > 0)
            {
                var imported = await invocation.InvokeAsync(ps => ps.AddScript(imports, useLocalScope: false), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                if (imported.Outcome != NodeOutcome.Succeeded)
                {
                    return SharedCodeScripts.Failure(imported, e => SharedCodeScripts.ModuleFailure(shared, e, host.Name), "ModuleNotFound");
                }
            }

            if (text != null)
            {
                var setup = await invocation.InvokeAsync(ps => ps.AddScript(text, useLocalScope: false), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                if (setup.Outcome != NodeOutcome.Succeeded)
                {
                    return SharedCodeScripts.Failure(setup, e => SharedCodeScripts.SetupFailure(shared, e, host.Name), "SetupFailed");
                }
            }

            var names = before.Output.Select(o => RemoteOutcome.Unwrap(o) as string).Where(n => n != null).ToArray();
            var kept = await invocation.InvokeAsync(ps => ps.AddScript(SharedCodeScripts.KeepVariables, useLocalScope: true).AddArgument(names), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
            if (kept.Outcome != NodeOutcome.Succeeded)
            {
                return SharedCodeScripts.Failure(kept, e => SharedCodeScripts.SetupFailure(shared, e, host.Name), "SetupFailed");
            }

            session.SharedCodeFor = run;
            return null;
        }

        /// <summary>The import script and the setup text for hosts, read from this machine's files once per run, not per session.</summary>
        private (string Imports, string? Setup) SharedTextOf(RunContext run)
        {
            lock (pools)
            {
                if (!ReferenceEquals(sharedTextFor, run))
                {
                    sharedText = (SharedCodeScripts.Imports(run.Workflow.Shared, remote: true), SharedCodeScripts.SetupText(run.Workflow.Shared));
                    sharedTextFor = run;
                }

                return sharedText;
            }
        }

        private async Task<NodeExecution> RunAsync(RemoteSession session, HostDefinition host, NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var node = request.Node;
            var invocation = new NodeInvocation(session.Worker, node.Id, request.Events, now, host.Name);
            var grace = options.StopGracePeriod;

            // The pool resets the session before the next node takes it: a node never sees another's state.
            session.Used = true;
            System.Collections.Hashtable state;
            try
            {
                state = RemotePayload.Build(request, host, options);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return NodeExecution.Failed(new ErrorRecord(ex, "NodeScriptUnreadable", ErrorCategory.ReadError, node.Id));
            }

            var notReady = await EnsureSharedCodeAsync(session, host, invocation, request.Run, cancellationToken).ConfigureAwait(false);
            if (notReady != null)
            {
                return notReady;
            }

            var setup = await invocation.InvokeAsync(ps => ps.AddScript(RemoteScripts.Setup, useLocalScope: true).AddArgument(state), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
            if (setup.Outcome != NodeOutcome.Succeeded || !(RemoteOutcome.Unwrap(setup.Output.LastOrDefault()) is string scriptPath))
            {
                return RemoteOutcome.Ended(session, host, node, setup, "preparing the session");
            }

            if (request.Part == NodeScriptPart.ForEachItems)
            {
                // A foreach expression (and key:) of a node on a host is worked out there, where its scripts run.
                var items = await invocation.InvokeAsync(ps => ForEachItemsScript.AddItems(ps, node.ForEach), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                return items.Outcome == NodeOutcome.Succeeded ? ForEachItemsScript.Items(node, items.Output) : RemoteOutcome.Ended(session, host, node, items, "working out the 'foreach' items");
            }

            if (node.Condition != null && request.Part == NodeScriptPart.ConditionAndBody)
            {
                var condition = await invocation.InvokeAsync(ps => ps.AddScript(node.Condition.Text, useLocalScope: true), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                if (condition.Outcome != NodeOutcome.Succeeded)
                {
                    return RemoteOutcome.Ended(session, host, node, condition, "evaluating 'if'");
                }

                if (!RemoteOutcome.IsTrue(condition.Output))
                {
                    return NodeExecution.ConditionFalse();
                }
            }

            var transfer = node.Transfer ? new FileTransfer(invocation, request, host, grace, now) : null;
            if (transfer != null && await RemoteOutcome.TransferAsync(() => transfer.SendInputsAsync(cancellationToken), session, host, node, "copying its inputs to the host").ConfigureAwait(false) is { } notSent)
            {
                return notSent;
            }

            var body = await invocation.InvokeAsync(ps => AddBody(ps, scriptPath, node), forwardOutput: true, grace, cancellationToken).ConfigureAwait(false);
            if (body.Outcome != NodeOutcome.Succeeded)
            {
                return RemoteOutcome.Ended(session, host, node, body, null);
            }

            var exit = await invocation.InvokeAsync(ps => ps.AddScript(RemoteScripts.ExitCode), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
            if (exit.Outcome != NodeOutcome.Succeeded)
            {
                return RemoteOutcome.Ended(session, host, node, exit, "reading $LASTEXITCODE");
            }

            var code = RemoteOutcome.Unwrap(exit.Output.LastOrDefault());
            if (code is int exitCode && exitCode != 0)
            {
                var error = new ErrorRecord(
                    new NodeExitCodeException(exitCode, $"The script ended with exit code {exitCode} on host '{host.Name}' ('exit {exitCode}', or the last native command it ran: $LASTEXITCODE)."),
                    "NativeCommandExitCode",
                    ErrorCategory.NotSpecified,
                    node.Id);
                return new NodeExecution(NodeOutcome.Failed, body.Output, error);
            }

            if (transfer != null && await RemoteOutcome.TransferAsync(() => transfer.FetchOutputsAsync(cancellationToken), session, host, node, "copying its outputs back").ConfigureAwait(false) is { } notFetched)
            {
                return notFetched;
            }

            return NodeExecution.Succeeded(body.Output);
        }

        /// <summary>The node's script file as a command, with <c>with:</c> as its parameters.</summary>
        private static void AddBody(PowerShell ps, string scriptPath, NodeDefinition node)
        {
            ps.AddCommand(scriptPath);
            foreach (var parameter in node.With)
            {
                ps.AddParameter(parameter.Key, VariableValues.Copy(parameter.Value));
            }
        }
    }
}
