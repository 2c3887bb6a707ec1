using System;
using System.Threading.Tasks;

namespace DagRunner.Engine.Tests.TestSupport
{
    internal static class TaskTimeouts
    {
        /// <summary>
        /// Guards against a hang: real waits here are for other threads, never for time to pass, so only a hang
        /// (not a machine busy on every core) takes this long.
        /// </summary>
        public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

        public static Task Within(this Task task) => task.WaitAsync(Limit);

        public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit);
    }
}
