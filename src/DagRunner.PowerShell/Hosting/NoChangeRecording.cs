using System;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using DagRunner.Engine.State;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// When a caller names a file in <c>DAGRUNNER_NOCHANGE_RECORD</c> (the MSBuild task does, for its own pwsh), the run
    /// removes that file when it starts and, when it ends and the same command would run nothing, writes there what
    /// that answer rests on (<see cref="NoChangeRecord"/>). Without the variable nothing of this happens.
    /// </summary>
    internal sealed class NoChangeRecording
    {
        /// <summary>The environment variable naming the record's file.</summary>
        public const string PathVariable = "DAGRUNNER_NOCHANGE_RECORD";

        /// <summary>The note's id in JSON output (<c>note</c> events), so tools can tell what it is about.</summary>
        public const string NoteId = "NoChangeRecord";

        private readonly string path;

        private NoChangeRecording(string path) => this.path = path;

        /// <summary>The recording the environment asks for; null when it asks for none.</summary>
        public static NoChangeRecording? FromEnvironment()
        {
            var path = Environment.GetEnvironmentVariable(PathVariable);
            return string.IsNullOrWhiteSpace(path) ? null : new NoChangeRecording(System.IO.Path.GetFullPath(path));
        }

        /// <summary>A run begins: the old record no longer says anything.</summary>
        /// <exception cref="System.IO.IOException">It could not be removed.</exception>
        public void Forget() => NoChangeRecord.Delete(path);

        /// <summary>Writes the record when nothing would run next time; returns what to tell the reader either way.</summary>
        public string Record(WorkflowRunner runner, DagRunResult result, RunSession session)
        {
            try
            {
                var evidence = NoChangeCheck.After(runner, result, runner.Resume != null, session.Folder.CheckpointPath, session.Folder.IncrementalPath, session.Incremental, new[] { session.Folder.Directory, System.IO.Path.GetDirectoryName(path)! }, out var whyNot);
                if (evidence == null)
                {
                    return $"No no-change record: {whyNot}.";
                }

                NoChangeRecord.Write(path, evidence, name => runner.Plan[name]?.Definition, runner.Context.Masker.Apply);
                return $"No-change record written to {path} ({evidence.Facts.Count} facts).";
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is Engine.Checkpoints.CheckpointException)
            {
                // Only a shortcut is lost: the next build starts pwsh and decides again.
                return $"No no-change record: {ex.Message}";
            }
        }
    }
}
