using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>
    /// Runs test code inside a real cmdlet in a real runspace, so Write* goes through PowerShell's own command runtime
    /// and lands in the streams a user's session would show.
    /// </summary>
    internal static class CmdletHarness
    {
        public static CmdletStreams Run(Action<PSCmdlet> body)
        {
            var state = InitialSessionState.Create();
            state.Commands.Add(new SessionStateCmdletEntry("Test-Hosting", typeof(TestHostingCommand), null));
            using var shell = System.Management.Automation.PowerShell.Create(state);
            shell.AddCommand("Test-Hosting").AddParameter(nameof(TestHostingCommand.Body), body).AddParameter("Verbose", true);
            var output = shell.Invoke();
            return new CmdletStreams(
                output.Select(o => o.BaseObject).ToList(),
                shell.Streams.Warning.ToList(),
                shell.Streams.Error.ToList(),
                shell.Streams.Verbose.Select(v => v.Message).ToList(),
                shell.Streams.Information.ToList(),
                shell.Streams.Progress.ToList());
        }

        [Cmdlet(VerbsDiagnostic.Test, "Hosting")]
        public sealed class TestHostingCommand : PSCmdlet
        {
            [Parameter(Mandatory = true)]
            public Action<PSCmdlet> Body { get; set; } = null!;

            protected override void EndProcessing() => Body(this);
        }
    }

    internal sealed class CmdletStreams
    {
        public CmdletStreams(IReadOnlyList<object> output, IReadOnlyList<WarningRecord> warnings, IReadOnlyList<ErrorRecord> errors, IReadOnlyList<string> verbose, IReadOnlyList<InformationRecord> information, IReadOnlyList<ProgressRecord> progress)
        {
            Output = output;
            Warnings = warnings;
            Errors = errors;
            Verbose = verbose;
            Information = information;
            Progress = progress;
        }

        public IReadOnlyList<object> Output { get; }

        public IReadOnlyList<WarningRecord> Warnings { get; }

        public IReadOnlyList<ErrorRecord> Errors { get; }

        public IReadOnlyList<string> Verbose { get; }

        public IReadOnlyList<InformationRecord> Information { get; }

        public IReadOnlyList<ProgressRecord> Progress { get; }

        /// <summary>Write-Host-style lines (information records tagged PSHOST), as the console shows them.</summary>
        public IReadOnlyList<string> HostLines => Information.Where(i => i.Tags.Contains("PSHOST")).Select(i => i.MessageData.ToString()!).ToList();
    }
}
