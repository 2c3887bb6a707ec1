using System;
using System.Collections;
using System.Management.Automation;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Runspaces
{
    /// <summary>
    /// What a runspace holds when a node starts there: the run's variables and preferences (set once per runspace),
    /// the node's own <c>$Needs</c>, <c>$Item</c> and <c>$Dag</c>, the workflow's folder, and, after a node that
    /// wrote global state, a reset that leaves only what the runspace and the workflow's setup defined.
    /// </summary>
    internal sealed class RunspaceState
    {
        private readonly RunspaceExecutorOptions options;

        public RunspaceState(RunspaceExecutorOptions options)
        {
            this.options = options;
        }

        /// <summary>
        /// Gives the runspace this node's state: the run's (<see cref="ForRun"/>), then the node's own. Lists and
        /// mappings among the run's variables are copied for every node, since a node can change them in place;
        /// <c>$Needs</c> and <c>$Dag</c> are the node's own.
        /// </summary>
        public void ForNode(RunspaceStock.Worker worker, NodeExecutionRequest request)
        {
            var run = request.Run;
            ForRun(worker, run);
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
        public void ForRun(RunspaceStock.Worker worker, RunContext run)
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

            // A node that changed folder (Set-Location) must not move the next one. The location's PowerShell path, not
            // its ProviderPath: resolving that validates the drive, which on Linux reads /proc/self/mountinfo (an
            // eighth of the process's CPU in a run of no-op nodes). The same text means the same place; any other
            // text (another drive, a PSDrive) just sets the location again.
            var folder = run.Workflow.BaseDirectory;
            if (!string.IsNullOrEmpty(folder) && !string.Equals(state.Path.CurrentFileSystemLocation.Path, folder, StringComparison.Ordinal))
            {
                state.Path.SetLocation(WildcardPattern.Escape(folder));
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

        /// <summary>
        /// How many node functions a runspace holds at most; defining one more removes the oldest. Each holds its
        /// script's syntax tree and compiled form (about 8 KB for a one-line script, measured), so without a bound a
        /// runspace that ran 5,000 nodes would hold 40 MB until it closed. <value>256.</value>
        /// </summary>
        internal const int MaxNodeFunctions = 256;

        /// <summary>Defines the node's <c>run</c> text as a global function in this runspace, once (at most <see cref="MaxNodeFunctions"/> kept).</summary>
        public static void DefineFunction(RunspaceStock.Worker worker, string name, string text)
        {
            if (worker.DefinedFunctions.Contains(name))
            {
                return;
            }

            // Literal paths and no pipeline: a pipeline per definition (its text naming the function) was parsed and
            // compiled each time, and a wildcard path is globbed; together they cost more than the function saved for
            // a text run only a few times (docs/benchmarks.md, "Scripts that run twice").
            var items = worker.Runspace.SessionStateProxy.InvokeProvider.Item;
            if (worker.DefinedFunctions.Count >= MaxNodeFunctions)
            {
                var oldest = worker.FunctionsByAge.Dequeue();
                worker.DefinedFunctions.Remove(oldest);
                items.Remove(new[] { @"function:\" + oldest }, recurse: false, force: false, literalPath: true);
            }

            // ScriptBlock.Create keeps positions relative to the node's own text, so errors still map into the YAML.
            items.Set(new[] { @"function:\" + name }, ScriptBlock.Create(text), force: false, literalPath: true);
            worker.DefinedFunctions.Add(name);
            worker.FunctionsByAge.Enqueue(name);
        }
    }
}
