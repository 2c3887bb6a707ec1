using System.IO;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.CheckpointFiles;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class CheckpointReaderTests
    {
        private static CheckpointException ReadError(CheckpointFiles files) => Assert.Throws<CheckpointException>(() => files.Read());

        private static void WriteOne(CheckpointFiles files)
        {
            using var writer = files.StartNew("a");
            writer.NodeFinished(Result("a", NodeStatus.Succeeded, "A"), "hash-a");
            writer.RunFinished(DagRunStatus.Succeeded, T0.AddMinutes(1));
        }

        [Fact]
        public void NoCheckpoint_IsNotFound_AndSaysToStartANewRun()
        {
            using var files = new CheckpointFiles();

            var error = ReadError(files);

            Assert.Equal(CheckpointErrorKind.NotFound, error.Kind);
            Assert.Equal("CheckpointNotFound", error.ErrorId);
            Assert.Equal(Path.GetFullPath(files.Path), error.Path);
            Assert.Contains("Run Invoke-Dag", error.Message);
        }

        [Fact]
        public void AJournalWithoutItsSnapshot_IsNotFound_AndSaysSo()
        {
            using var files = new CheckpointFiles();
            WriteOne(files);
            File.Delete(files.Path);
            File.WriteAllText(files.Journal, "{}\n");

            var error = ReadError(files);

            Assert.Equal(CheckpointErrorKind.NotFound, error.Kind);
            Assert.Contains("journal", error.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("{\"format\":1,\"runId\":\"r\"")]
        [InlineData("[1,2]")]
        [InlineData("{\"format\":1,\"workflow\":\"test\",\"session\":1,\"startTime\":\"2024-05-01T10:00:00.0000000Z\",\"sequence\":0,\"nodes\":[]}")]
        [InlineData("{\"format\":\"one\"}")]
        [InlineData("{\"format\":0}")]
        [InlineData("{\"format\":1,\"runId\":\"r\",\"workflow\":\"test\",\"session\":1,\"startTime\":\"2024-05-01T10:00:00.0000000Z\",\"sequence\":0,\"nodes\":[{\"name\":\"a\",\"status\":\"Exploded\"}]}")]
        [InlineData("{\"format\":1,\"runId\":\"r\",\"workflow\":\"test\",\"session\":1,\"startTime\":\"2024-05-01T10:00:00.0000000Z\",\"sequence\":0,\"nodes\":[{\"name\":\"a\",\"status\":\"NotRun\"},{\"name\":\"A\",\"status\":\"NotRun\"}]}")]
        [InlineData("{\"format\":1,\"runId\":\"r\",\"workflow\":\"test\",\"session\":1,\"startTime\":\"2024-05-01T10:00:00.0000000Z\",\"sequence\":0,\"nodes\":[{\"name\":\"a\",\"status\":\"Succeeded\",\"output\":[{\"$scriptblock\":\"rm x\"}]}]}")]
        public void ASnapshotThatIsNotACheckpoint_IsCorrupt(string snapshot)
        {
            using var files = new CheckpointFiles();
            Directory.CreateDirectory(Path.GetDirectoryName(files.Path)!);
            File.WriteAllText(files.Path, snapshot);

            var error = ReadError(files);

            Assert.Equal(CheckpointErrorKind.Corrupt, error.Kind);
            Assert.Contains("Delete the file", error.Message);
        }

        [Fact]
        public void AWellFormedHandWrittenSnapshot_IsRead()
        {
            using var files = new CheckpointFiles();
            Directory.CreateDirectory(Path.GetDirectoryName(files.Path)!);
            File.WriteAllText(files.Path, "{\"format\":1,\"runId\":\"r\",\"workflow\":\"test\",\"session\":3,\"startTime\":\"2024-05-01T10:00:00.0000000Z\",\"sequence\":0,\"nodes\":[{\"name\":\"a\",\"status\":\"Succeeded\",\"reason\":\"SomeFutureReason\",\"output\":[1]}]}");

            var state = files.Read();

            Assert.Equal(3, state.Session);
            Assert.Equal(NodeReason.None, state.Nodes["a"]!.Reason); // unknown reasons lose detail, not the file
            Assert.Equal(new object[] { 1 }, state.Nodes["a"]!.RestoreOutput());
        }

        [Fact]
        public void ANodeFieldThisVersionDoesNotKnow_IsSkipped_AsEarlierVersionsSkipHost()
        {
            using var files = new CheckpointFiles();
            Directory.CreateDirectory(Path.GetDirectoryName(files.Path)!);
            File.WriteAllText(files.Path, "{\"format\":2,\"runId\":\"r\",\"workflow\":\"test\",\"session\":1,\"startTime\":\"2024-05-01T10:00:00.0000000Z\",\"sequence\":0,\"nodes\":[{\"name\":\"a\",\"status\":\"Succeeded\",\"attempts\":1,\"host\":\"w1\",\"someLaterField\":{\"x\":[1]}}]}");

            var a = files.Read().Nodes["a"]!;

            Assert.Equal((NodeStatus.Succeeded, 1, "w1"), (a.Status, a.Attempts, a.Host));
        }

        [Fact]
        public void ANewerFormat_IsRefused_WithAdviceToUpgrade()
        {
            using var files = new CheckpointFiles();
            Directory.CreateDirectory(Path.GetDirectoryName(files.Path)!);
            File.WriteAllText(files.Path, "{\"format\":3,\"somethingNew\":true}");

            var error = ReadError(files);

            Assert.Equal(CheckpointErrorKind.NewerFormat, error.Kind);
            Assert.Contains("Upgrade DagRunner", error.Message);
        }

        [Fact]
        public void ACheckpointOfAnotherWorkflow_IsRefused_ButAMovedFileOfTheSameWorkflowIsNot()
        {
            using var files = new CheckpointFiles();
            WriteOne(files);

            var error = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(files.Path, new WorkflowDefinition { Name = "deploy", SourcePath = "/repo/test.dag.yaml" }));
            Assert.Equal("test", CheckpointReader.Read(files.Path, new WorkflowDefinition { Name = "TEST", SourcePath = "/elsewhere/moved.dag.yaml" }).WorkflowName);

            Assert.Equal(CheckpointErrorKind.ForeignWorkflow, error.Kind);
            Assert.Contains("'test'", error.Message);
            Assert.Contains("'deploy'", error.Message);
        }

        [Fact]
        public void DefaultPath_IsBesideTheWorkflowInDotDagrunner_AndInlineDefinitionsUseTheirBaseDirectory()
        {
            var fromFile = new WorkflowDefinition { Name = "build", SourcePath = "/repo/build.dag.yaml", BaseDirectory = "/repo" };
            var inline = new WorkflowDefinition { Name = "definition", SourcePath = SourceLocation.InlineDefinitionOrigin, BaseDirectory = "/work/here" };

            Assert.Equal(Path.GetFullPath("/repo/.dagrunner/build.checkpoint.json"), CheckpointPaths.Default(fromFile));
            Assert.Equal(Path.GetFullPath("/work/here/.dagrunner/definition.checkpoint.json"), CheckpointPaths.Default(inline));
            Assert.Equal("/x/c.json.journal", CheckpointPaths.Journal("/x/c.json"));
        }
    }
}
