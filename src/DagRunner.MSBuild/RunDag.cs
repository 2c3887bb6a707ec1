using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using DagRunner.MSBuild.Launching;
using DagRunner.MSBuild.Protocol;
using DagRunner.MSBuild.UpToDate;
using DagRunner.MSBuild.WarmPwsh;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DagRunner.MSBuild
{
    /// <summary>
    /// <c>&lt;RunDag Path="build.dag.yaml" /&gt;</c>: runs a DagRunner workflow in a pwsh child process and logs it.
    /// </summary>
    /// <remarks>
    /// A ToolTask, not PowerShell hosted in MSBuild's process: hosting it there loads binary modules without their
    /// cmdlets. pwsh runs <c>tools/RunDag.ps1</c> from the package, which imports the module shipped beside it and
    /// prints one JSON event per line (<c>Invoke-Dag -OutputMode Json</c>); <see cref="EventLogger"/> turns those
    /// lines into the build log. Every user value reaches the script as a separate <c>-File</c> argument, never as
    /// PowerShell code. Ctrl+C in the build sends Ctrl+C (SIGINT) to pwsh, which records the stopped nodes as
    /// Cancelled in the checkpoint, so <c>Resume="true"</c> continues the run later.
    /// </remarks>
    public sealed partial class RunDag : ToolTask
    {
        private readonly ManualResetEventSlim toolFinished = new ManualResetEventSlim(false);
        private volatile EventLogger? events;
        private PwshCommand? pwsh;
        private ParameterList? parameters;
        private string workflowPath = string.Empty;
        private string modulePath = string.Empty;
        private string scriptPath = string.Empty;
        private volatile bool cancelled;
        private volatile bool interrupted;
        private bool? prepared;
        private NoChangeShortcut? shortcut;
        private volatile WarmPwshBuild? warm;

        protected override string ToolName => "pwsh";

        protected override Encoding StandardOutputEncoding => new UTF8Encoding(false);

        protected override Encoding StandardErrorEncoding => new UTF8Encoding(false);

        // The two streams get different importances so LogEventsFromTextOutput can tell them apart.
        protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;

        protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

        public override bool Execute()
        {
            var logger = new EventLogger(Log, string.IsNullOrEmpty(Path) ? Path : FullPath(Path));
            events = logger;
            var succeeded = false;
            try
            {
                if (Prepare() && UpToDate(logger))
                {
                    NodeResults = logger.NodeResults;
                    Status = "Succeeded";
                    return true;
                }

                succeeded = base.Execute();
            }
            finally
            {
                logger.Complete();
                NodeResults = logger.NodeResults;
                RunId = logger.RunId ?? string.Empty;
            }

            var failed = !succeeded || cancelled || logger.SawFailure || (logger.RunStarted && logger.RunStatus != "Succeeded");
            Status = logger.RunStatus ?? (cancelled ? "Cancelled" : failed ? "Failed" : "Succeeded");
            if (failed && !Log.HasLoggedErrors)
            {
                // MSBuild must never see false without an error (MSB4181).
                LogRunFailure();
            }

            return !failed;
        }

        /// <summary>Checked once, in <see cref="Execute"/> before the no-change shortcut; ToolTask asks again before starting pwsh.</summary>
        protected override bool ValidateParameters() => prepared ?? Prepare();

        /// <summary>
        /// Nothing changed since a run left a no-change record for this very command: replay its node events (each
        /// node UpToDate, or Resumed) and start no pwsh. Otherwise says why at low importance and lets pwsh run.
        /// </summary>
        private bool UpToDate(EventLogger logger)
        {
            var started = Stopwatch.StartNew();
            shortcut = NoChangeShortcut.For(workflowPath, new[] { GenerateFullPathToTool() }.Concat(BuildCommandLine().Arguments));
            var replay = shortcut.Check(out var whyNot, out var runId, out var factCount);
            if (replay == null)
            {
                Log.LogMessage(MessageImportance.Low, $"DagRunner: starting pwsh for workflow '{Path}': {whyNot}.");
                return false;
            }

            foreach (var line in replay)
            {
                logger.Handle(line, fromStandardError: false);
            }

            Log.LogMessage(
                MessageImportance.Normal,
                $"DagRunner: workflow '{Path}' is up to date: nothing it depends on changed since run {runId} ({replay.Count} nodes, {factCount} files and folders checked in {started.ElapsedMilliseconds} ms); pwsh not started.");
            return true;
        }

        private bool Prepare()
        {
            prepared = PrepareOnce();
            return prepared.Value;
        }

        private bool PrepareOnce()
        {
            if (!base.ValidateParameters())
            {
                return false;
            }

            var projectDirectory = ProjectDirectory();
            var problem = TaskValues.ProblemWith(Path, Parallelism, Mode, Nodes);
            if (problem != null)
            {
                return Fail(Codes.BadParameter, problem);
            }

            if (!string.IsNullOrWhiteSpace(WarmPwsh) && WarmPwshSettings.Parse(WarmPwsh) == null)
            {
                return Fail(Codes.BadParameter, $"WarmPwsh '{WarmPwsh}' is not valid: use true or false.");
            }

            workflowPath = FullPath(Path);
            parameters = ParameterList.Parse(Parameters, out problem);
            if (parameters == null)
            {
                return Fail(Codes.BadParameter, problem!);
            }

            (scriptPath, modulePath) = TaskValues.PackageFiles(ScriptPath, ModulePath, FullPath);
            if (!File.Exists(scriptPath))
            {
                return Fail(Codes.PackageIncomplete, $"The runner script '{scriptPath}' is missing. Restore the DagRunner.MSBuild package again, or set ScriptPath.");
            }

            if (!File.Exists(modulePath))
            {
                return Fail(Codes.PackageIncomplete, $"The DagRunner module '{modulePath}' is missing. Restore the DagRunner.MSBuild package again, or set ModulePath.");
            }

            pwsh = new PwshLocator(Environment.GetEnvironmentVariable, RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                .Locate(PwshPath, projectDirectory, out var notFound);
            if (pwsh == null)
            {
                return Fail(Codes.PwshNotFound, notFound!);
            }

            Log.LogMessage(MessageImportance.Low, $"DagRunner: running pwsh as '{pwsh}' (from {pwsh.Source}).");
            return true;
        }

        protected override string GenerateFullPathToTool() => pwsh?.FileName ?? ToolName;

        protected override string GenerateCommandLineCommands() => BuildCommandLine().ToString();

        /// <summary>The child's arguments, in order; every user value is one argument of its own.</summary>
        internal CommandLine BuildCommandLine()
        {
            var line = new CommandLine();
            foreach (var prefix in pwsh?.Prefix ?? Array.Empty<string>())
            {
                line.Add(prefix);
            }

            line.Add("-NoLogo").Add("-NoProfile").Add("-NonInteractive").Add("-ExecutionPolicy").Add("Bypass")
                .Add("-File").Add(scriptPath);
            foreach (var parameter in RunnerParameters())
            {
                if (parameter.Value is string value)
                {
                    line.Add("-" + parameter.Key, value);
                }
                else
                {
                    line.Add("-" + parameter.Key);
                }
            }

            return line;
        }

        /// <summary>RunDag.ps1's parameters: a string value, or true for a switch. The child's command line and a warm pwsh's request both come from here.</summary>
        internal List<KeyValuePair<string, object>> RunnerParameters()
        {
            var list = new List<KeyValuePair<string, object>>();
            void Add(string name, object? value)
            {
                if (value != null)
                {
                    list.Add(new KeyValuePair<string, object>(name, value));
                }
            }

            Add("ModulePath", modulePath);
            Add("Path", workflowPath);
            Add("Resume", Resume ? true : null);
            Add("FailFast", FailFast ? true : null);
            Add("Parallelism", string.IsNullOrEmpty(Parallelism) ? null : Parallelism!.Trim());
            Add("Mode", string.IsNullOrEmpty(Mode) ? null : Mode!.Trim());
            Add("Node", Nodes == null || Nodes.Length == 0 ? null : string.Join(",", Nodes.Select(n => n.Trim())));
            Add("CheckpointPath", string.IsNullOrEmpty(CheckpointPath) ? null : FullPath(CheckpointPath!));
            Add("LockTimeout", string.IsNullOrEmpty(LockTimeout) ? null : LockTimeout!.Trim());
            Add("ParametersJson", parameters?.ToJson());
            return list;
        }

        /// <summary>pwsh learns where to leave the no-change record for this command (see <see cref="NoChangeShortcut"/>).</summary>
        protected override ProcessStartInfo GetProcessStartInfo(string pathToTool, string commandLineCommands, string responseFileSwitch)
        {
            var info = base.GetProcessStartInfo(pathToTool, commandLineCommands, responseFileSwitch);
            if (shortcut != null)
            {
                info.EnvironmentVariables[NoChangeShortcut.PathVariable] = shortcut.RecordPath;
            }

            return info;
        }

        /// <summary>ToolTask turns every backslash into '/' off Windows; our arguments are already exact.</summary>
        protected override string AdjustCommandsForOperatingSystem(string input) => input;

        /// <summary>The project's folder, so <c>dotnet pwsh</c> finds the same tool manifest the locator found.</summary>
        protected override string GetWorkingDirectory() => ProjectDirectory();

        /// <summary>Low, not ToolTask's High: the line holds every Parameters value, and logs of normal builds get pasted around.</summary>
        protected override void LogToolCommand(string message) => Log.LogCommandLine(MessageImportance.Low, message);

        protected override int ExecuteTool(string pathToTool, string responseFileCommands, string commandLineCommands)
        {
            // SIGTERM to the build (a CI job cancelled) ends MSBuild's process without Cancel(): pwsh would live on as
            // an orphan, holding the run lock and running nodes nobody waits for.
            AppDomain.CurrentDomain.ProcessExit += StopPwshOnExit;
            try
            {
                if (cancelled)
                {
                    // Cancelled while the task got ready: no pwsh to start, no warm one to spend.
                    return -1;
                }

                return RunInWarmPwsh() ?? base.ExecuteTool(pathToTool, responseFileCommands, commandLineCommands);
            }
            finally
            {
                AppDomain.CurrentDomain.ProcessExit -= StopPwshOnExit;
                toolFinished.Set();
                LeaveWarmPwsh();
            }
        }

        /// <summary>The run in the warm pwsh waiting for this kind of build; null when there is none to take (pwsh is then started as usual).</summary>
        private int? RunInWarmPwsh()
        {
            warm = WarmPwshBuild.For(WarmPwsh, pwsh!, scriptPath, modulePath, EnvironmentVariables, out var whyNot);
            if (warm == null)
            {
                Log.LogMessage(MessageImportance.Low, $"DagRunner: {whyNot}.");
                return null;
            }

            var variables = new Dictionary<string, string>();
            if (shortcut != null)
            {
                variables[NoChangeShortcut.PathVariable] = shortcut.RecordPath;
            }

            var exitCode = warm.TryRun(
                ProjectDirectory(),
                variables,
                JsonText.Values(RunnerParameters()),
                () => cancelled,
                processId => Log.LogMessage(MessageImportance.Normal, $"DagRunner: running workflow '{Path}' in warm pwsh {processId} (loaded by an earlier build; WarmPwsh=\"false\" turns this off)."),
                (line, fromError) => LogEventsFromTextOutput(line, fromError ? StandardErrorImportanceToUse : StandardOutputImportanceToUse),
                out whyNot,
                out var lost);
            if (exitCode == null)
            {
                Log.LogMessage(MessageImportance.Low, $"DagRunner: {whyNot}.");
            }
            else if (lost != null)
            {
                Log.LogWarning(null, Codes.PwshError, null, workflowPath, 0, 0, 0, 0, "pwsh: " + lost + ".");
            }

            return exitCode;
        }

        /// <summary>After a run that was not cancelled, start the warm pwsh the next build of this kind takes, unless one is waiting.</summary>
        private void LeaveWarmPwsh()
        {
            if (warm != null && !cancelled)
            {
                Log.LogMessage(MessageImportance.Low, $"DagRunner: {warm.LeaveNext()}.");
            }
        }

        protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
        {
            var fromStandardError = messageImportance == StandardErrorImportanceToUse && messageImportance != StandardOutputImportanceToUse;
            events!.Handle(singleLine, fromStandardError);
        }

        /// <summary>pwsh exited non-zero: make sure an error says why (the events usually already did).</summary>
        protected override bool HandleTaskExecutionErrors()
        {
            if (!HasLoggedErrors)
            {
                LogRunFailure();
            }

            return false;
        }

        private void LogRunFailure()
        {
            var (code, message) = RunFailureText.Of(Path, ExitCode, cancelled, interrupted, events!.RunStarted, events.RunStatus);
            events.LogRunError(code, message);
        }

        private bool Fail(string code, string message)
        {
            // At the <RunDag> element in the project, so an IDE jumps to the attribute to fix.
            Log.LogError(null, code, null, BuildEngine?.ProjectFileOfTaskNode, BuildEngine?.LineNumberOfTaskNode ?? 0, BuildEngine?.ColumnNumberOfTaskNode ?? 0, 0, 0, message);
            return false;
        }

        private string ProjectDirectory()
        {
            var project = BuildEngine?.ProjectFileOfTaskNode;
            var directory = string.IsNullOrEmpty(project) ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(project));
            return string.IsNullOrEmpty(directory) ? Directory.GetCurrentDirectory() : directory!;
        }

        private string FullPath(string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectDirectory(), path));
    }
}
