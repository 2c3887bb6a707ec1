using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using DagRunner.Commands.Hosting;
using DagRunner.Definition;
using DagRunner.Execution;
using DagRunner.Execution.Runspaces;
using DagRunner.Planning;
using DagRunner.Results;

namespace DagRunner.Commands
{
    /// <summary>
    /// <para type="synopsis">Validates, plans and runs a workflow, nodes in parallel as soon as their needs allow.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "Dag", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DagRunResult))]
    public sealed class InvokeDagCommand : DagCommandBase, IDisposable
    {
        private readonly CancellationTokenSource stop = new CancellationTokenSource();

        /// <summary>How many nodes may run at once: a positive integer, or Low, Medium, High, Unlimited.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ParallelismCompleter))]
        public ParallelismSetting? Parallelism { get; set; }

        /// <summary>Sequential, Parallel or Adaptive (currently the same as Parallel).</summary>
        [Parameter]
        public ExecutionMode? Mode { get; set; }

        /// <summary>Run only these nodes and everything they need.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Values that override (or add to) the workflow's variables.</summary>
        [Parameter]
        public Hashtable? Parameters { get; set; }

        /// <summary>After the first node failure, start no new nodes (running ones finish).</summary>
        [Parameter]
        public SwitchParameter FailFast { get; set; }

        protected override void ProcessRecord()
        {
            var workflow = LoadValid()?.Workflow;
            if (workflow == null)
            {
                return;
            }

            using var executor = new RunspaceNodeExecutor(ExecutorOptions(), TimeProvider.System);
            using var pump = new EventPump();
            WorkflowRunner runner;
            try
            {
                runner = new WorkflowRunner(workflow, RunOptions(), executor, pump);
            }
            catch (UnknownNodeException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NodeNotFound, ErrorCategory.ObjectNotFound, ex.NodeName));
                return;
            }

            var plan = PlanText.Format(runner.Plan, runner.Parallelism, Mode ?? workflow.Mode ?? ExecutionMode.Parallel);
            if (!ShouldProcess(plan, $"Run workflow '{workflow.Name}' ({runner.Plan.NodeCount} nodes)?", "Invoke-Dag"))
            {
                return;
            }

            var result = new RunHost(this).Run(runner, pump, stop);
            RunReport.Write(this, result, runner.Plan);
        }

        protected override void StopProcessing() => stop.Cancel();

        public void Dispose() => stop.Dispose();

        private RunOptions RunOptions() => new RunOptions
        {
            Parallelism = Parallelism,
            Mode = Mode,
            Nodes = Node,
            Parameters = ParameterValues(Parameters),
            FailFast = FailFast,
        };

        private RunspaceExecutorOptions ExecutorOptions() => new RunspaceExecutorOptions
        {
            VerbosePreference = Preference("VerbosePreference", "Verbose", ActionPreference.SilentlyContinue),
            DebugPreference = Preference("DebugPreference", "Debug", ActionPreference.SilentlyContinue),
            WarningPreference = Preference("WarningPreference", null, ActionPreference.Continue),
            InformationPreference = Preference("InformationPreference", null, ActionPreference.SilentlyContinue),
        };

        /// <summary>The caller's preference, so <c>-Verbose</c> on Invoke-Dag makes nodes' Write-Verbose visible.</summary>
        private ActionPreference Preference(string variable, string? switchName, ActionPreference fallback)
        {
            if (switchName != null && MyInvocation.BoundParameters.TryGetValue(switchName, out var bound))
            {
                return ((SwitchParameter)bound).IsPresent ? ActionPreference.Continue : ActionPreference.SilentlyContinue;
            }

            var value = SessionState.PSVariable.GetValue(variable);
            return value is ActionPreference preference ? preference : fallback;
        }

        private static IReadOnlyDictionary<string, object?>? ParameterValues(Hashtable? parameters)
        {
            if (parameters == null)
            {
                return null;
            }

            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in parameters)
            {
                values[entry.Key.ToString() ?? string.Empty] = entry.Value is PSObject pso ? pso.BaseObject : entry.Value;
            }

            return values;
        }
    }
}
