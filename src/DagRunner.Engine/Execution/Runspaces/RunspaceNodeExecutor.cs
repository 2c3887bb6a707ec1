using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Runspaces
{
    /// <summary>
    /// Runs nodes as PowerShell scripts in runspaces that are created on first use and reused. Each node starts
    /// from a reset runspace holding only the run's variables, <c>$Needs</c>, <c>$Dag</c> and
    /// <c>$ErrorActionPreference = 'Stop'</c>, in the workflow file's folder. Nodes with a host (<c>on:</c>) do not
    /// come here: the routing executor sends them to a session on that host.
    /// </summary>
    internal sealed class RunspaceNodeExecutor : INodeExecutor, IRunPreparation
    {
        private readonly RunspaceExecutorOptions options;
        private readonly RunspaceStock stock;
        private readonly NodeScripts scripts = new NodeScripts();
        private readonly RunspaceState state;
        private readonly Func<DateTime> now;

        /// <summary>
        /// Opening a runspace is CPU work (tens of milliseconds). Opened all at once, a wide first level's runspaces
        /// share the cores and every one is ready late; one per core at a time, the nodes started first (the
        /// critical path first) get theirs first, and a node that waited may find one that another node returned.
        /// </summary>
        private readonly SemaphoreSlim opening = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));

        /// <summary>Runspaces a warm start is opening (or has opened) for the first nodes, each claimed by one node.</summary>
        private readonly ConcurrentQueue<Task<RunspaceStock.Worker>> warming = new ConcurrentQueue<Task<RunspaceStock.Worker>>();

        public RunspaceNodeExecutor(RunspaceExecutorOptions? options = null, TimeProvider? clock = null)
        {
            this.options = options ?? new RunspaceExecutorOptions();
            stock = new RunspaceStock(this.options.SessionState, this.options.KeepRunspaces ? SessionRunspaces.Shared : null);
            state = new RunspaceState(this.options);
            var time = clock ?? TimeProvider.System;
            now = () => time.GetLocalNow().DateTime;
        }

        /// <inheritdoc />
        public async Task<NodeExecution> ExecuteAsync(NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return NodeExecution.Cancelled();
            }

            RunspaceStock.Worker worker;
            try
            {
                worker = await RentAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return NodeExecution.Cancelled();
            }
            catch (Exception ex) when (!(ex is ObjectDisposedException))
            {
                return NodeExecution.Failed(new ErrorRecord(ex, "RunspaceOpenFailed", ErrorCategory.OpenError, request.Node.Id));
            }

            try
            {
                return await RunAsync(worker, request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                stock.Return(worker);
            }
        }

        /// <summary>
        /// Warm start: begins opening <paramref name="count"/> runspaces now, on other threads, while the caller
        /// plans the run; the first nodes then claim them instead of opening their own. They are plain runspaces, as
        /// a node would have opened: the run's state, <c>modules:</c> and <c>setup:</c> come when a node (or
        /// <see cref="PrepareAsync"/>) takes one. What no node claims is closed with the executor.
        /// </summary>
        public void Warm(int count)
        {
            for (int i = 0; i < count; i++)
            {
                warming.Enqueue(OpenWarmAsync());
            }
        }

        /// <summary>How many runspaces exist (idle, busy, or opened by a warm start).</summary>
        internal int RunspaceCount => stock.Created;

        /// <summary>An idle runspace, else one a warm start opened (waiting for it if it is still opening), else a new one.</summary>
        private async Task<RunspaceStock.Worker> RentAsync(CancellationToken cancellationToken)
        {
            var idle = stock.TryRentIdle();
            if (idle != null)
            {
                return idle;
            }

            return warming.TryDequeue(out var warm)
                ? await warm.ConfigureAwait(false)
                : await OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task<RunspaceStock.Worker> OpenWarmAsync()
        {
            await opening.WaitAsync().ConfigureAwait(false);
            try
            {
                var worker = await Task.Run(stock.OpenNew).ConfigureAwait(false);
                await WarmUpAsync(worker).ConfigureAwait(false);
                return worker;
            }
            finally
            {
                opening.Release();
            }
        }

        /// <summary>
        /// Does, once in a runspace the warm start opened, what a node's start does for the first time in it (listing
        /// its functions, setting a variable, an asynchronous pipeline), while the run is still being planned. In a
        /// fresh process most of the time between a run's start and its first node's script went to compiling that
        /// path, on the node's own thread (docs/benchmarks.md, "The first run's first node"). An empty script changes
        /// no state a node could see; a failure here is left for the node's own start to meet.
        /// </summary>
        private async Task WarmUpAsync(RunspaceStock.Worker worker)
        {
            if (worker.InitialFunctions != null)
            {
                return; // a runspace kept from an earlier run: this process has run nodes before
            }

            try
            {
                worker.InitialFunctions = RunspaceSharedCode.GlobalFunctions(worker.Runspace);
                worker.Runspace.SessionStateProxy.SetVariable("LASTEXITCODE", 0); // as every node's start does
                var invocation = new NodeInvocation(worker, "warm-up", NoEvents.Instance, now);
                await invocation.InvokeAsync(ps => ps.AddScript(string.Empty, useLocalScope: true), forwardOutput: false, options.StopGracePeriod, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // The node that takes this runspace opens, prepares and reports as it would have without the warm-up.
            }
        }

        private async Task<RunspaceStock.Worker> OpenAsync(CancellationToken cancellationToken)
        {
            await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Only the opening goes to another thread.
                return stock.TryRentIdle() ?? await Task.Run(stock.Rent).ConfigureAwait(false);
            }
            finally
            {
                opening.Release();
            }
        }

        /// <summary>
        /// Closes the runspaces, then trims the C heap (<see cref="NativeHeap"/>). A warm start's runspace that no node
        /// claimed and that is still opening closes itself once open (the stock is closed by then); waiting for it
        /// means no runspace outlives a run that never started.
        /// </summary>
        public void Dispose()
        {
            var session = options.KeepRunspaces ? SessionRunspaces.Shared : null;
            if (session == null)
            {
                stock.Dispose();
            }

            while (warming.TryDequeue(out var warm))
            {
                try
                {
                    // With a session to keep them for, a warm start's unclaimed runspaces are kept too.
                    if (warm.Wait(options.StopGracePeriod) && session != null)
                    {
                        stock.Return(warm.Result);
                    }
                }
                catch (AggregateException)
                {
                    // Closed as it opened (ObjectDisposedException), or it could not open: nothing is left open either way.
                }
            }

            if (session != null)
            {
                stock.Dispose(worker => Keep(session, worker));
            }

            NativeHeap.Trim();
        }

        /// <summary>
        /// Parks a plain, healthy runspace in the session; false leaves it to be closed. One that ran a node is marked
        /// dirty, so the next run resets it before its first node there, as between nodes: resetting here instead would
        /// cost every run that ends its process (a CLI or build step) the reset's first-time cost for nothing.
        /// </summary>
        private static bool Keep(SessionRunspaces session, RunspaceStock.Worker worker)
        {
            if (worker.HasSharedCode || worker.Broken || worker.Runspace.RunspaceStateInfo.State != System.Management.Automation.Runspaces.RunspaceState.Opened
                || worker.Runspace.RunspaceAvailability != System.Management.Automation.Runspaces.RunspaceAvailability.Available)
            {
                return false;
            }

            worker.Dirty |= worker.PreparedFor != null;
            session.Park(worker);
            return true;
        }

        private async Task<NodeExecution> RunAsync(RunspaceStock.Worker worker, NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var node = request.Node;
            var info = scripts.For(node);
            using var computingOrWaiting = options.NodeThreads.Enter(worker.PipelineThread); // what Adaptive reads
            var functionName = request.Part == NodeScriptPart.ConditionAndBody || request.Part == NodeScriptPart.Body ? FunctionFor(worker, info) : null;
            try
            {
                state.ForNode(worker, request);
                if (functionName != null)
                {
                    RunspaceState.DefineFunction(worker, functionName, node.Run!.Text);
                }
            }
            catch (Exception ex)
            {
                return NodeExecution.Failed(new ErrorRecord(ex, "NodeStateSetupFailed", ErrorCategory.InvalidOperation, node.Id), worker.Id);
            }

            // Once per runspace and run, never per node: the modules and the setup every node shares.
            var notReady = await RunspaceSharedCode.EnsureAsync(worker, request.Run, node.Id, NoEvents.Instance, now, options.StopGracePeriod, cancellationToken).ConfigureAwait(false);
            if (notReady != null)
            {
                return notReady;
            }

            // Decided before the script runs: even a node that fails or is stopped may have written global state.
            worker.Dirty |= info.TouchesGlobalState;
            var invocation = new NodeInvocation(worker, node.Id, request.Events, now);
            var grace = options.StopGracePeriod;
            if (request.Part == NodeScriptPart.ForEachItems)
            {
                var items = await invocation.InvokeAsync(ps => ForEachItemsScript.AddItems(ps, node.ForEach), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                return items.Outcome == NodeOutcome.Succeeded ? ForEachItemsScript.Items(node, items.Output, worker.Id) : new NodeExecution(items.Outcome, items.Output, items.Error, worker.Id);
            }

            if (node.Condition != null && request.Part == NodeScriptPart.ConditionAndBody)
            {
                var condition = await invocation.InvokeAsync(ps => ps.AddScript(node.Condition.Text, useLocalScope: true), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                if (condition.Outcome != NodeOutcome.Succeeded)
                {
                    return new NodeExecution(condition.Outcome, null, condition.Error, worker.Id);
                }

                if (!IsTrue(condition.Output))
                {
                    return NodeExecution.ConditionFalse(worker.Id);
                }
            }

            var body = await invocation.InvokeAsync(ps => AddBody(ps, node, request.Part, functionName), forwardOutput: true, grace, cancellationToken).ConfigureAwait(false);
            if (body.Outcome == NodeOutcome.Succeeded)
            {
                var exitFailure = invocation.ExitCodeFailure();
                if (exitFailure != null)
                {
                    return new NodeExecution(NodeOutcome.Failed, body.Output, exitFailure, worker.Id);
                }
            }

            return new NodeExecution(body.Outcome, body.Output, body.Error, worker.Id);
        }

        /// <summary>
        /// A script's first two runs are plain scripts: most workflows run each script once, and defining it as a
        /// function costs more than the function saves unless it is called again. From its third run on (foreach
        /// instances, nodes sharing a script), or where this runspace already holds it, it is a function compiled
        /// once per runspace. The measurements are in docs/benchmarks.md, "Each node its own script" and
        /// "Scripts that run twice".
        /// </summary>
        private static string? FunctionFor(RunspaceStock.Worker worker, NodeScriptInfo info)
            => info.CanBeFunction && ((worker.DefinedFunctions.Count != 0 && worker.DefinedFunctions.Contains(info.FunctionName!)) || info.RanTwiceBefore()) ? info.FunctionName : null;

        private static void AddBody(PowerShell powerShell, NodeDefinition node, NodeScriptPart part, string? functionName)
        {
            if (part == NodeScriptPart.Fallback && node.Fallback != null)
            {
                powerShell.AddScript(node.Fallback.Text, useLocalScope: true);
                return;
            }

            if (functionName != null)
            {
                // Compiled once per runspace; a function call also gives the node its own scope.
                powerShell.AddCommand(functionName);
            }
            else if (node.Run != null)
            {
                powerShell.AddScript(node.Run.Text, useLocalScope: true);
            }
            else
            {
                powerShell.AddCommand(node.ResolvedFile);
            }

            foreach (var parameter in node.With)
            {
                powerShell.AddParameter(parameter.Key, VariableValues.Copy(parameter.Value));
            }
        }

        /// <summary>
        /// Before the first node starts: one runspace imports the modules and runs the setup, so a missing module or a
        /// failing setup fails the run before any node runs. The runspace then serves the first node, prepared.
        /// </summary>
        public async Task<NodeExecution?> PrepareAsync(RunContext run, CancellationToken cancellationToken)
        {
            if (run.Workflow.Shared.IsEmpty)
            {
                return null;
            }

            RunspaceStock.Worker worker;
            try
            {
                worker = await RentAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is ObjectDisposedException))
            {
                return null; // Ctrl+C, or no runspace: the nodes report it as they start
            }

            try
            {
                state.ForRun(worker, run);
                return await RunspaceSharedCode.EnsureAsync(worker, run, "setup", NoEvents.Instance, now, options.StopGracePeriod, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                stock.Return(worker);
            }
        }

        /// <summary>PowerShell's truth rule for a pipeline's output: nothing is false, one object is itself, more is true.</summary>
        private static bool IsTrue(IReadOnlyList<object?> output)
            => output.Count switch
            {
                0 => false,
                1 => LanguagePrimitives.IsTrue(output[0]),
                _ => true,
            };
    }
}
