using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.PowerShell.Hosting;
using DagRunner.PowerShell.Tests.TestSupport;
using Xunit;

namespace DagRunner.PowerShell.Tests.Hosting
{
    public sealed class RunLogFilesTests : IDisposable
    {
        private static readonly DateTime At = new DateTime(2026, 12, 3, 8, 0, 1, 250);
        private readonly TempFolder folder = new TempFolder();

        [Fact]
        public void RunLogFiles_NodeLog_HasATimestampedLinePerLineItWrote()
        {
            var lint = SampleRuns.Build().Events.OfType<NodeFinishedEvent>().Single(e => e.Result.Name == "lint");
            using (var logs = new RunLogFiles(folder.Path))
            {
                logs.Write(new NodeStartedEvent(At, "lint", 1));
                logs.Write(new NodeLogEvent(At.AddMilliseconds(5), "lint", NodeLogStream.Output, "two\nlines"));
                logs.Write(new NodeLogEvent(At.AddMilliseconds(6), "lint", NodeLogStream.Warning, new WarningRecord("careful")));
                logs.Write(lint);
            }

            AssertLines(
                new[]
                {
                    "2026-12-03 08:00:01.250 [dagrunner] attempt 1 started",
                    "2026-12-03 08:00:01.255 [output] two",
                    "2026-12-03 08:00:01.255 [output] lines",
                    "2026-12-03 08:00:01.256 [warning] careful",
                    "2026-12-03 08:00:03.750 [dagrunner] Failed (AllowedFailure): lint broke",
                },
                File.ReadAllLines(folder["lint.log"]));
        }

        [Fact]
        public void RunLogFiles_MultiLineRetryError_KeepsEveryLineWellFormed()
        {
            // What a failing script throws: an ErrorRecord whose message has lines of its own.
            var error = new ErrorRecord(new InvalidOperationException("Build failed:\n  error CS1002: ; expected\n"), "BuildFailed", ErrorCategory.NotSpecified, null);
            using (var logs = new RunLogFiles(folder.Path))
            {
                logs.Write(new NodeRetryingEvent(At, "compile", 1, 3, TimeSpan.FromSeconds(2), error));
            }

            AssertLines(
                new[]
                {
                    "2026-12-03 08:00:01.250 [dagrunner] attempt 1 of 3 failed: Build failed:",
                    "2026-12-03 08:00:01.250 [dagrunner]   error CS1002: ; expected; next in 2s",
                },
                File.ReadAllLines(folder["compile.log"]));
        }

        [Fact]
        public void RunLogFiles_RetryDelay_UsesInvariantNumbers_UnderGermanCulture()
        {
            using (CultureScope.German())
            using (var logs = new RunLogFiles(folder.Path))
            {
                logs.Write(new NodeRetryingEvent(At, "compile", 2, 3, TimeSpan.FromMilliseconds(1500), "flaky"));
            }

            Assert.Equal("2026-12-03 08:00:01.250 [dagrunner] attempt 2 of 3 failed: flaky; next in 1.5s", File.ReadAllLines(folder["compile.log"]).Single());
        }

        [Fact]
        public void RunLogFiles_RunFinished_WritesTheRunSummaryToSummaryTxt()
        {
            var run = SampleRuns.Build();
            using (var logs = new RunLogFiles(folder.Path))
            {
                logs.Write(run.Events.OfType<RunFinishedEvent>().Single());
            }

            Assert.Equal(RunSummaryText.Format(run.Result), File.ReadAllText(folder["summary.txt"]));
        }

        [Fact]
        public void RunLogFiles_NodeThatNeverStarted_GetsNoFile()
        {
            var run = ScriptedRun.Of("name: chain\nnodes:\n  first:\n    run: 'x'\n  second:\n    needs: first\n    run: 'y'\n", script => script.Fails("first", "broke"));
            using (var logs = new RunLogFiles(folder.Path))
            {
                foreach (var runEvent in run.Events)
                {
                    logs.Write(runEvent);
                }
            }

            Assert.Equal(0, run.Result["second"]!.Attempts);
            Assert.True(File.Exists(folder["first.log"]));
            Assert.False(File.Exists(folder["second.log"]));
        }

        [Fact]
        public void RunLogFiles_PathOf_ReplacesTheBracketsOfAForEachInstance()
        {
            using var logs = new RunLogFiles(folder.Path);

            Assert.Equal(folder["deploy_web02_.log"], logs.PathOf("deploy[web02]"));
        }

        public void Dispose() => folder.Dispose();

        // Joined, so a failure shows the lines that differ.
        private static void AssertLines(string[] expected, string[] actual) => Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));
    }
}
