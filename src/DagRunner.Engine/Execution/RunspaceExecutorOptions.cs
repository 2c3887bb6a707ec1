using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace DagRunner.Engine.Execution
{
    /// <summary>How the node executors build runspaces (local, and the local side of remote sessions) and which streams nodes write.</summary>
    internal sealed class RunspaceExecutorOptions
    {
        /// <summary>
        /// Builds the session state of each new runspace.
        /// <value>The default value is <see cref="InitialSessionState.CreateDefault2"/>: core commands only, the rest autoload on first use.</value>
        /// </summary>
        public Func<InitialSessionState> SessionState { get; set; } = InitialSessionState.CreateDefault2;

        /// <summary>
        /// <c>$VerbosePreference</c> inside nodes; set it to the caller's so <c>-Verbose</c> reaches node scripts.
        /// <value>The default value is <see cref="ActionPreference.SilentlyContinue"/>.</value>
        /// </summary>
        public ActionPreference VerbosePreference { get; set; } = ActionPreference.SilentlyContinue;

        /// <summary><c>$DebugPreference</c> inside nodes. <value>The default value is <see cref="ActionPreference.SilentlyContinue"/>.</value></summary>
        public ActionPreference DebugPreference { get; set; } = ActionPreference.SilentlyContinue;

        /// <summary><c>$WarningPreference</c> inside nodes. <value>The default value is <see cref="ActionPreference.Continue"/>.</value></summary>
        public ActionPreference WarningPreference { get; set; } = ActionPreference.Continue;

        /// <summary>
        /// How long a stopped node (timeout, Ctrl+C) may take to end before its runspace is abandoned so the run can
        /// go on; a script inside a blocking .NET call does not see Stop. <value>The default value is 5 seconds.</value>
        /// </summary>
        public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary><c>$InformationPreference</c> inside nodes. <value>The default value is <see cref="ActionPreference.SilentlyContinue"/>.</value></summary>
        public ActionPreference InformationPreference { get; set; } = ActionPreference.SilentlyContinue;

        /// <summary>
        /// True to keep a run's idle runspaces open for the next run in this process (the session's kept runspaces,
        /// <c>Execution.Invocation.SessionRunspaces.Shared</c>), as the cmdlets do; false closes them when the run
        /// ends. Only with the default <see cref="SessionState"/>: a kept runspace was built by another run's.
        /// <value>The default value is false.</value>
        /// </summary>
        public bool KeepRunspaces { get; set; }

        /// <summary>
        /// Where a running node's pipeline thread is counted, for <c>-Mode Adaptive</c> to tell nodes that compute from
        /// nodes that wait. <value>The default value is <see cref="Adaptive.RunningNodeThreads.Shared"/>, the process's.</value>
        /// </summary>
        internal Adaptive.RunningNodeThreads NodeThreads { get; set; } = Adaptive.RunningNodeThreads.Shared;
    }
}
