using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.MSBuild.Launching;
using DagRunner.MSBuild.WarmPwsh;
using Xunit;
using static DagRunner.MSBuild.Tests.TestSupport.FakePwsh;

namespace DagRunner.MSBuild.Tests
{
    /// <summary>
    /// The whole task (ToolTask process handling, exit codes, streams, cancellation) against a fake pwsh: a shell
    /// script that prints protocol lines from a file. The real pwsh and module run in tests/Pester/MSBuild.Tests.ps1.
    /// </summary>
    public sealed class RunDagTests : IDisposable
    {
        /// <summary>Only a hang takes this long; nothing here is timed.</summary>
        private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

        private readonly string root = Directory.CreateTempSubdirectory("dagmsb-task-").FullName;
        private readonly FakeBuildEngine engine;
        private readonly RunDag task;

        public RunDagTests()
        {
            var pwsh = FakePwsh.Install(root);
            File.WriteAllText(Path.Combine(root, "RunDag.ps1"), string.Empty);
            File.WriteAllText(Path.Combine(root, "DagRunner.psd1"), string.Empty);
            engine = new FakeBuildEngine(Path.Combine(root, "app.proj"));
            task = new RunDag
            {
                BuildEngine = engine,
                Path = "build.dag.yaml",
                PwshPath = pwsh,
                ScriptPath = Path.Combine(root, "RunDag.ps1"),
                ModulePath = root,
                // The fake pwsh cannot be a warm one; tests/Pester/MSBuildWarm.Tests.ps1 runs the real thing.
                WarmPwsh = "false",
            };
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        private void Fake(int exitCode, string? stderr = null, params string[] lines)
        {
            var events = Path.Combine(root, "events.jsonl");
            File.WriteAllLines(events, lines);
            task.EnvironmentVariables = new[] { "FAKE_EVENTS=" + events, "FAKE_EXIT=" + exitCode, "FAKE_STDERR=" + (stderr ?? string.Empty) };
        }

        [FactOnUnix]
        public void ARunThatSucceeds_ReturnsTrueWithOneItemPerNode()
        {
            Fake(0, null, Started, "{\"event\":\"log\",\"node\":\"a\",\"stream\":\"output\",\"text\":\"hello\"}", Finished("a", "Succeeded"), Finished("b", "Succeeded"), RunFinished("Succeeded"));

            Assert.True(task.Execute());

            Assert.Empty(engine.Errors);
            Assert.Equal(new[] { "a", "b" }, task.NodeResults.Select(i => i.ItemSpec));
            Assert.Equal("Succeeded", task.Status);
            Assert.Equal("r1", task.RunId);
            Assert.Contains(engine.Messages, m => m.Message == "[a] hello");
        }

        [FactOnUnix]
        public void AFailedNode_FailsTheTaskWithExactlyThatError()
        {
            Fake(1, null, Started, Finished("a", "Succeeded"), Finished("b", "Failed", "boom"), RunFinished("Failed"));

            Assert.False(task.Execute());

            var error = Assert.Single(engine.Errors);
            Assert.Equal("/src/w.dag.yaml(4,3): error DAG2001: node 'b' failed: boom", FakeBuildEngine.Canonical(error));
            Assert.Equal("Failed", task.Status);
        }

        [FactOnUnix]
        public void PwshFailingBeforeTheRun_IsAWarningPerStderrLineAndOneError()
        {
            Fake(1, "Run 'dotnet tool restore' to make the 'pwsh' command available.");

            Assert.False(task.Execute());

            Assert.Equal("DAGMSB004", Assert.Single(engine.Warnings).Code);
            var error = Assert.Single(engine.Errors);
            Assert.Equal("DAG2005", error.Code);
            Assert.Contains("before workflow 'build.dag.yaml' started", error.Message);
        }

        // pwsh killed mid-run (the OOM killer sends SIGKILL): the build said "ended without a result (pwsh exit code 137)".
        [FactOnUnix]
        public void PwshKilledMidRun_IsOneErrorNamingTheSignal_AndThatResumeContinues()
        {
            Fake(137, null, Started, Finished("a", "Succeeded"));

            Assert.False(task.Execute());

            var error = Assert.Single(engine.Errors);
            Assert.Equal("DAG2005", error.Code);
            Assert.Contains("killed by signal 9 (SIGKILL", error.Message);
            Assert.Contains("Resume=\"true\" continues the run", error.Message);
        }

        [TheoryOnUnix]
        [InlineData(0, true)] // a run that failed although pwsh said 0
        [InlineData(0, false)] // a run that started and never finished
        [InlineData(3, false)]
        public void TheTask_NeverReturnsFalseWithoutAnError(int exitCode, bool withRunFinished)
        {
            Fake(exitCode, null, withRunFinished ? new[] { Started, RunFinished("Failed") } : new[] { Started });

            Assert.False(task.Execute());

            Assert.Equal("DAG2005", Assert.Single(engine.Errors).Code);
        }

        [FactOnUnix]
        public void NothingToRunAndExitCode0_IsSuccess()
        {
            Fake(0, null, "{\"event\":\"warning\",\"id\":\"CheckpointNothingToResume\",\"message\":\"Nothing to resume.\"}");

            Assert.True(task.Execute());
            Assert.Empty(engine.Errors);
        }

        [FactOnUnix]
        public void EveryValue_ReachesPwshAsOneLiteralArgument()
        {
            var args = Path.Combine(root, "args.txt");
            task.EnvironmentVariables = new[] { "FAKE_ARGS=" + args };
            task.Path = "sub dir/build.dag.yaml";
            task.Resume = true;
            task.Parallelism = "4";
            task.Mode = "Sequential";
            task.Nodes = new[] { "test", "pack" };
            task.CheckpointPath = "cp\\x.json";
            task.LockTimeout = " 10m ";
            task.Parameters = new[] { "Configuration=Release", "Message=it's \"quoted\" $(Get-Date) `whoami` a;b \\" };

            Assert.True(task.Execute());

            var expected = new[]
            {
                "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                "-File", Path.Combine(root, "RunDag.ps1"),
                "-ModulePath", Path.Combine(root, "DagRunner.psd1"),
                "-Path", Path.Combine(root, "sub dir", "build.dag.yaml"),
                "-Resume",
                "-Parallelism", "4",
                "-Mode", "Sequential",
                "-Node", "test,pack",
                "-CheckpointPath", Path.Combine(root, "cp\\x.json"),
                "-LockTimeout", "10m",
                "-ParametersJson", "{\"Configuration\":\"Release\",\"Message\":\"it's \\\"quoted\\\" $(Get-Date) `whoami` a;b \\\\\"}",
            };
            Assert.Equal(expected, File.ReadAllLines(args));
        }

        [TheoryOnUnix]
        [InlineData("Parallelism", "-1")]
        [InlineData("Parallelism", "lots")]
        [InlineData("Mode", "Fast")]
        [InlineData("Parameters", "NoValue")]
        [InlineData("Nodes", "a,b")]
        [InlineData("WarmPwsh", "sometimes")]
        public void ABadParameter_FailsBeforePwshStarts(string name, string value)
        {
            var args = Path.Combine(root, "args.txt");
            task.EnvironmentVariables = new[] { "FAKE_ARGS=" + args };
            engine.LineNumberOfTaskNode = 7;
            engine.ColumnNumberOfTaskNode = 5;
            switch (name)
            {
                case "Parallelism": task.Parallelism = value; break;
                case "Mode": task.Mode = value; break;
                case "Parameters": task.Parameters = new[] { value }; break;
                case "Nodes": task.Nodes = new[] { value }; break;
                case "WarmPwsh": task.WarmPwsh = value; break;
            }

            Assert.False(task.Execute());

            var error = Assert.Single(engine.Errors);
            Assert.Equal("DAGMSB002", error.Code);
            // At the <RunDag> element, where the attribute to fix is.
            Assert.Equal((engine.ProjectFileOfTaskNode, 7, 5), (error.File, error.LineNumber, error.ColumnNumber));
            Assert.False(File.Exists(args));
        }

        [Fact]
        public void NoPwsh_IsErrorDAGMSB001()
        {
            task.PwshPath = Path.Combine(root, "no-such-pwsh");

            Assert.False(task.Execute());

            Assert.Equal("DAGMSB001", Assert.Single(engine.Errors).Code);
        }

        [Fact]
        public void APackageWithoutItsModule_IsErrorDAGMSB003()
        {
            task.ModulePath = Path.Combine(root, "missing.psd1");

            Assert.False(task.Execute());

            Assert.Equal("DAGMSB003", Assert.Single(engine.Errors).Code);
        }

        [FactOnUnix]
        public void Cancel_SendsCtrlCToThePwshOfRunStartedAndLetsItFinishItsOutput()
        {
            task.EnvironmentVariables = new[] { "FAKE_WAIT_FOR_INT=1" };
            // Far longer than the wait below: a pwsh killed after the grace period instead of interrupted fails the Join.
            task.CancelGracePeriod = TimeSpan.FromMinutes(10);
            bool? result = null;
            var run = new Thread(() => result = task.Execute());
            run.Start();
            Assert.True(engine.WaitForMessage("[long] started [0/1 done; running: long]", Hang), "the fake run never started");

            task.Cancel();

            Assert.True(run.Join(Hang), "Execute did not return after Cancel: pwsh was not interrupted");
            Assert.False(result);
            Assert.Equal("Cancelled", Assert.Single(task.NodeResults).GetMetadata("Status"));
            Assert.Equal("DAG2004", Assert.Single(engine.Errors).Code);
        }

        [FactOnUnix]
        public void Cancel_BeforeTheRunStarted_SendsCtrlCToTheStartingPwshUntilItStops()
        {
            var starting = Path.Combine(root, "starting");
            task.EnvironmentVariables = new[] { "FAKE_STARTING=" + starting };
            // Far longer than the wait below: one Ctrl+C and a wait for the grace period fails the Join.
            task.CancelGracePeriod = TimeSpan.FromMinutes(10);
            bool? result = null;
            var run = new Thread(() => result = task.Execute());
            run.Start();
            // Both: the fake runs as soon as it is forked, before Process.Start has returned its id to the task (a
            // cancel then has no process to signal, and ToolTask kills it: 3 of 15 runs under load failed that way).
            Assert.True(SpinWait.SpinUntil(() => File.Exists(starting + ".ready") && task.StartedProcessId > 0, Hang), "the fake pwsh never started");

            task.Cancel();

            Assert.True(run.Join(Hang), "Execute did not return after Cancel: Ctrl+C was not sent again");
            Assert.False(result);
            // The fake wrote the count as it ended at the second Ctrl+C; a pwsh killed instead writes nothing.
            Assert.Equal("2", File.ReadAllText(starting).Trim());
            var error = Assert.Single(engine.Errors);
            Assert.Equal("DAG2004", error.Code);
            Assert.Empty(task.NodeResults);
        }

        [FactOnUnix]
        public void SigtermAsPwshIsBeingStarted_WaitsForItsIdAndStopsIt()
        {
            var starting = Path.Combine(root, "starting");
            task.EnvironmentVariables = new[] { "FAKE_STARTING=" + starting };
            task.CancelGracePeriod = TimeSpan.FromMinutes(10);
            // MSBuild's process ends before the task has pwsh's id: the handler must not leave pwsh running on its own.
            var exit = new Thread(() => task.StopPwshOnExit(null, EventArgs.Empty));
            exit.Start();
            bool? result = null;
            var run = new Thread(() => result = task.Execute());
            run.Start();
            try
            {
                Assert.True(exit.Join(Hang), "the exit handler never stopped the starting pwsh");
                Assert.True(run.Join(Hang), "Execute did not return after the exit handler");
            }
            finally
            {
                if (run.IsAlive)
                {
                    task.Cancel();
                }
            }

            Assert.False(result);
            // The fake ends at the second Ctrl+C and writes the count, or at the first, if that came before its trap
            // (as a real pwsh does before its runtime handles the signal); one never signalled runs on (Join fails).
            Assert.True(!File.Exists(starting) || File.ReadAllText(starting).Trim() == "2", "the fake pwsh did not end at Ctrl+C");
        }

        [FactOnUnix]
        public void CancelWhileTheTaskGetsReady_StartsNoPwshAndLeavesTheWarmOneForTheNextBuild()
        {
            var warm = ServeWarmPwshForThisTask(out var address);
            // Ctrl+C while the task is still getting ready: it had no pwsh to signal yet.
            task.Cancel();

            Assert.False(task.Execute());

            Assert.Equal("DAG2004", Assert.Single(engine.Errors).Code);
            Assert.False(warm.IsCompleted, "the cancelled build took the warm pwsh");
            // The next build takes it (and leaves at once: the stand-in then ends).
            SpareClient.TryClaim(address, Hang, out var whyNot)!.Dispose();
            Assert.True(warm.Wait(Hang), whyNot);
            Assert.False(warm.Result, "a run was sent");
        }

        [FactOnUnix]
        public void CancelAsTheWarmPwshIsTaken_SendsItNoRun()
        {
            var warm = ServeWarmPwshForThisTask(out _);
            var build = WarmPwshBuildOfThisTask();
            var started = false;

            // The cancel came while the warm pwsh was being taken: it found no id to signal, so the flag decides.
            var exitCode = build.TryRun(root, new Dictionary<string, string>(), "{}", () => true, _ => started = true, (_, _) => { }, out var whyNot, out _);

            Assert.Equal(-1, exitCode);
            Assert.Contains("cancelled", whyNot);
            Assert.False(started);
            Assert.True(warm.Wait(Hang), "the warm pwsh was never taken");
            Assert.False(warm.Result, "the cancelled build sent its run to the warm pwsh");
        }

        private WarmPwshBuild WarmPwshBuildOfThisTask()
        {
            task.WarmPwsh = "true";
            var command = new PwshLocator(Environment.GetEnvironmentVariable, isWindows: false).Locate(task.PwshPath, root, out _)!;
            var (script, module) = TaskValues.PackageFiles(task.ScriptPath, task.ModulePath, Path.GetFullPath);
            return WarmPwshBuild.For("true", command, script, module, task.EnvironmentVariables, out _)!;
        }

        /// <summary>
        /// A stand-in warm pwsh at the address this task works out, served in this process; its task is true when a
        /// build sent it a run (ended at once with exit code 0), false when the build that took it left without one.
        /// </summary>
        private Task<bool> ServeWarmPwshForThisTask(out SpareAddress address)
        {
            Fake(0, null, Started, RunFinished("Succeeded"));
            var at = WarmPwshBuildOfThisTask().Address;
            // A run that reaches it ends at once (exit code 0), so that the code before the fix does not hang here.
            var serve = StandInWarmPwsh.Serve(at, Hang, Hang).ContinueWith(
                served =>
                {
                    using var session = served.Result;
                    session?.Finish(0);
                    return session != null;
                },
                TaskScheduler.Default);
            Assert.True(File.Exists(at.SocketPath), "the stand-in warm pwsh never listened");
            address = at;
            return serve;
        }
    }
}
