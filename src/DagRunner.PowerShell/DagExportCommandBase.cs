using System;
using System.IO;
using System.Linq;
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
    /// What the cmdlets that export a whole run take, and how they read it: a piped run result, or the workflow's
    /// checkpoint (<c>-FromCheckpoint</c>, <c>-CheckpointPath</c>), with each node's <c>-LogDirectory</c> file, written
    /// to the pipeline or <c>-OutFile</c>.
    /// </summary>
    public abstract class DagExportCommandBase : DagCommandBase
    {
        protected const string ResultSet = "Result";
        protected const string CheckpointSet = "Checkpoint";

        /// <summary>The most of a node's log file that goes into the export: its end, where a failure is. <value>256 Ki characters.</value></summary>
        private protected virtual int MaxLogChars => 256 * 1024;

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

        /// <summary>The -LogDirectory of the run: each node's log file goes into the export.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LogDirectory { get; set; }

        /// <summary>Write the text to this file (UTF-8) instead of the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile, return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The run to export, or null after writing why it cannot be read.</summary>
        private protected ExportedRun? ReadRun()
        {
            var logOf = LogReader();
            if (ParameterSetName == ResultSet)
            {
                var workflow = WorkflowOf(Result!);
                return new ExportedRun(ResultReport.FromResult(Result!, workflow, logOf), workflow, Result, state: workflow == null ? null : StateFolder.Of(workflow, null));
            }

            return ReadCheckpoint(logOf);
        }

        /// <summary>Writes <paramref name="text"/> to the pipeline or <c>-OutFile</c>.</summary>
        private protected void Write(string text, string what) => ExportTarget.Write(this, text, OutFile, PassThru, what);

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

        /// <summary>Reads each node's -LogDirectory file; a file that cannot be read is a warning, and the export goes on without it.</summary>
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

        /// <summary>
        /// True when a workflow given alone (<c>-Path</c>, <c>-Definition</c>) means its last run, as if -FromCheckpoint
        /// were given: a page of the last run is what a report is for. False where a file of results must say which (Export-DagResult).
        /// </summary>
        private protected virtual bool WorkflowMeansItsLastRun => false;

        private ExportedRun? ReadCheckpoint(Func<string, string?>? logOf)
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
                if (!FromCheckpoint && checkpointPath == null && !WorkflowMeansItsLastRun)
                {
                    var verb = MyInvocation.MyCommand.Name;
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"Say which run to export: pipe a run result (Invoke-Dag ... | {verb}), or add -FromCheckpoint to export the workflow's checkpoint."),
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
                var checkpoint = state.ReadCheckpoint();
                return new ExportedRun(ResultReport.FromCheckpoint(checkpoint, workflow, logOf), workflow, null, workflow == null ? null : state);
            }
            catch (CheckpointException ex)
            {
                WriteError(CheckpointErrors.ToErrorRecord(ex));
                return null;
            }
        }

        /// <summary>A run read for export: the report, and what else is known about it.</summary>
        private protected sealed class ExportedRun
        {
            public ExportedRun(ResultReport report, WorkflowDefinition? workflow, DagRunResult? result, StateFolder? state)
            {
                Report = report;
                Workflow = workflow;
                Result = result;
                State = state;
            }

            public ResultReport Report { get; }

            /// <summary>The run's workflow, when it could be read (again); null for a checkpoint alone or an inline -Definition's result.</summary>
            public WorkflowDefinition? Workflow { get; }

            /// <summary>Null when read from a checkpoint.</summary>
            public DagRunResult? Result { get; }

            /// <summary>The workflow's state folder (its run history), when the workflow is known.</summary>
            public StateFolder? State { get; }

            /// <summary>The nodes the run had that the workflow still has: planning them plans what the run planned.</summary>
            public string[] NodeNames(WorkflowDefinition workflow)
            {
                var ids = new System.Collections.Generic.HashSet<string>(workflow.Nodes.Select(n => n.Id), StringComparer.OrdinalIgnoreCase);
                return Report.Nodes.Select(n => n.Name).Where(ids.Contains).ToArray();
            }
        }
    }
}
