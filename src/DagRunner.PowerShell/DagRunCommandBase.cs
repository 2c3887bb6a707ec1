using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Scheduling;
using DagRunner.Engine.Secrets;
using DagRunner.Engine.State;
using DagRunner.Engine.Validation;
using DagRunner.PowerShell.Hosting;

namespace DagRunner.PowerShell
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

        /// <summary>Prefixed: node lines tagged [node] as they come. Live: the same, with a region of running nodes redrawn under them (the default in a console that takes VT sequences, output not redirected; else Prefixed). Grouped: each node's lines together when it ends. Silent: only the result. Json: one JSON object per event, for tools.</summary>
        [Parameter]
        public OutputMode OutputMode { get; set; } = OutputMode.Prefixed;

        /// <summary>Nodes that share an environment variable cannot meet in a run of one node at a time.</summary>
        private protected override bool Applies(Diagnostic diagnostic)
            => diagnostic.Id != DiagnosticIds.SharedEnvironmentVariable
               || !(Mode == ExecutionMode.Sequential || Parallelism?.Resolve() == 1);

        /// <summary>Writes one log file per node (every stream, timestamped) and the run's summary into this folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LogDirectory { get; set; }

        /// <summary>For CI jobs: a run that does not succeed (or cannot start) ends the process with exit code 1 after its summary; no progress bar, no colours; on GitHub Actions and Azure Pipelines, annotations (and GitHub's job summary).</summary>
        [Parameter]
        public SwitchParameter CI { get; set; }

        private CiRunOutput? ciOutput;

        /// <summary>Whether this run draws the live view (asked for, or the default, and the console can show it).</summary>
        private bool live;

        internal override IRunOutput CreateOutput()
        {
            bool asked = MyInvocation.BoundParameters.ContainsKey(nameof(OutputMode)) ? OutputMode == OutputMode.Live : !CI;
            live = asked && !CI && LiveRunOutput.IsAvailable(this);
            var lineMode = OutputMode == OutputMode.Live ? OutputMode.Prefixed : OutputMode;
            IRunOutput output = OutputMode == OutputMode.Json ? new JsonRunOutput(this)
                : live ? new LiveRunOutput(this, new HostRunOutput(this, OutputMode.Prefixed), () => executorStart.Clock.GetLocalNow().DateTime)
                : new HostRunOutput(this, lineMode);
            return CI ? ciOutput = new CiRunOutput(output, this, CiSystem.Detect(Environment.GetEnvironmentVariable), OutputMode) : output;
        }

        protected override void BeginProcessing()
        {
            if (CI)
            {
                PlainTextRendering.Apply(this);
            }
        }

        /// <summary>
        /// -CI: after every workflow given has been run and reported, ends the process with 1 if any failed. Here, not
        /// right after the run: the run's using blocks have released the lock and closed the log files by now.
        /// </summary>
        protected override void EndProcessing()
        {
            if (ciOutput != null && ciOutput.Failed)
            {
                Environment.Exit(CiExitCode);
            }
        }

        /// <summary>The exit code -CI gives a failed, cancelled or refused run (Pester's -CI, and pwsh after an error, use 1 too).</summary>
        internal const int CiExitCode = 1;

        protected override void StopProcessing() => stop.Cancel();

        public void Dispose() => stop.Dispose();

        /// <summary>Wait this long for another run of the same workflow state to end; default 0: fail at once, naming that run.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan LockTimeout { get; set; } = TimeSpan.Zero;

        /// <summary>Resume-Dag -Rerun: nodes to run again although they succeeded.</summary>
        private protected virtual IReadOnlyCollection<string>? RerunNodes => null;

        private readonly RunExecutorStart executorStart = new RunExecutorStart();

        /// <summary>
        /// The warm start's first runspace, and the run's clock, begun before the workflow is read (<see cref="RunExecutorStart"/>).
        /// <see cref="Run"/> opens the rest once it knows how many. Every call is paired with <see cref="EndWarmStart"/>.
        /// </summary>
        protected void BeginWarmStart()
        {
            if (!IsWhatIf())
            {
                executorStart.Begin(ExecutorOptions());
            }
        }

        /// <summary>Closes (or, as after any run, keeps for the session) the warm start's runspace when no run took it: the workflow was invalid.</summary>
        protected void EndWarmStart() => executorStart.Abandon();

        /// <summary>Runs the loaded workflow: a new run, or (with <paramref name="resume"/>) the checkpoint's run continued.</summary>
        protected void Run(WorkflowDefinition workflow, bool resume, bool checkpoint)
        {
            // Warm start: a valid workflow will run, so the first nodes' runspaces open on other threads while the run
            // is checked, locked and planned (Invoke-Dag began the first before reading the workflow: BeginWarmStart); if
            // it never starts, disposing the executor keeps them for the session's next run, as any run's idle ones, or
            // closes them. Not for -WhatIf (nothing runs) nor for a resume (which nodes run first is only known once the
            // checkpoint is read).
            using var executor = executorStart.Take(ExecutorOptions, out int opening);
            if (!resume && !IsWhatIf())
            {
                executor.Warm(WarmStart.RunspacesFor(workflow, Mode, Parallelism, Environment.ProcessorCount) - opening);
            }

            // Secrets first: one that cannot be found stops the run before anything starts or is written.
            var secrets = ResolveSecrets(workflow);
            if (secrets == null)
            {
                return;
            }

            ciOutput?.Mask(new SecretMasker(secrets.Values));

            var state = StateFolder.Of(workflow, CheckpointPath != null ? GetUnresolvedProviderPathFromPSPath(CheckpointPath) : null);
            bool keepsState = checkpoint || resume;

            // -WhatIf only reads: it never takes the run lock, so it never waits for (or blocks) a run.
            var access = new RunStateAccess(this, Output, state, resume);
            using var session = keepsState && !IsWhatIf() ? access.OpenSession(LockTimeout, stop.Token) : null;
            if (keepsState && !IsWhatIf() && session == null)
            {
                return;
            }

            var options = RunOptions();
            options.Secrets = secrets;
            options.Clock = executorStart.Clock;
            if (session != null)
            {
                session.Configure(options);
            }
            else if (!access.ReadWithoutLock(keepsState, options))
            {
                return;
            }

            using var pump = new EventPump();
            var runner = CreateRunner(workflow, executor, pump, options);
            if (runner == null)
            {
                return;
            }

            session?.Describe(runner.RunId);
            foreach (var (name, meant) in UnreadParameters.Find(workflow, options.Parameters))
            {
                Output.Warning(UnreadParameters.Describe(name, meant, workflow.Name), ErrorIds.ParameterUnread);
            }
            if (runner.Resume != null && runner.Resume.NothingToResume)
            {
                // Still a result: every node restored, nothing run, the checkpoint left as it was.
                var previous = runner.Resume.Checkpoint;
                Output.Warning($"Nothing to resume: run {previous.RunId} of '{previous.WorkflowName}' succeeded (session {previous.Session}) and no node, input or variable changed since; every node is restored and none runs. To run it again, use Invoke-Dag (a new run), or Resume-Dag -Rerun <node> to run chosen nodes and their downstream again.", ErrorIds.NothingToResume);
            }

            var mode = runner.Mode;
            var plan = runner.Resume != null ? ResumeText.Format(runner.Resume, state.CheckpointPath) : PlanText.Format(runner.Plan, runner.Parallelism, mode);
            var verb = runner.Resume != null ? "Resume" : "Run";
            if (!ShouldProcess(plan, $"{verb} workflow '{workflow.Name}' ({runner.Plan.NodeCount} nodes)?", MyInvocation.MyCommand.Name))
            {
                return;
            }

            try
            {
                var noChange = session != null ? NoChangeRecording.FromEnvironment() : null;
                noChange?.Forget();
                using var logFiles = RunLogFiles.For(this, Output, LogDirectory, OutputMode, state.LogFolder(runner.RunId), new RunReportFile(workflow, runner.Plan));
                var runHost = new RunHost(this, Output, showProgress: OutputMode != OutputMode.Json && !CI && !live, logFiles);
                var result = runHost.Run(runner, pump, stop);
                if (runner.SnapshotFailure != null && !Stopping)
                {
                    Output.Warning(access.NotCompacted(runner.SnapshotFailure), ErrorIds.CheckpointNotCompacted);
                }

                foreach (var warning in session?.Save() ?? Array.Empty<string>())
                {
                    if (!Stopping)
                    {
                        Output.Warning(warning);
                    }
                }

                if (noChange != null && !Stopping)
                {
                    // After Save: the record holds the state files as the next run will read them.
                    Output.Note(noChange.Record(runner, result, session!), NoChangeRecording.NoteId);
                }

                Output.Finished(result, runner.Plan);

                // SIGTERM ends the process here: let the lock go properly first, so the next run has nothing to take over.
                session?.Dispose();
                runHost.ExitIfTerminated();
            }
            catch (SharedCodeException ex)
            {
                // modules: or setup: failed before any node started; nothing was recorded.
                Output.Error(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidOperation, workflow.SourcePath));
            }
            catch (CheckpointWriteException ex)
            {
                Output.Error(access.StoppedRun(ex));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Output.Error(access.NotWritable(state.CheckpointPath, ex));
            }
        }

        private bool IsWhatIf()
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
                ? bound is SwitchParameter s && s.IsPresent
                : SessionState.PSVariable.GetValue("WhatIfPreference") is bool preference && preference
                  || SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter p && p.IsPresent;

        /// <summary>The value of each declared secret; null after writing one error per secret that has none (DAG0042-DAG0044).</summary>
        private IReadOnlyDictionary<string, string>? ResolveSecrets(WorkflowDefinition workflow)
        {
            if (workflow.Secrets.Count == 0 && (Secrets == null || Secrets.Count == 0))
            {
                return new Dictionary<string, string>();
            }

            var vault = workflow.Secrets.Any(x => x.Source == SecretSource.Vault) ? VaultReader.Detect(this) : null;
            var resolution = SecretResolver.Resolve(workflow, ParameterValues(Secrets), Environment.GetEnvironmentVariable, vault, requireValues: !IsWhatIf());
            return Output.Report(resolution.Problems) ? resolution.Values : null;
        }

        private WorkflowRunner? CreateRunner(WorkflowDefinition workflow, INodeExecutor executor, EventPump pump, RunOptions options)
        {
            try
            {
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

        private RunOptions RunOptions() => new RunOptions
        {
            Parallelism = Parallelism,
            Mode = Mode,
            Nodes = Node,
            Parameters = ParameterValues(Parameters),
            FailFast = FailFast,
            Force = Force,
            Rerun = RerunNodes,
        };

        private RunspaceExecutorOptions ExecutorOptions() => CallerPreferences.ExecutorOptions(this);

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
