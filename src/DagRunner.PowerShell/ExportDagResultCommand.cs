using System;
using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Export;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Results;
using DagRunner.Engine.State;
using DagRunner.PowerShell.Hosting;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Writes a run's results for CI: JUnit XML (one test case per node) or a JSON document.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DagResult", DefaultParameterSetName = ResultSet, SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDagResultCommand : DagCommandBase
    {
        private const string ResultSet = "Result";
        private const string CheckpointSet = "Checkpoint";

        /// <summary>The run: what Invoke-Dag or Resume-Dag returned.</summary>
        /// <remarks>Pipeline input only in its own set, as in Export-DagGraph: in the -Path set a piped result would bind to -Path.</remarks>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ResultSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public DagRunResult? Result { get; set; }

        /// <summary>Export the workflow's checkpoint: the last run, or the one still going.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        public SwitchParameter FromCheckpoint { get; set; }

        /// <summary>The checkpoint to export (implies -FromCheckpoint); default <c>.dagrunner/&lt;name&gt;.checkpoint.json</c> beside the workflow.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = DefinitionSet)]
        [Parameter(Mandatory = true, ParameterSetName = CheckpointSet)]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        /// <summary>The -LogDirectory of the run: each node's log file goes into its test case (JUnit) or its <c>log</c> (Json).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LogDirectory { get; set; }

        /// <summary>JUnit (default) or Json.</summary>
        [Parameter]
        public ResultFormat Format { get; set; } = ResultFormat.JUnit;

        /// <summary>Write the text to this file (UTF-8) instead of the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile, return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The most of a node's log file that goes into the report: its end, where a failure is. <value>256 Ki characters.</value></summary>
        private const int MaxLogChars = 256 * 1024;

        protected override void ProcessRecord()
        {
            var logOf = LogReader();
            var report = ParameterSetName == ResultSet ? ResultReport.FromResult(Result!, WorkflowOf(Result!), logOf) : ReadCheckpoint(logOf);
            if (report == null)
            {
                return;
            }

            var text = Format == ResultFormat.Json ? ResultJson.Build(report) : JUnitReport.Build(report, Environment.MachineName);
            var source = report.IsFromCheckpoint ? "checkpoint of run" : "results of run";
            ExportTarget.Write(this, text, OutFile, PassThru, $"the {Format} {source} {report.RunId} of '{report.Workflow}'");
        }

        /// <summary>
        /// The result's workflow read again, to place each failure at its statement and name each node's host. Only
        /// a help: a result of an inline -Definition, or of a file that moved or no longer loads, still exports, its
        /// failures placed at their node.
        /// </summary>
        private static WorkflowDefinition? WorkflowOf(DagRunResult result)
        {
            var file = ResultWorkflow.FileOf(result);
            if (file == null || !File.Exists(file))
            {
                return null;
            }

            var loaded = WorkflowLoader.LoadFile(file);
            return loaded.Workflow != null && ResultWorkflow.SameName(loaded.Workflow, result) ? loaded.Workflow : null;
        }

        /// <summary>Reads each node's -LogDirectory file; a file that cannot be read is a warning, and the report goes on without it.</summary>
        private Func<string, string?>? LogReader()
        {
            if (LogDirectory == null)
            {
                return null;
            }

            var folder = GetUnresolvedProviderPathFromPSPath(LogDirectory);
            if (!Directory.Exists(folder))
            {
                WriteError(new ErrorRecord(
                    new DirectoryNotFoundException($"The log folder '{folder}' does not exist. Give the -LogDirectory the run wrote its node logs to."),
                    ErrorIds.LogDirectoryNotFound, ErrorCategory.ObjectNotFound, folder));
                return null;
            }

            return node =>
            {
                try
                {
                    return RunLogFiles.ReadTail(folder, node, MaxLogChars);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteWarning($"The log of node '{node}' could not be read: {ex.Message}");
                    return null;
                }
            };
        }

        private ResultReport? ReadCheckpoint(Func<string, string?>? logOf)
        {
            var checkpointPath = CheckpointPath != null ? GetUnresolvedProviderPathFromPSPath(CheckpointPath) : null;
            WorkflowDefinition? workflow = null;
            StateFolder state;
            if (ParameterSetName == CheckpointSet)
            {
                state = StateFolder.AtCheckpoint(checkpointPath!);
            }
            else
            {
                if (!FromCheckpoint && checkpointPath == null)
                {
                    WriteError(new ErrorRecord(
                        new PSArgumentException("Say which run to export: pipe a run result (Invoke-Dag ... | Export-DagResult), or add -FromCheckpoint to export the workflow's checkpoint."),
                        ErrorIds.ResultSourceMissing, ErrorCategory.InvalidArgument, null));
                    return null;
                }

                workflow = LoadValid()?.Workflow;
                if (workflow == null)
                {
                    return null;
                }

                state = StateFolder.Of(workflow, checkpointPath);
            }

            try
            {
                // Never takes the run lock: a run going on exports as Running, one whose process died as Interrupted.
                // The state folder of a workflow refuses another workflow's checkpoint (CheckpointForeignWorkflow).
                return ResultReport.FromCheckpoint(state.ReadCheckpoint(), workflow, logOf);
            }
            catch (CheckpointException ex)
            {
                WriteError(CheckpointErrors.ToErrorRecord(ex));
                return null;
            }
        }
    }
}
