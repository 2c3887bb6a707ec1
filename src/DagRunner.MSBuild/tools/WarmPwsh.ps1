<#
.SYNOPSIS
    A warm pwsh for the RunDag MSBuild task: loads the module ahead of time, then runs one build's workflow.
.DESCRIPTION
    Started by the task after a build, detached from it (stdin from /dev/null, stdout and stderr to a log file), with
    the environment that build had. It takes the lock of its address (one warm pwsh per address), imports the module
    and runs a one-node workflow of its own, so the code a run needs is loaded and compiled, then waits for one build
    on its socket. That build sends its folder, the per-run variables and RunDag.ps1's parameters; this script runs
    RunDag.ps1 with them, its stdout and stderr sent back line by line, and exits. It never runs a second build, and
    exits after -IdleSeconds with none.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $SocketPath,
    [Parameter(Mandatory)] [string] $LockPath,
    [Parameter(Mandatory)] [int] $IdleSeconds,
    [Parameter(Mandatory)] [string] $TaskAssembly,
    [Parameter(Mandatory)] [string] $RunnerScript,
    [Parameter(Mandatory)] [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Add-Type -Path $TaskAssembly
$held = [DagRunner.MSBuild.WarmPwsh.SpareServer]::TakeLock($LockPath, [TimeSpan]::FromSeconds(30))
if (-not $held) { exit 0 }

# What RunDag.ps1 would load and compile on its first run: the module (as RunDag.ps1 imports it), one run with JSON
# lines, and the JSON reader it parses them with. Nothing of the user's runs here.
$folder = Split-Path $ModulePath
$loader = Join-Path $folder 'DagRunner.PowerShell.Loader.dll'
$cmdlets = Join-Path $folder 'DagRunner.PowerShell.dll'
if ((Test-Path -LiteralPath $loader) -and (Test-Path -LiteralPath $cmdlets)) {
    Import-Module -Name $loader
    Import-Module -Name $cmdlets
}
else {
    Import-Module -Name $ModulePath
}
$warmUp = @{ name = 'warm-up'; nodes = @{ warm = @{ run = '$null' } } }
Invoke-Dag -Definition $warmUp -NoCheckpoint -OutputMode Json -Mode Parallel -Parallelism 1 | ForEach-Object {
    $document = [System.Text.Json.JsonDocument]::Parse([string]$_)
    $document.Dispose()
}

$session = [DagRunner.MSBuild.WarmPwsh.SpareServer]::WaitForBuild($SocketPath, $held, [TimeSpan]::FromSeconds($IdleSeconds))
if (-not $session) { exit 0 }

$exitCode = 1
try {
    foreach ($variable in $session.Variables.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($variable.Key, [string]$variable.Value)
    }
    Set-Location -LiteralPath $session.WorkingDirectory
    [Environment]::CurrentDirectory = $session.WorkingDirectory
    [Console]::SetOut($session.Out)
    [Console]::SetError($session.Error)
    $arguments = $session.Arguments
    & $RunnerScript @arguments
    $exitCode = $LASTEXITCODE
}
catch {
    $session.Error.WriteLine("warm pwsh: $($_.Exception.Message)")
}
finally {
    $session.Finish($exitCode)
}
exit $exitCode
