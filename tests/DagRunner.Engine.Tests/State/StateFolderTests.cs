using System;
using System.IO;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;
using DagRunner.Engine.State;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.State
{
    /// <summary>One place decides where a workflow's state is; a killed run reads as Interrupted, a live one as Running.</summary>
    public class StateFolderTests : IDisposable
    {
        private readonly CheckpointFiles files = new CheckpointFiles();

        public void Dispose() => files.Dispose();

        [Fact]
        public void EveryStateFile_IsBesideTheCheckpoint_WhereverItIs()
        {
            var moved = StateFolder.Of(Dag("build", new[] { "a" }), "/elsewhere/ci/my.json");

            Assert.Equal("/elsewhere/ci/my.json", moved.CheckpointPath);
            Assert.Equal("/elsewhere/ci/my.json.journal", moved.JournalPath);
            Assert.Equal("/elsewhere/ci/build.history.json", moved.HistoryPath);
            Assert.Equal("/elsewhere/ci/build.incremental.json", moved.IncrementalPath);
            Assert.Equal("/elsewhere/ci/my.json.lock", moved.LockPath);
            Assert.Equal("/elsewhere/ci/logs/r1", moved.LogFolder("r1"));

            var byDefault = StateFolder.Of(Dag("build", new[] { "a" }));
            Assert.Equal(CheckpointPaths.Default(Dag("build", new[] { "a" })), byDefault.CheckpointPath);
            Assert.Equal(Path.Combine(Path.GetDirectoryName(byDefault.CheckpointPath)!, "build.history.json"), byDefault.HistoryPath);
        }

        [Fact]
        public void ARunWhoseProcessDied_ReadsAsInterrupted_WithItsRunningNodesInterrupted()
        {
            WriteUnfinishedRun();

            var state = StateFolder.AtCheckpoint(files.Path).ReadCheckpoint();

            Assert.Equal(DagRunStatus.Interrupted, state.Status);
            Assert.Equal(NodeStatus.Interrupted, state.Nodes["b"]!.Status);
            Assert.Equal(NodeStatus.Succeeded, state.Nodes["a"]!.Status);
        }

        [Fact]
        public void ARunWhoseProcessHoldsTheLock_ReadsAsRunning()
        {
            WriteUnfinishedRun();
            var folder = StateFolder.AtCheckpoint(files.Path);
            using var held = RunLock.Acquire(folder, "Invoke-Dag", TimeSpan.Zero);
            held.Describe("run-1");

            var state = folder.ReadCheckpoint();

            Assert.Equal(DagRunStatus.Running, state.Status);
            Assert.Equal(NodeStatus.Running, state.Nodes["b"]!.Status);
        }

        [Fact]
        public void ALabelLeftByADeadProcess_DoesNotMakeTheRunLookAlive()
        {
            WriteUnfinishedRun();
            var folder = StateFolder.AtCheckpoint(files.Path);
            new LockHolder(RunLockTests.DeadProcessId(), Environment.MachineName, DateTimeOffset.UtcNow, "run-1").Write(folder.LockLabelPath);

            Assert.Equal(DagRunStatus.Interrupted, folder.ReadCheckpoint().Status);
        }

        [Fact]
        public void ResumingASession_ReadsTheCheckpointUnderTheLock_AndRefusesAForeignOne()
        {
            WriteUnfinishedRun();
            var folder = StateFolder.Of(Dag("other", new[] { "a" }), files.Path);

            var refused = Assert.Throws<CheckpointException>(() => folder.OpenSession(resume: true, "Resume-Dag", TimeSpan.Zero));

            Assert.Equal(CheckpointErrorKind.ForeignWorkflow, refused.Kind);
            using var next = RunLock.Acquire(folder, "Invoke-Dag", TimeSpan.Zero); // the failed session let the lock go
        }

        // A workflow whose name: was changed looked for its checkpoint under the new name and said only "no checkpoint".
        [Fact]
        public void AMissingCheckpoint_NamesTheOtherCheckpointsInItsFolder()
        {
            var folderPath = System.IO.Path.GetDirectoryName(files.Path)!;
            using (CheckpointWriter.StartNew(System.IO.Path.Combine(folderPath, "deploy.checkpoint.json"), CheckpointFiles.Header(workflow: "deploy", nodes: new[] { "a" }), fsync: false))
            {
            }

            var renamed = StateFolder.Of(Dag("deploy-prod", new[] { "a" }), System.IO.Path.Combine(folderPath, "deploy-prod.checkpoint.json"));

            var resuming = Assert.Throws<CheckpointException>(() => renamed.OpenSession(resume: true, "Resume-Dag", TimeSpan.Zero));
            var reading = Assert.Throws<CheckpointException>(() => renamed.ReadCheckpoint());

            Assert.Equal(CheckpointErrorKind.NotFound, resuming.Kind);
            Assert.Contains("The folder holds the checkpoint of 'deploy': if this workflow's name: was changed, change it back", resuming.Message);
            Assert.Equal(resuming.Message, reading.Message);
        }

        // A resume whose state folder cannot be made (here a file stands where it would be; on a user's machine a disk
        // remounted read-only) said the folder could not be written, when there was nothing to resume in it anyway.
        [Fact]
        public void AResumeWithNoCheckpoint_SaysSoEvenWhereTheFolderCannotBeWritten()
        {
            var blocker = System.IO.Path.Combine(System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(files.Path)!).FullName, "not-a-folder");
            System.IO.File.WriteAllText(blocker, "a file where the state folder would be");
            var state = StateFolder.Of(Dag("deploy", new[] { "a" }), System.IO.Path.Combine(blocker, "deploy.checkpoint.json"));

            var resuming = Assert.Throws<CheckpointException>(() => state.OpenSession(resume: true, "Resume-Dag", TimeSpan.Zero));
            var running = Record.Exception(() => state.OpenSession(resume: false, "Invoke-Dag", TimeSpan.Zero));

            Assert.Equal(CheckpointErrorKind.NotFound, resuming.Kind);
            Assert.IsAssignableFrom<System.IO.IOException>(running);
        }

        private void WriteUnfinishedRun()
        {
            using var writer = files.StartNew("a", "b");
            writer.NodeFinished(CheckpointFiles.Result("a"), "hash-a");
            writer.NodeStarted("b", 1, CheckpointFiles.T0.AddSeconds(3));
        }
    }
}
