using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// The PowerShell that prepares a session on a host for one attempt of a node. The node's own scripts then run
    /// in that session as pipelines of their own, through the same <see cref="NodeInvocation"/> as local
    /// nodes (live streams, Stop on Ctrl+C and timeouts, failures from errors): a PowerShell instance on the
    /// session's runspace receives every stream of the host's pipeline, while Invoke-Command, hosted like this,
    /// passes warnings, verbose and debug lines to the host instead of to its streams (measured on 7.6), and adds
    /// PSComputerName to every output object. Everything here runs on Windows PowerShell 5.1 too.
    /// </summary>
    internal static class RemoteScripts
    {
        /// <summary>
        /// Writes the node's script to a file in a folder of this session's own (a file, because <c>exit</c> in a
        /// script file ends only that file and sets $LASTEXITCODE), gives the session's global scope the node's
        /// variables, <c>$Needs</c>, <c>$Dag</c>, <c>$Item</c> and preferences (the session serves one node at a time
        /// and is reset before the next), and returns the script's path. See <see cref="RemotePayload"/>.
        /// </summary>
        public const string Setup = @"
param($State)
$folder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'dagrunner-' + $PID, $State.ScriptHash)
$script = [System.IO.Path]::Combine($folder, $State.ScriptName)
if (-not [System.IO.File]::Exists($script)) {
    $null = [System.IO.Directory]::CreateDirectory($folder)
    [System.IO.File]::WriteAllText($script, $State.ScriptText, (New-Object System.Text.UTF8Encoding $true))
}
if ([System.Environment]::OSVersion.Platform -eq 'Win32NT' -and (Get-ExecutionPolicy) -in 'Restricted', 'AllSigned') {
    # Only for this session's own process: the node's script is a file DagRunner just wrote there.
    Set-ExecutionPolicy -Scope Process -ExecutionPolicy RemoteSigned -Force
}
" + SharedCodeScripts.RestoreVariables + @"
foreach ($entry in $State.Variables.GetEnumerator()) { Set-Variable -Scope Global -Name $entry.Key -Value $entry.Value }
$global:Needs = $State.Needs
$global:Dag = $State.Dag
$global:Item = $State.Item
$global:ErrorActionPreference = 'Stop'
$global:VerbosePreference = $State.VerbosePreference
$global:DebugPreference = $State.DebugPreference
$global:WarningPreference = $State.WarningPreference
$global:InformationPreference = $State.InformationPreference
$global:LASTEXITCODE = 0
$script
";

        /// <summary>The exit code the node's script left: <c>exit n</c>, or the last native command it ran.</summary>
        public const string ExitCode = "$global:LASTEXITCODE";

        /// <summary>Local: removes the node script folders of the sessions that still answer, then closes them all.</summary>
        public const string Close = @"
param($Open, $All)
if ($Open) {
    Invoke-Command -Session $Open -ErrorAction SilentlyContinue -ScriptBlock {
        Remove-Item -LiteralPath ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'dagrunner-' + $PID)) -Recurse -Force -ErrorAction SilentlyContinue
    }
}
Remove-PSSession -Session $All -ErrorAction SilentlyContinue
";
    }
}
