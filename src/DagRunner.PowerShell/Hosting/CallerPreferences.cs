using System.Management.Automation;
using DagRunner.Engine.Execution;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// How the nodes' runspaces treat their streams, taken from the caller: <c>-Verbose</c> and <c>-Debug</c> on the
    /// cmdlet, else the caller's <c>$VerbosePreference</c>, <c>$DebugPreference</c>, <c>$WarningPreference</c> and
    /// <c>$InformationPreference</c>, so a node's Write-Verbose shows when its caller asked for verbose output.
    /// </summary>
    internal static class CallerPreferences
    {
        /// <summary>The executor's options for a run started by <paramref name="cmdlet"/>; runspaces are kept for the session's next run.</summary>
        public static RunspaceExecutorOptions ExecutorOptions(PSCmdlet cmdlet) => new RunspaceExecutorOptions
        {
            VerbosePreference = Preference(cmdlet, "VerbosePreference", "Verbose", ActionPreference.SilentlyContinue),
            DebugPreference = Preference(cmdlet, "DebugPreference", "Debug", ActionPreference.SilentlyContinue),
            WarningPreference = Preference(cmdlet, "WarningPreference", null, ActionPreference.Continue),
            InformationPreference = Preference(cmdlet, "InformationPreference", null, ActionPreference.SilentlyContinue),
            KeepRunspaces = true,
        };

        private static ActionPreference Preference(PSCmdlet cmdlet, string variable, string? switchName, ActionPreference fallback)
        {
            if (switchName != null && cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out var bound))
            {
                return ((SwitchParameter)bound).IsPresent ? ActionPreference.Continue : ActionPreference.SilentlyContinue;
            }

            var value = cmdlet.SessionState.PSVariable.GetValue(variable);
            return value is ActionPreference preference ? preference : fallback;
        }
    }
}
