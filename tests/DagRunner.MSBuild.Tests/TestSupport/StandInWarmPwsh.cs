using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.MSBuild.WarmPwsh;
using Xunit;

namespace DagRunner.MSBuild.Tests.TestSupport
{
    /// <summary>
    /// A warm pwsh's side of the socket, served in the test process on another thread: the build's side is real, the
    /// warm pwsh is not (tests/Pester/MSBuildWarm.Tests.ps1 runs the real one).
    /// </summary>
    internal static class StandInWarmPwsh
    {
        /// <summary>
        /// Takes <paramref name="address"/>'s lock and waits there for a build for up to <paramref name="idle"/>;
        /// returns once it listens (or gave up). The task's result is the build's session, or null when the build left
        /// without sending a run or none came.
        /// </summary>
        public static Task<SpareSession?> Serve(SpareAddress address, TimeSpan idle, TimeSpan hang)
        {
            var held = SpareServer.TakeLock(address.LockPath, TimeSpan.Zero);
            Assert.True(held != null, "another warm pwsh holds the address");
            var listening = new ManualResetEventSlim();
            var serve = Task.Run(() =>
            {
                listening.Set();
                return SpareServer.WaitForBuild(address.SocketPath, held!, idle);
            });
            listening.Wait(hang);
            SpinWait.SpinUntil(() => IsSocket(address.SocketPath) || serve.IsCompleted, hang);
            return serve;
        }

        /// <summary>A socket's file has no length; the stand-in a test leaves for a killed warm pwsh's socket has some.</summary>
        private static bool IsSocket(string path)
        {
            try
            {
                return File.Exists(path) && new FileInfo(path).Length == 0;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
