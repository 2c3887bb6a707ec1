using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.MSBuild.WarmPwsh;
using Xunit;

namespace DagRunner.MSBuild.Tests.WarmPwsh
{
    /// <summary>
    /// The socket between a build and the warm pwsh, both ends in this process: one build per warm pwsh, the request
    /// only after <c>ready</c>, stdout and stderr kept apart, the exit code last.
    /// </summary>
    public sealed class SpareProtocolTests : IDisposable
    {
        /// <summary>Only a hang takes this long; nothing here is timed.</summary>
        private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

        private readonly string root = Directory.CreateTempSubdirectory("dagmsb-spare-").FullName;
        private readonly SpareAddress address;

        public SpareProtocolTests()
        {
            address = SpareAddress.For(root, new[] { "pwsh" }, Array.Empty<string>(), new Hashtable(), Array.Empty<string>(), out _)!;
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        /// <summary>A warm pwsh's wait for a build, on another thread; the task's result is its session (or null).</summary>
        private Task<SpareSession?> Serve(TimeSpan idle) => StandInWarmPwsh.Serve(address, idle, Hang);

        [FactOnUnix]
        public void ABuild_SendsItsRequest_AndGetsStdoutStderrAndTheExitCode()
        {
            var serve = Serve(Hang);
            using var client = SpareClient.TryClaim(address, Hang, out var whyNot);
            Assert.True(client != null, whyNot);
            Assert.Equal(Process.GetCurrentProcess().Id, client!.ProcessId);

            var lines = new List<(string Line, bool Error)>();
            var run = Task.Run(() => client.Run("/work/app", new Dictionary<string, string> { ["DAGRUNNER_NOCHANGE_RECORD"] = "/r.json" }, "{\"Path\":\"/w/a b.yaml\",\"Resume\":true}", (line, error) => lines.Add((line, error))));

            using (var session = serve.Result!)
            {
                Assert.Equal("/work/app", session.WorkingDirectory);
                Assert.Equal("/r.json", session.Variables["DAGRUNNER_NOCHANGE_RECORD"]);
                Assert.Equal("/w/a b.yaml", session.Arguments["path"]);
                Assert.Equal(true, session.Arguments["Resume"]);
                session.Out.Write("{\"event\":");
                session.Out.WriteLine("\"runStarted\"}");
                session.Error.WriteLine("oops\r");
                session.Out.Write("no end of line");
                session.Finish(3);
            }

            Assert.True(run.Wait(Hang));
            Assert.Equal(3, run.Result);
            Assert.Equal(new[] { ("{\"event\":\"runStarted\"}", false), ("oops", true), ("no end of line", false) }, lines);
        }

        [FactOnUnix]
        public void ASecondBuild_FindsItTaken_AndStartsPwshItself()
        {
            var serve = Serve(Hang);
            using var first = SpareClient.TryClaim(address, Hang, out _);
            Assert.NotNull(first);

            // The warm pwsh closed its socket as the first build connected: the second finds nothing to take.
            SpinWait.SpinUntil(() => !File.Exists(address.SocketPath), Hang);
            Assert.Null(SpareClient.TryClaim(address, Hang, out var whyNot));
            Assert.Contains("no warm pwsh is waiting", whyNot);

            var run = Task.Run(() => first!.Run("/", new Dictionary<string, string>(), "{}", (_, _) => { }));
            serve.Result!.Finish(0);
            Assert.Equal(0, run.Result);
        }

        [FactOnUnix]
        public void ABuildThatLeavesBeforeSendingItsRequest_EndsTheWarmPwsh()
        {
            var serve = Serve(Hang);
            SpareClient.TryClaim(address, Hang, out _)!.Dispose();

            Assert.True(serve.Wait(Hang));
            Assert.Null(serve.Result);
        }

        [FactOnUnix]
        public void WithNoBuildWithinItsIdleTime_TheWarmPwshGivesUp_AndLetsGoOfItsLock()
        {
            var serve = Serve(TimeSpan.FromMilliseconds(1));

            Assert.True(serve.Wait(Hang));
            Assert.Null(serve.Result);
            Assert.False(File.Exists(address.SocketPath));
            using var again = SpareServer.TakeLock(address.LockPath, TimeSpan.Zero);
            Assert.NotNull(again);
        }

        [FactOnUnix]
        public void OneWarmPwshPerAddress_TheLockIsTakenOnce()
        {
            using var held = SpareServer.TakeLock(address.LockPath, TimeSpan.Zero);
            Assert.NotNull(held);
            Assert.Null(SpareServer.TakeLock(address.LockPath, TimeSpan.Zero));
        }

        [FactOnUnix]
        public void WhenNoneWaits_TheClaimFailsAtOnce_SayingWhy()
        {
            Assert.Null(SpareClient.TryClaim(address, Hang, out var whyNot));
            Assert.Contains("no warm pwsh is waiting", whyNot);
        }

        [FactOnUnix]
        public void ASocketLeftByAKilledWarmPwsh_IsNotConnectedTo()
        {
            // What kill -9 leaves: the socket's file, and no lock held.
            File.WriteAllText(address.SocketPath, "left by a killed warm pwsh");

            Assert.Null(SpareClient.TryClaim(address, Hang, out var whyNot));
            Assert.Contains("one that is gone", whyNot);
        }

        [FactOnUnix]
        public void ANewWarmPwsh_ReplacesTheSocketAKilledOneLeft()
        {
            File.WriteAllText(address.SocketPath, "left by a killed warm pwsh");
            var serve = Serve(Hang);

            using var client = SpareClient.TryClaim(address, Hang, out var whyNot);
            Assert.True(client != null, whyNot);
            var run = Task.Run(() => client!.Run("/", new Dictionary<string, string>(), "{}", (_, _) => { }));
            serve.Result!.Finish(0);
            Assert.Equal(0, run.Result);
        }

        [FactOnUnix]
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public void TheSocket_IsItsOwnersAlone()
        {
            var serve = Serve(Hang);
            var mode = File.GetUnixFileMode(address.SocketPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
            SpareClient.TryClaim(address, Hang, out _)!.Dispose();
            Assert.Null(serve.Result);
        }

        [Fact]
        public void LinesWrittenFromManyThreads_ArriveWhole()
        {
            using var buffer = new MemoryStream();
            var writer = new StreamWriter(buffer) { NewLine = "\n" };
            var gate = new object();
            var output = new PrefixedLineWriter("o ", writer, gate);
            var errors = new PrefixedLineWriter("e ", writer, gate);
            Parallel.For(0, 8, t =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var target = t % 2 == 0 ? output : errors;
                    target.WriteLine($"thread {t} line {i} " + new string('x', 50));
                }
            });

            var lines = System.Text.Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1600, lines.Length);
            Assert.All(lines, line => Assert.Matches("^(o thread [0246]|e thread [1357]) line \\d+ x{50}$", line));
        }
    }
}
