using System;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>Engine runs of <see cref="SampleWorkflows"/> with chosen times, shared by the text tests.</summary>
    internal static class SampleRuns
    {
        /// <summary>
        /// <see cref="SampleWorkflows.Build"/> one node at a time: restore takes 1.5 s, compile 2.25 s, lint fails (allowed)
        /// with a two-line message, the rest take no time.
        /// </summary>
        public static ScriptedRun Build() => ScriptedRun.Of(SampleWorkflows.Build, script => script
            .Takes("restore", TimeSpan.FromSeconds(1.5))
            .Takes("compile", TimeSpan.FromSeconds(2.25))
            .Fails("lint", "lint broke\nsecond line"));
    }
}
