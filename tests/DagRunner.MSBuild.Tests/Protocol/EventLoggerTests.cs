using System;
using System.Linq;
using DagRunner.MSBuild.Protocol;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Xunit;

namespace DagRunner.MSBuild.Tests.Protocol
{
    public class EventLoggerTests
    {
        private const string Workflow = "/src/build.dag.yaml";
        private readonly FakeBuildEngine engine = new FakeBuildEngine("/src/app.proj");
        private readonly EventLogger logger;

        public EventLoggerTests() => logger = new EventLogger(new TaskLoggingHelper(engine, "RunDag"), Workflow);

        private void Feed(params string[] lines)
        {
            foreach (var line in lines)
            {
                logger.Handle(line, fromStandardError: false);
            }
        }

        private static string Finished(string node, string status, string reason = "None", int line = 12, int column = 3, string? error = null, string extra = "")
            => $"{{\"event\":\"nodeFinished\",\"node\":\"{node}\",\"status\":\"{status}\",\"reason\":\"{reason}\",\"attempts\":2,\"durationMs\":1234,\"file\":\"{Workflow}\",\"line\":{line},\"column\":{column},\"error\":{(error == null ? "null" : "\"" + error + "\"")}{extra}}}";

        private static string Started(int nodes) => $"{{\"event\":\"runStarted\",\"workflow\":\"w\",\"runId\":\"r\",\"path\":\"{Workflow}\",\"nodes\":{nodes},\"parallelism\":0,\"pid\":1}}";

        private static string NodeStarted(string node) => $"{{\"event\":\"nodeStarted\",\"node\":\"{node}\",\"attempt\":1}}";

        [Fact]
        public void NodeLines_CountTheFinishedNodes_AndNameTheRunningOnes_ThreeAtMost()
        {
            Feed(Started(nodes: 6), NodeStarted("a"), NodeStarted("b"), NodeStarted("c"), NodeStarted("d"), NodeStarted("e"), Finished("b", "Succeeded"));

            var lines = engine.Messages.Skip(1).Select(m => m.Message).ToList();
            Assert.Equal("[a] started [0/6 done; running: a]", lines[0]);
            Assert.Equal("[e] started [0/6 done; running: a, b, c +2 more]", lines[4]);
            Assert.Equal("[b] Succeeded in 1.23s [1/6 done; running: a, c, d +1 more]", lines[5]);
        }

        [Fact]
        public void ARetriedNode_IsRunningOnce_AndRestoredNodesCountAsDone()
        {
            Feed(
                Started(nodes: 3),
                Finished("first", "Succeeded", "Resumed"),
                NodeStarted("second"),
                "{\"event\":\"nodeStarted\",\"node\":\"second\",\"attempt\":2}",
                Finished("second", "Cancelled"));

            var lines = engine.Messages.Skip(1).Select(m => m.Message).ToList();
            Assert.Equal("[first] Succeeded (restored from the checkpoint, not run again) [1/3 done]", lines[0]);
            Assert.Equal("[second] started (attempt 2) [1/3 done; running: second]", lines[2]);
            Assert.Equal("[second] Cancelled after 1.23s [2/3 done]", lines[3]);
        }

        [Fact]
        public void MoreNodesThanPlanned_ForeachItems_RaiseTheTotal()
        {
            Feed(Started(nodes: 1), NodeStarted("each[1]"), NodeStarted("each[2]"));

            Assert.Equal("[each[2]] started [0/2 done; running: each[1], each[2]]", engine.Messages.Last().Message);
        }

        [Fact]
        public void AFailedNode_IsAnErrorInCanonicalFormAtTheNodeLine()
        {
            Feed(Finished("b", "Failed", error: "boom"));

            var error = Assert.Single(engine.Errors);
            Assert.Equal("/src/build.dag.yaml(12,3): error DAG2001: node 'b' failed: boom", FakeBuildEngine.Canonical(error));
            Assert.True(logger.SawFailure);
            Assert.True(logger.LoggedError);
        }

        [Fact]
        public void AnInlineScriptFailure_PointsAtTheFailingLineInsideTheNode()
        {
            Feed(Finished("b", "Failed", error: "boom", extra: ",\"errorLine\":14,\"errorColumn\":7"));

            Assert.Equal("/src/build.dag.yaml(14,7): error DAG2001: node 'b' failed: boom", FakeBuildEngine.Canonical(Assert.Single(engine.Errors)));
        }

        [Fact]
        public void OnlyTheFirstLineOfAMultiLineError_IsTheMessage()
        {
            Feed(Finished("b", "Failed", error: "first\\nsecond"));

            Assert.Equal("node 'b' failed: first", Assert.Single(engine.Errors).Message);
        }

        [Fact]
        public void AFailureUnderContinueOnError_IsAWarningAndDoesNotFailTheRun()
        {
            Feed(Finished("n", "Failed", "AllowedFailure", error: "flaky"));

            Assert.Empty(engine.Errors);
            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("DAG2001", warning.Code);
            Assert.Equal(12, warning.LineNumber);
            Assert.False(logger.SawFailure);
        }

        [Fact]
        public void NodeStartsAndEnds_AreMessagesOfNormalAndHighImportance()
        {
            Feed(
                Started(nodes: 2),
                "{\"event\":\"nodeStarted\",\"node\":\"build\",\"attempt\":1}",
                Finished("build", "Succeeded"),
                Finished("lint", "Skipped", "UpstreamFailed"));

            var messages = engine.Messages.Skip(1).Select(m => (m.Message, m.Importance)).ToList();
            Assert.Equal(("[build] started [0/2 done; running: build]", MessageImportance.Normal), messages[0]);
            Assert.Equal(("[build] Succeeded in 1.23s [1/2 done]", MessageImportance.High), messages[1]);
            Assert.Equal(("[lint] Skipped (UpstreamFailed) [2/2 done]", MessageImportance.Normal), messages[2]);
            Assert.Empty(engine.Errors);
            Assert.Empty(engine.Warnings);
        }

        [Theory]
        [InlineData("output", "[build] hello")]
        [InlineData("information", "[build] hello")]
        [InlineData("verbose", "[build] VERBOSE: hello")]
        [InlineData("debug", "[build] DEBUG: hello")]
        public void NodeOutputLines_AreLowImportanceMessages(string stream, string expected)
        {
            Feed($"{{\"event\":\"log\",\"node\":\"build\",\"stream\":\"{stream}\",\"text\":\"hello\"}}");

            var message = Assert.Single(engine.Messages);
            Assert.Equal(expected, message.Message);
            Assert.Equal(MessageImportance.Low, message.Importance);
        }

        [Fact]
        public void ALineOfANodeOnARemoteHost_NamesTheHost()
        {
            Feed("{\"event\":\"log\",\"node\":\"deploy[web1]\",\"stream\":\"output\",\"text\":\"hello\",\"host\":\"web1\"}");

            Assert.Equal("[deploy[web1]@web1] hello", Assert.Single(engine.Messages).Message);
        }

        [Fact]
        public void TextWithBracesAndPercentSigns_IsLoggedAsIs()
        {
            Feed("{\"event\":\"log\",\"node\":\"n\",\"stream\":\"output\",\"text\":\"{0} {1} 100% $(X) @(Y)\"}");

            Assert.Equal("[n] {0} {1} 100% $(X) @(Y)", Assert.Single(engine.Messages).Message);
        }

        [Fact]
        public void ANodeWarning_IsAnMSBuildWarningAtTheNodeLineOnceTheNodeFinishes()
        {
            Feed(
                "{\"event\":\"nodeStarted\",\"node\":\"build\",\"attempt\":1}",
                "{\"event\":\"log\",\"node\":\"build\",\"stream\":\"warning\",\"text\":\"disk almost full\"}");
            Assert.Empty(engine.Warnings);

            Feed(Finished("build", "Succeeded", line: 20, column: 5));

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("/src/build.dag.yaml(20,5): warning DAG2002: [build] disk almost full", FakeBuildEngine.Canonical(warning));
        }

        [Fact]
        public void ANodeThatNeverFinishes_StillGetsItsWarningsLoggedAtTheEnd()
        {
            Feed("{\"event\":\"log\",\"node\":\"build\",\"stream\":\"warning\",\"text\":\"careful\"}");
            logger.Complete();

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal(Workflow, warning.File);
            Assert.Equal("[build] careful", warning.Message);
        }

        [Fact]
        public void ARetry_IsOneSentence_WhenTheErrorEndsWithAFullStop()
        {
            Feed(
                "{\"event\":\"retrying\",\"node\":\"deploy\",\"attempt\":1,\"maxAttempts\":3,\"delayMs\":2000,\"error\":\"it was stopped.\"}",
                Finished("deploy", "Succeeded"));

            Assert.Equal("[deploy] attempt 1 of 3 failed: it was stopped; next attempt in 2s.", Assert.Single(engine.Warnings).Message);
        }

        [Fact]
        public void ARetry_IsAWarningThatSaysWhichAttemptFailedAndWhenTheNextStarts()
        {
            Feed(
                "{\"event\":\"retrying\",\"node\":\"deploy\",\"attempt\":1,\"maxAttempts\":3,\"delayMs\":2000,\"error\":\"connection refused\"}",
                Finished("deploy", "Succeeded"));

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("DAG2003", warning.Code);
            Assert.Equal("[deploy] attempt 1 of 3 failed: connection refused; next attempt in 2s.", warning.Message);
            Assert.Equal(12, warning.LineNumber);
        }

        [Fact]
        public void AValidationDiagnostic_KeepsItsIdAndPosition()
        {
            Feed(
                "{\"event\":\"diagnostic\",\"severity\":\"error\",\"id\":\"DAG0003\",\"file\":\"/src/x.dag.yaml\",\"line\":5,\"column\":12,\"message\":\"'b' needs 'bild', which is not a node. Did you mean 'build'?\"}",
                "{\"event\":\"diagnostic\",\"severity\":\"warning\",\"id\":\"DAG1001\",\"file\":\"/src/x.dag.yaml\",\"line\":2,\"column\":1,\"message\":\"pools are not executed yet\"}");

            Assert.Equal("/src/x.dag.yaml(5,12): error DAG0003: 'b' needs 'bild', which is not a node. Did you mean 'build'?", FakeBuildEngine.Canonical(Assert.Single(engine.Errors)));
            Assert.Equal("/src/x.dag.yaml(2,1): warning DAG1001: pools are not executed yet", FakeBuildEngine.Canonical(Assert.Single(engine.Warnings)));
            Assert.True(logger.SawFailure);
        }

        [Fact]
        public void WriteHostLines_AreNormalImportance_SoTheyShowAtNormalVerbosity()
        {
            Feed("{\"event\":\"log\",\"node\":\"build\",\"stream\":\"host\",\"text\":\"hello\"}");

            var message = Assert.Single(engine.Messages);
            Assert.Equal("[build] hello", message.Message);
            Assert.Equal(MessageImportance.Normal, message.Importance);
        }

        [Fact]
        public void AnUnknownNode_IsErrorDAG2102_AtTheWorkflowFile_NotAtTheNodeName()
        {
            // The cmdlet's NodeNotFound names the unknown node as its target.
            Feed("{\"event\":\"error\",\"id\":\"NodeNotFound\",\"message\":\"Workflow 'w' has no node 'zzz'. Valid node ids: pack.\",\"file\":\"zzz\"}");

            var error = Assert.Single(engine.Errors);
            Assert.Equal("DAG2102", error.Code);
            Assert.Equal(Workflow, error.File);
            Assert.True(logger.SawFailure);
        }

        [Theory]
        [InlineData("WorkflowFileNotFound", "DAG2101")]
        [InlineData("WorkflowFileUnreadable", "DAG2101")]
        [InlineData("RunLocked", "DAG2103")]
        [InlineData("CheckpointCorrupt", "DAG2104")]
        [InlineData("CheckpointForeignWorkflow", "DAG2104")]
        [InlineData("CheckpointWriteFailed", "DAG2105")]
        [InlineData("SetupFailed", "DAG2106")]
        [InlineData("DAG0007", "DAG0007")]
        public void EveryCmdletError_HasACode(string id, string code)
        {
            Feed($"{{\"event\":\"error\",\"id\":\"{id}\",\"message\":\"m\",\"file\":\"/src/other.txt\"}}");

            var error = Assert.Single(engine.Errors);
            Assert.Equal((code, "/src/other.txt"), (error.Code, error.File));
            Assert.Equal("m", error.Message);
        }

        [Fact]
        public void AnErrorWithAnIdOfNoCode_IsDAG2005_AndKeepsTheIdInItsText()
        {
            Feed("{\"event\":\"error\",\"id\":\"ParameterArgumentValidationError\",\"message\":\"Cannot validate.\",\"file\":\"/src/build.dag.yaml\"}");

            var error = Assert.Single(engine.Errors);
            Assert.Equal("DAG2005", error.Code);
            Assert.Equal("Cannot validate. (ParameterArgumentValidationError)", error.Message);
        }

        [Fact]
        public void ALockTakenOver_IsWarningDAG2107()
        {
            Feed("{\"event\":\"warning\",\"id\":\"LockTakenOver\",\"message\":\"took it over\"}");

            Assert.Equal("DAG2107", Assert.Single(engine.Warnings).Code);
        }

        [Fact]
        public void ACheckpointNotCompacted_IsWarningDAG2108()
        {
            Feed("{\"event\":\"warning\",\"id\":\"CheckpointNotCompacted\",\"message\":\"kept in its journal\"}");

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal(("DAG2108", "kept in its journal"), (warning.Code, warning.Message));
        }

        // The cmdlets' own messages (WorkflowSource, CheckpointException, StateLockedException, RunStateAccess).
        [Theory]
        [InlineData("WorkflowFileNotFound", "Workflow file '/src/x.dag.yaml' was not found. Check the path, or pass an inline workflow with -Definition.", "Check the RunDag task's Path.")]
        [InlineData("CheckpointCorrupt", "The checkpoint '/c.json' cannot be read: bad. Nothing of it was used. Delete the file (and its .journal), or run Invoke-Dag to start a new run, which replaces it.", "build with Resume=\"false\" to start a new run")]
        [InlineData("CheckpointNewerFormat", "The checkpoint '/c.json' has format 9, written by a newer DagRunner; this version reads format 3. Upgrade DagRunner to resume it, or run Invoke-Dag to start a new run, which replaces it.", "build with Resume=\"false\"")]
        [InlineData("CheckpointForeignWorkflow", "The checkpoint '/c.json' belongs to workflow 'a', not 'b'. Pass the right -CheckpointPath, or run Invoke-Dag to start a new run of 'b'.", "Set the right CheckpointPath, or build with Resume=\"false\"")]
        [InlineData("RunLocked", "Workflow 'w' is already running: its state is locked by pid 1. This run did not start. Wait for that run to end, pass -LockTimeout to wait for it (for example -LockTimeout 10m), or use another -CheckpointPath to run a separate copy. Lock: /l", "set LockTimeout to wait for it (for example LockTimeout=\"10m\"), or set another CheckpointPath")]
        [InlineData("CheckpointWriteFailed", "The checkpoint '/c.json' cannot be written: denied. Use -CheckpointPath to put it elsewhere, or -NoCheckpoint.", "Set CheckpointPath to put it elsewhere.")]
        [InlineData("CheckpointWriteFailed", "The run stopped: its checkpoint '/c.json' cannot be written: full. The nodes still running were stopped; every node the checkpoint recorded before stays recorded. Free space or make the folder writable, then run Resume-Dag to go on from there (or copy the state folder somewhere writable and pass the copy's checkpoint with -CheckpointPath).", "then build with Resume=\"true\" to go on from there (or copy the state folder somewhere writable and set CheckpointPath to the copy's checkpoint)")]
        [InlineData("CheckpointWriteFailed", "The checkpoint '/c.json' cannot be written: Read-only file system. Resume-Dag records the run it continues there: make the folder writable, or copy the state folder somewhere writable and pass the copy's checkpoint with -CheckpointPath. Get-DagCheckpoint reads the checkpoint where it is.", "A build with Resume=\"true\" records the run it continues there: make the folder writable, or copy the state folder somewhere writable and set CheckpointPath to the copy's checkpoint.")]
        public void ConsoleAdvice_BecomesWhatToChangeInTheBuild(string id, string message, string advice)
        {
            Feed($"{{\"event\":\"error\",\"id\":\"{id}\",\"message\":{System.Text.Json.JsonSerializer.Serialize(message)},\"file\":\"/src/x.dag.yaml\"}}");

            var text = Assert.Single(engine.Errors).Message!;
            Assert.Contains(advice, text);
            Assert.DoesNotContain("Invoke-Dag", text);
            Assert.DoesNotContain("Resume-Dag", text);
            Assert.DoesNotContain("-Definition", text);
            Assert.DoesNotContain(" -", text);
        }

        [Fact]
        public void AFileNodeFailure_PointsAtTheLineInItsScriptFile()
        {
            Feed(Finished("b", "Failed", error: "boom", extra: ",\"errorFile\":\"/src/scripts/b.ps1\",\"errorLine\":4,\"errorColumn\":1"));

            Assert.Equal("/src/scripts/b.ps1(4,1): error DAG2001: node 'b' failed: boom", FakeBuildEngine.Canonical(Assert.Single(engine.Errors)));
        }

        [Fact]
        public void ARunWarning_IsAWarningAndNothingToResumeIsOnlyAMessage()
        {
            Feed(
                "{\"event\":\"warning\",\"message\":\"something odd\"}",
                "{\"event\":\"warning\",\"id\":\"CheckpointNothingToResume\",\"message\":\"Nothing to resume.\"}");

            Assert.Equal("DAG2006", Assert.Single(engine.Warnings).Code);
            // The cmdlet's console advice is replaced by what to do in a build.
            Assert.Contains(engine.Messages, m => m.Message != null && m.Message.StartsWith("DagRunner: nothing to resume", StringComparison.Ordinal) && m.Message.Contains("Resume=\"false\"") && !m.Message.Contains("Invoke-Dag"));
            Assert.False(logger.SawFailure);
        }

        [Fact]
        public void RunStarted_GivesTheProcessIdAndRunFinishedTheStatus()
        {
            Feed(
                "{\"event\":\"runStarted\",\"workflow\":\"demo\",\"runId\":\"r1\",\"path\":\"/src/build.dag.yaml\",\"nodes\":2,\"parallelism\":4,\"pid\":4242}",
                Finished("a", "Succeeded"),
                Finished("b", "Failed", error: "boom"),
                "{\"event\":\"runFinished\",\"status\":\"Failed\",\"durationMs\":1500,\"runId\":\"r1\"}");

            Assert.Equal(4242, logger.ProcessId);
            Assert.True(logger.RunStarted);
            Assert.Equal("Failed", logger.RunStatus);
            Assert.Equal("r1", logger.RunId);
            Assert.Contains(engine.Messages, m => m.Message == "DagRunner: workflow 'demo' Failed in 1.5s (1 Succeeded, 1 Failed)." && m.Importance == MessageImportance.High);
        }

        [Fact]
        public void EveryFinishedNode_BecomesAnItemWithStatusReasonAttemptsAndDuration()
        {
            Feed(Finished("a", "Succeeded"), Finished("b", "Failed", error: "50% of $(x); done"), Finished("c", "Skipped", "UpstreamFailed"));

            var items = logger.NodeResults;
            Assert.Equal(new[] { "a", "b", "c" }, items.Select(i => i.ItemSpec));
            Assert.Equal("Succeeded", items[0].GetMetadata("Status"));
            Assert.Equal("None", items[0].GetMetadata("Reason"));
            Assert.Equal("2", items[0].GetMetadata("Attempts"));
            Assert.Equal("1234", items[0].GetMetadata("DurationMs"));
            Assert.Equal("50% of $(x); done", items[1].GetMetadata("Error"));
            Assert.Equal("UpstreamFailed", items[2].GetMetadata("Reason"));
        }

        [Fact]
        public void LinesThatAreNotEvents_AreLowMessagesAndStderrLinesAreWarnings()
        {
            logger.Handle("plain text", fromStandardError: false);
            logger.Handle("{not json", fromStandardError: false);
            logger.Handle("", fromStandardError: false);
            logger.Handle("Run 'dotnet tool restore' to make the tool available.", fromStandardError: true);

            Assert.Equal(new[] { "plain text", "{not json" }, engine.Messages.Select(m => m.Message));
            Assert.All(engine.Messages, m => Assert.Equal(MessageImportance.Low, m.Importance));
            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("DAGMSB004", warning.Code);
            Assert.Empty(engine.Errors);
        }

        [Fact]
        public void ANodeOutputLineThatLooksLikeACanonicalError_StaysAMessage()
        {
            Feed("{\"event\":\"log\",\"node\":\"n\",\"stream\":\"output\",\"text\":\"Program.cs(1,1): error CS1002: ; expected\"}");

            Assert.Empty(engine.Errors);
            Assert.Single(engine.Messages);
        }
    }
}
