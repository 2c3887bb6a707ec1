<#
.SYNOPSIS
    Stops the sshd that Start-TestSshd.ps1 started, by its process id, and removes its folder (keys, config, log).
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [psobject] $Server)
$ErrorActionPreference = 'Stop'
if (-not $Server.Available) { return }
$process = Get-Process -Id $Server.ProcessId -ErrorAction Ignore
if ($process) {
    Stop-Process -Id $Server.ProcessId -ErrorAction Ignore
    if (-not $process.WaitForExit(5000)) { Stop-Process -Id $Server.ProcessId -Force -ErrorAction Ignore }
}
Remove-Item -LiteralPath $Server.Directory -Recurse -Force -ErrorAction Ignore
