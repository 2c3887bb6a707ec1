using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using DagRunner.Checkpoints;
using DagRunner.Commands.Hosting;
using DagRunner.Definition;
using DagRunner.Execution;
using DagRunner.Execution.Incremental;
using DagRunner.Execution.Runspaces;
using DagRunner.Planning;
using DagRunner.Secrets;

namespace DagRunner.Commands
{
    /// <summary>
    /// What Invoke-Dag and Resume-Dag share: the run parameters, the checkpoint, and one run from plan to
    /// result. Ctrl+C cancels through <see cref="StopProcessing"/>.
    /// </summary>
    public abstract class DagRunCommandBase : DagCommandBase, IDisposable
    {
        private readonly CancellationTokenSource stop = new CancellationTokenSource();

        /// <summary>How many nodes may run at once: a positive integer, or Low, Medium, High, Unlimited.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ParallelismCompleter))]
        public ParallelismSetting? Parallelism { get; set; }

        /// <summary>Adaptive (default): a cap that follows the CPU; Parallel: a fixed cap; Sequential: one at a time, in a fixed order.</summary>
        [Parameter]
        public ExecutionMode? Mode { get; set; }

        /// <summary>Run only these nodes and everything they need.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NodeCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Values that override (or add to) the workflow's variables.</summary>
        [Parameter]
        public Hashtable? Parameters { get; set; }

        /// <summary>Values of the workflow's secrets: string or SecureString, by secret name. Each overrides the secret's own source.</summary>
        [Parameter]
        public Hashtable? Secrets { get; set; }

        /// <summary>After the first node failure, start no new nodes (running ones finish).</summary>
        [Parameter]
        public SwitchParameter FailFast { get; set; }

        /// <summary>Run incremental nodes (inputs:/outputs:) even when nothing they depend on changed.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The checkpoint file; default <c>.dagrunner/&lt;name&gt;.checkpoint.json</c> beside the workflow.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        /// <summary>Prefixed (default): node lines tagged [node] as they come. Grouped: each node's lines together when it ends. Silent: only the result. Json: one JSON object per event, for tools.</summary>
        [Parameter]
        public OutputMode OutputMode { get; set; } = OutputMode.Prefixed;

        /// <summary>Writes one log file per node (every stream, timestamped) and the run's summary into this folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LogDirectory { get; set; }

        internal override IRunOutput CreateOutput() => OutputMode == OutputMode.Json ? new JsonRunOutput(this) : new HostRunOutput(this, OutputMode);

        protected override void StopProcessing() => stop.Cancel();

        public void Dispose() => stop.Dispose();

        /// <summary>Runs the loaded workflow: a new run, or (with <paramref name="resume"/>) the checkpoint's run continued.</summary>
        protected void Run(WorkflowDefinition workflow, bool resume, bool checkpoint)
        {
            // Secrets first: one that cannot be found stops the run before anything starts or is written.
            var secrets = ResolveSecrets(workflow);
            if (secrets == null)
            {
                return;
            }

            var checkpointPath = checkpoint || resume ? ResolveCheckpointPath(workflow) : null;
            CheckpointState? previous = null;
            if (resume && !TryRead(checkpointPath!, out previous))
            {
                return;
            }

            // History lives beside the checkpoint, so -CheckpointPath moves both.
            var historyPath = checkpointPath != null
                ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(checkpointPath) ?? string.Empty, workflow.Name + ".history.json")
                : RunHistory.DefaultPath(workflow);
            var history = RunHistory.Load(historyPath);

            // Incremental nodes' last successes live beside the checkpoint too; without a checkpoint they always run.
            var incrementalPath = checkpointPath != null ? IncrementalState.PathBeside(checkpointPath, workflow) : null;
            var incremental = incrementalPath != null ? IncrementalState.Load(incrementalPath) : null;
            using var executor = new RunspaceNodeExecutor(ExecutorOptions(), TimeProvider.System);
            using var pump = new EventPump();
            var runner = CreateRunner(workflow, executor, pump, checkpointPath, previous, history, incremental, secrets);
            if (runner == null)
            {
                return;
            }

            if (runner.Resume != null && runner.Resume.NothingToResume)
            {
                var state = runner.Resume.Checkpoint;
                Output.Warning($"Nothing to resume: run {state.RunId} of '{state.WorkflowName}' succeeded (session {state.Session}) and no node changed since. Use Invoke-Dag to start a new run.", ErrorIds.NothingToResume);
                return;
            }

            var mode = runner.Mode;
            var plan = runner.Resume != null ? ResumeText.Format(runner.Resume, checkpointPath!) : PlanText.Format(runner.Plan, runner.Parallelism, mode);
            var verb = runner.Resume != null ? "Resume" : "Run";
            if (!ShouldProcess(plan, $"{verb} workflow '{workflow.Name}' ({runner.Plan.NodeCount} nodes)?", MyInvocation.MyCommand.Name))
            {
                return;
            }

