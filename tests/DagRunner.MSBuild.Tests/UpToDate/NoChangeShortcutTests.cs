using System;
using System.IO;

using Xunit;
using static DagRunner.MSBuild.Tests.TestSupport.FakePwsh;

namespace DagRunner.MSBuild.Tests.UpToDate
{
    /// <summary>
    /// The no-change shortcut as the task uses it, against the fake pwsh: pwsh is told where to leave its record; a
    /// record whose facts all hold replaces starting pwsh; a fact that no longer holds, or an unreadable record, does not.
    /// </summary>
    public sealed class NoChangeShortcutTests : IDisposable
    {
        private readonly string root = Directory.CreateTempSubdirectory("dagmsb-nochange-").FullName;
        private readonly string pwsh;
        private readonly string input;

        public NoChangeShortcutTests()
        {
            pwsh = Install(root);
            File.WriteAllText(Path.Combine(root, "RunDag.ps1"), string.Empty);
            File.WriteAllText(Path.Combine(root, "DagRunner.psd1"), string.Empty);
            File.WriteAllText(Path.Combine(root, "build.dag.yaml"), "name: w");
            input = Path.Combine(root, "input.txt");
            File.WriteAllText(input, "one");
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        private (RunDag Task, FakeBuildEngine Engine) NewTask(string? parameters = null)
        {
            var engine = new FakeBuildEngine(Path.Combine(root, "app.proj"));
            var task = new RunDag
            {
                BuildEngine = engine,
                Path = "build.dag.yaml",
                PwshPath = pwsh,
                ScriptPath = Path.Combine(root, "RunDag.ps1"),
                ModulePath = root,
                // The fake pwsh cannot be a warm one; tests/Pester/MSBuildWarm.Tests.ps1 runs the real thing.
                WarmPwsh = "false",
                Parameters = parameters == null ? null : new[] { parameters },
            };
            var events = Path.Combine(root, "events.jsonl");
            File.WriteAllLines(events, new[] { Started, Finished("a", "Succeeded"), RunFinished("Succeeded") });
            task.EnvironmentVariables = new[] { "FAKE_EVENTS=" + events, "FAKE_ARGS=" + Path.Combine(root, "args.txt"), "FAKE_RECORD_PATH=" + Path.Combine(root, "record-path.txt") };
            return (task, engine);
        }

        private bool PwshStarted() => File.Exists(Path.Combine(root, "args.txt"));

        /// <summary>Runs the task once through pwsh and writes, where pwsh was told, a record resting on the input file.</summary>
        private string RecordAfterAFirstBuild(string? parameters = null)
        {
            var (task, _) = NewTask(parameters);
            Assert.True(task.Execute());
            Assert.True(PwshStarted());
            File.Delete(Path.Combine(root, "args.txt"));
            var recordPath = File.ReadAllText(Path.Combine(root, "record-path.txt"));
            Directory.CreateDirectory(Path.GetDirectoryName(recordPath)!);
            var info = new FileInfo(input);
            var nodeFinished = "{\"event\":\"nodeFinished\",\"node\":\"a\",\"status\":\"Succeeded\",\"reason\":\"UpToDate\",\"attempts\":0,\"durationMs\":0}";
            File.WriteAllText(recordPath, $$"""
                { "format": 1, "runId": "r1", "facts": [ { "kind": "content", "path": {{Json(input)}}, "sha256": "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed", "length": {{info.Length}}, "time": "{{info.LastWriteTimeUtc.Ticks}}" } ],
                  "events": [ {{Json(nodeFinished)}} ] }
                """);
            return recordPath;
        }

        private static string Json(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        [FactOnUnix]
        public void PwshIsToldToLeaveItsRecordInDagrunnerMsbuildBesideTheWorkflow()
        {
            var recordPath = RecordAfterAFirstBuild();

            Assert.Equal(Path.Combine(root, ".dagrunner", "msbuild"), Path.GetDirectoryName(recordPath));
            Assert.StartsWith("build.dag.yaml.", Path.GetFileName(recordPath), StringComparison.Ordinal);
        }

        [FactOnUnix]
        public void WhileEveryFactHolds_NoPwshStarts_AndTheRecordsNodesAreTheResults()
        {
            RecordAfterAFirstBuild();
            var (task, engine) = NewTask();

            Assert.True(task.Execute());

            Assert.False(PwshStarted());
            var node = Assert.Single(task.NodeResults);
            Assert.Equal("a", node.ItemSpec);
            Assert.Equal("UpToDate", node.GetMetadata("Reason"));
            Assert.Equal("Succeeded", task.Status);
            Assert.Equal(string.Empty, task.RunId);
            Assert.Contains(engine.Messages, m => m.Message != null && m.Message.Contains("is up to date", StringComparison.Ordinal) && m.Message.Contains("pwsh not started", StringComparison.Ordinal));
        }

        [FactOnUnix]
        public void AChangedFact_StartsPwsh_AndSaysWhichAtLowImportance()
        {
            RecordAfterAFirstBuild();
            File.WriteAllText(input, "two");
            var (task, engine) = NewTask();

            Assert.True(task.Execute());

            Assert.True(PwshStarted());
            Assert.Contains(engine.Messages, m => m.Message == $"DagRunner: starting pwsh for workflow 'build.dag.yaml': {input} changed.");
        }

        [FactOnUnix]
        public void ADifferentCommand_HasARecordOfItsOwn()
        {
            var first = RecordAfterAFirstBuild();
            var second = RecordAfterAFirstBuild("Configuration=Release");

            Assert.NotEqual(first, second);
        }

        [FactOnUnix]
        public void ARecordThatIsNotJson_StartsPwsh()
        {
            var recordPath = RecordAfterAFirstBuild();
            File.WriteAllText(recordPath, "{ not json");
            var (task, engine) = NewTask();

            Assert.True(task.Execute());

            Assert.True(PwshStarted());
            Assert.Contains(engine.Messages, m => m.Message != null && m.Message.Contains("is not one this task reads", StringComparison.Ordinal));
        }
    }
}
