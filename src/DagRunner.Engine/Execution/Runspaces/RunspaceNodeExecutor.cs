using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;

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
        private readonly Func<DateTime> now;

        /// <summary>
        /// Opening a runspace is CPU work (tens of milliseconds). Opened all at once, a wide first level's runspaces
        /// share the cores and every one is ready late; one per core at a time, the nodes started first (the
        /// critical path first) get theirs first, and a node that waited may find one that another node returned.
        /// </summary>
        private readonly SemaphoreSlim opening = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));

        public RunspaceNodeExecutor(RunspaceExecutorOptions? options = null, TimeProvider? clock = null)
        {
            this.options = options ?? new RunspaceExecutorOptions();
            stock = new RunspaceStock(this.options.SessionState);
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
                worker = stock.TryRentIdle() ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
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

        /// <summary>Closes the runspaces, then trims the C heap (<see cref="NativeHeap"/>).</summary>
        public void Dispose()
        {
            stock.Dispose();
            NativeHeap.Trim();
        }

        private async Task<NodeExecution> RunAsync(RunspaceStock.Worker worker, NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var node = request.Node;
            var info = scripts.For(node);
            try
            {
                PrepareState(worker, request);
                if (info.FunctionName != null && (request.Part == NodeScriptPart.ConditionAndBody || request.Part == NodeScriptPart.Body))
                {
                    DefineFunction(worker, info.FunctionName, node.Run!.Text);
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
                var items = await invocation.InvokeAsync(ps => ps.AddScript(node.ForEach?.Expression?.Text ?? "@()", useLocalScope: true), forwardOutput: false, grace, cancellationToken).ConfigureAwait(false);
                return new NodeExecution(items.Outcome, items.Output, items.Error, worker.Id);
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

            var body = await invocation.InvokeAsync(ps => AddBody(ps, node, request.Part, info.FunctionName), forwardOutput: true, grace, cancellationToken).ConfigureAwait(false);
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
        /// Gives the runspace this node's state: the run's (<see cref="PrepareRun"/>), then the node's own. Lists and
        /// mappings among the run's variables are copied for every node, since a node can change them in place;
        /// <c>$Needs</c> and <c>$Dag</c> are the node's own.
        /// </summary>
        private void PrepareState(RunspaceStock.Worker worker, NodeExecutionRequest request)
        {
            var run = request.Run;
            PrepareRun(worker, run);
            var state = worker.Runspace.SessionStateProxy;
            var workflow = run.Workflow;
            var variables = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var variable in run.NodeVariables)
            {
                bool container = VariableValues.IsContainer(variable.Value);
                var value = container ? VariableValues.Copy(variable.Value) : variable.Value;
                variables[variable.Key] = value;
                if (container)
                {
                    state.SetVariable(variable.Key, value);
                }
            }

            var needs = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var need in request.Needs)
            {
                needs[need.Key] = need.Value;
            }

            state.SetVariable("Needs", needs);

            // Always set, so an instance's item never lingers into the next node run in this runspace.
            state.SetVariable("Item", request.Node.Item);
            var dag = new DagContext(workflow.Name, run.RunId, variables, workflow.SourcePath, workflow.BaseDirectory, request.Node.Id, request.Attempt, request.Part == NodeScriptPart.Fallback, request.LastError);
            state.SetVariable("Dag", dag);
            state.SetVariable("LASTEXITCODE", 0);
        }

        /// <summary>
        /// Gives the runspace the run's state: its scalar variables and the preferences, once per runspace (a node
        /// assigning them only shadows them in its own scope), and the workflow's folder. A runspace where a node may
        /// have written global state is reset first.
        /// </summary>
        private void PrepareRun(RunspaceStock.Worker worker, RunContext run)
        {
            var runspace = worker.Runspace;
            worker.InitialFunctions ??= RunspaceSharedCode.GlobalFunctions(runspace);
            if (worker.Dirty)
            {
                runspace.ResetRunspaceState(); // about 1 ms: only after a node that wrote $global:/$script: state
                RemoveFunctionsOfNodes(worker);
                worker.Dirty = false;
                worker.PreparedFor = null;
                RunspaceSharedCode.Restore(worker);
            }

            var state = runspace.SessionStateProxy;
            if (!ReferenceEquals(worker.PreparedFor, run))
            {
                foreach (var variable in run.NodeVariables)
                {
                    // A copy of a list or mapping: setup must not change the run's value in place either.
                    state.SetVariable(variable.Key, VariableValues.IsContainer(variable.Value) ? VariableValues.Copy(variable.Value) : variable.Value);
                }

                state.SetVariable("ErrorActionPreference", ActionPreference.Stop);
                state.SetVariable("VerbosePreference", options.VerbosePreference);
                state.SetVariable("DebugPreference", options.DebugPreference);
                state.SetVariable("WarningPreference", options.WarningPreference);
                state.SetVariable("InformationPreference", options.InformationPreference);
                worker.PreparedFor = run;
            }

            // A node that changed folder (Set-Location) must not move the next one.
            var folder = run.Workflow.BaseDirectory;
            if (!string.IsNullOrEmpty(folder) && !string.Equals(state.Path.CurrentFileSystemLocation.ProviderPath, folder, StringComparison.Ordinal))
            {
                state.Path.SetLocation(WildcardPattern.Escape(folder));
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
                worker = stock.TryRentIdle() ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is ObjectDisposedException))
            {
                return null; // Ctrl+C, or no runspace: the nodes report it as they start
            }

            try
            {
                PrepareRun(worker, run);
                return await RunspaceSharedCode.EnsureAsync(worker, run, "setup", NoEvents.Instance, now, options.StopGracePeriod, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                stock.Return(worker);
            }
        }

        /// <summary>
        /// A reset restores variables only: a node's <c>function global:name</c> would still be there for the next
        /// node. Removes the global functions the runspace did not start with, except DagRunner's own node functions.
        /// </summary>
        private static void RemoveFunctionsOfNodes(RunspaceStock.Worker worker)
        {
            var items = worker.Runspace.SessionStateProxy.InvokeProvider.Item;
            foreach (var name in RunspaceSharedCode.GlobalFunctions(worker.Runspace))
            {
                if (!worker.InitialFunctions!.Contains(name) && !worker.DefinedFunctions.Contains(name))
                {
                    items.Remove(@"function:\" + WildcardPattern.Escape(name), false);
                }
            }
        }

        /// <summary>Defines the node's <c>run</c> text as a global function in this runspace, once.</summary>
        private static void DefineFunction(RunspaceStock.Worker worker, string name, string text)
        {
            if (worker.DefinedFunctions.Contains(name))
            {
                return;
            }

            using var powerShell = PowerShell.Create();
            powerShell.Runspace = worker.Runspace;

            // ScriptBlock.Create keeps positions relative to the node's own text, so errors still map into the YAML.
            powerShell.AddScript("param($text) ${function:" + name + "} = [scriptblock]::Create($text)", useLocalScope: false).AddArgument(text);
            powerShell.Invoke();
            worker.DefinedFunctions.Add(name);
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