            try
            {
                using var logFiles = OpenLogFiles(workflow, runner.RunId);
                var runHost = new RunHost(this, Output, showProgress: OutputMode != OutputMode.Json, logFiles);
                var result = runHost.Run(runner, pump, stop);
                if (checkpointPath != null)
                {
                    SaveHistory(history, historyPath, workflow.Name);
                    SaveIncremental(incremental, incrementalPath);
                }

                Output.Finished(result, runner.Plan);
                runHost.ExitIfTerminated();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                var message = $"The checkpoint '{checkpointPath}' cannot be written: {ex.Message} Use -CheckpointPath to put it elsewhere, or -NoCheckpoint.";
                Output.Error(new ErrorRecord(new IOException(message, ex), ErrorIds.CheckpointWriteFailed, ErrorCategory.WriteError, checkpointPath));
            }
        }

        /// <summary>
        /// Per-node log files: in <c>-LogDirectory</c>, or for Grouped output (whose lines otherwise appear only when a
        /// node ends) in <c>.dagrunner/logs/&lt;run id&gt;/</c> beside the workflow.
        /// </summary>
        private RunLogFiles? OpenLogFiles(WorkflowDefinition workflow, string runId)
        {
            string? folder = LogDirectory != null
                ? GetUnresolvedProviderPathFromPSPath(LogDirectory)
                : OutputMode == OutputMode.Grouped
                    ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(CheckpointPaths.Default(workflow)) ?? ".", "logs", runId)
                    : null;
            if (folder == null)
            {
                return null;
            }

            if (OutputMode == OutputMode.Grouped)
            {
                Host.UI.WriteLine($"Live node output: {folder}");
            }

            return new RunLogFiles(folder);
        }

        /// <summary>Durations for the next run's estimates; losing them only costs estimate quality, so a failure is a warning.</summary>
        private void SaveHistory(RunHistory history, string path, string workflowName)
        {
            try
            {
                history.Save(path, workflowName);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (!Stopping)
                {
                    Output.Warning($"Run history '{path}' was not saved: {ex.Message}");
                }
            }
        }

        private void SaveIncremental(IncrementalState? incremental, string? path)
        {
            try
            {
                if (incremental != null && path != null)
                {
                    incremental.SaveIfChanged(path);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (!Stopping)
                {
                    Output.Warning($"Incremental state '{path}' was not saved (those nodes run again next time): {ex.Message}");
                }
            }
        }

        /// <summary>The value of each declared secret; null after writing one error per secret that has none (DAG0042-DAG0044).</summary>
        private IReadOnlyDictionary<string, string>? ResolveSecrets(WorkflowDefinition workflow)
        {
            if (workflow.Secrets.Count == 0 && (Secrets == null || Secrets.Count == 0))
            {
                return new Dictionary<string, string>();
            }

            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && w is SwitchParameter s && s.IsPresent;
            var vault = workflow.Secrets.Any(x => x.Source == SecretSource.Vault) ? VaultReader.Detect(this) : null;
            var resolution = SecretResolver.Resolve(workflow, ParameterValues(Secrets), Environment.GetEnvironmentVariable, vault, requireValues: !whatIf);
            return Output.Report(resolution.Report) ? resolution.Values : null;
        }

        private WorkflowRunner? CreateRunner(WorkflowDefinition workflow, RunspaceNodeExecutor executor, EventPump pump, string? checkpointPath, CheckpointState? previous, RunHistory history, IncrementalState? incremental, IReadOnlyDictionary<string, string> secrets)
        {
            try
            {
                var options = RunOptions(checkpointPath, previous);
                options.Secrets = secrets;
                options.History = history;
                options.Incremental = incremental;
                return new WorkflowRunner(workflow, options, executor, pump);
            }
            catch (UnknownNodeException ex)
            {
                Output.Error(new ErrorRecord(ex, ErrorIds.NodeNotFound, ErrorCategory.ObjectNotFound, ex.NodeName));
            }
            catch (CheckpointException ex)
            {
                Output.Error(CheckpointErrors.ToErrorRecord(ex));
            }

            return null;
        }

        private bool TryRead(string path, out CheckpointState? state)
        {
            try
            {
                state = CheckpointReader.Read(path);
                return true;
            }
            catch (CheckpointException ex)
            {
                Output.Error(CheckpointErrors.ToErrorRecord(ex));
                state = null;
                return false;
            }
        }

        private string ResolveCheckpointPath(WorkflowDefinition workflow)
            => CheckpointPath != null ? GetUnresolvedProviderPathFromPSPath(CheckpointPath) : CheckpointPaths.Default(workflow);

        private RunOptions RunOptions(string? checkpointPath, CheckpointState? previous) => new RunOptions
        {
            Parallelism = Parallelism,
            Mode = Mode,
            Nodes = Node,
            Parameters = ParameterValues(Parameters),
            FailFast = FailFast,
            Force = Force,
            CheckpointPath = checkpointPath,
            ResumeFrom = previous,
        };

        private RunspaceExecutorOptions ExecutorOptions() => new RunspaceExecutorOptions
        {
            VerbosePreference = Preference("VerbosePreference", "Verbose", ActionPreference.SilentlyContinue),
            DebugPreference = Preference("DebugPreference", "Debug", ActionPreference.SilentlyContinue),
            WarningPreference = Preference("WarningPreference", null, ActionPreference.Continue),
            InformationPreference = Preference("InformationPreference", null, ActionPreference.SilentlyContinue),
        };

        /// <summary>The caller's preference, so <c>-Verbose</c> on the cmdlet makes nodes' Write-Verbose visible.</summary>
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
