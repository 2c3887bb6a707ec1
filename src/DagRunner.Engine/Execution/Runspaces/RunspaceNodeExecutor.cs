using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Definition;

namespace DagRunner.Execution.Runspaces
{
    /// <summary>
    /// Runs nodes as PowerShell scripts in runspaces that are created on first use and reused. Each node starts
    /// from a reset runspace holding only the run's variables, <c>$Needs</c>, <c>$Dag</c> and
    /// <c>$ErrorActionPreference = 'Stop'</c>, in the workflow file's folder.
    /// </summary>
    public sealed class RunspaceNodeExecutor : INodeExecutor
    {
        private readonly RunspaceExecutorOptions options;
        private readonly RunspaceStock stock;
        private readonly Func<DateTime> now;

        public RunspaceNodeExecutor(RunspaceExecutorOptions? options = null, TimeProvider? clock = null)
        {
            this.options = options ?? new RunspaceExecutorOptions();
            stock = new RunspaceStock(this.options.SessionState);
            var time = clock ?? TimeProvider.System;
            now = () => time.GetLocalNow().DateTime;
        }

        /// <summary>How many runspaces this executor has created so far.</summary>
        public int RunspacesCreated => stock.Created;

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
                worker = await Task.Run(stock.Rent).ConfigureAwait(false);
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

        public void Dispose() => stock.Dispose();

        private async Task<NodeExecution> RunAsync(RunspaceStock.Worker worker, NodeExecutionRequest request, CancellationToken cancellationToken)
        {
            var node = request.Node;
            try
            {
                PrepareState(worker, request);
            }
            catch (Exception ex)
            {
                return NodeExecution.Failed(new ErrorRecord(ex, "NodeStateSetupFailed", ErrorCategory.InvalidOperation, node.Id), worker.Id);
            }

            var invocation = new NodeInvocation(worker, node.Id, request.Events, now);
            var grace = options.StopGracePeriod;
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

            var body = await invocation.InvokeAsync(ps => AddBody(ps, node, request.Part), forwardOutput: true, grace, cancellationToken).ConfigureAwait(false);
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

        private static void AddBody(PowerShell powerShell, NodeDefinition node, NodeScriptPart part)
        {
            if (part == NodeScriptPart.Fallback && node.Fallback != null)
            {
                powerShell.AddScript(node.Fallback.Text, useLocalScope: true);
                return;
            }

            if (node.Run != null)
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

        /// <summary>Resets the runspace and gives it this node's variables, so nothing leaks from the node before.</summary>
        private void PrepareState(RunspaceStock.Worker worker, NodeExecutionRequest request)
        {
            var runspace = worker.Runspace;
            if (worker.Used)
            {
                runspace.ResetRunspaceState();
            }

            var state = runspace.SessionStateProxy;
            var run = request.Run;
            var variables = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var variable in run.Variables)
            {
                var value = VariableValues.Copy(variable.Value);
                variables[variable.Key] = value;
                state.SetVariable(variable.Key, value);
            }

            var needs = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var need in request.Needs)
            {
                needs[need.Key] = need.Value;
            }

            var workflow = run.Workflow;
            state.SetVariable("Needs", needs);
            var dag = new DagContext(workflow.Name, run.RunId, variables, workflow.SourcePath, workflow.BaseDirectory, request.Node.Id, request.Attempt, request.Part == NodeScriptPart.Fallback, request.LastError);
            state.SetVariable("Dag", dag);
            state.SetVariable("ErrorActionPreference", ActionPreference.Stop);
            state.SetVariable("VerbosePreference", options.VerbosePreference);
            state.SetVariable("DebugPreference", options.DebugPreference);
            state.SetVariable("WarningPreference", options.WarningPreference);
            state.SetVariable("InformationPreference", options.InformationPreference);
            if (!string.IsNullOrEmpty(workflow.BaseDirectory))
            {
                state.Path.SetLocation(WildcardPattern.Escape(workflow.BaseDirectory));
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
