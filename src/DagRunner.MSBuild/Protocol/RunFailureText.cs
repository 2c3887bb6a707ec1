using DagRunner.MSBuild.Launching;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// The one error of a run that ended without a more precise one, by how far it got: the build cancelled it, pwsh ended
    /// before the run started (its warnings say why) or during it (killed: the checkpoint keeps what it recorded), or the
    /// run reported how it ended.
    /// </summary>
    internal static class RunFailureText
    {
        /// <param name="interrupted">The task sent pwsh Ctrl+C (rather than stopping it before the run started).</param>
        /// <param name="runStatus">The status the run reported, or null when it reported none.</param>
        public static (string Code, string Message) Of(string path, int exitCode, bool cancelled, bool interrupted, bool runStarted, string? runStatus)
        {
            if (cancelled)
            {
                var how = interrupted && runStarted ? "pwsh was sent Ctrl+C and the checkpoint records the stopped nodes as Cancelled" : "pwsh was stopped before the run started";
                return (Codes.RunCancelled, $"The build was cancelled while workflow '{path}' ran: {how}. Resume=\"true\" continues the run.");
            }

            if (!runStarted)
            {
                return (Codes.RunFailed, $"pwsh ended ({ExitCodeText.Of(exitCode)}) before workflow '{path}' started; the warnings above say why.");
            }

            // pwsh died mid-run (the OOM killer, a watchdog, a crash): what the checkpoint recorded is all there is.
            return runStatus == null
                ? (Codes.RunFailed, $"pwsh ended ({ExitCodeText.Of(exitCode)}) while workflow '{path}' ran, before it reported how the run ended. The checkpoint keeps every node it recorded before: Resume=\"true\" continues the run.")
                : (Codes.RunFailed, $"Workflow '{path}' ended {runStatus} (pwsh {ExitCodeText.Of(exitCode)}).");
        }
    }
}
