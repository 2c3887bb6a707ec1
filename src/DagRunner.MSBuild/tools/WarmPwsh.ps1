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

# What a build's run would load and compile: RunDag.ps1 itself, on a workflow file of its own in a temp folder (YAML,
# the lock, the checkpoint, inputs and outputs, the no-change record, JSON lines), its lines thrown away. Nothing of
# the user's runs here.
$warmUp = Join-Path ([IO.Path]::GetTempPath()) "dagrunner-warm-up-$PID"
$console = [Console]::Out
try {
    New-Item -ItemType Directory -Force $warmUp | Out-Null
    Set-Content (Join-Path $warmUp 'in.txt') 'warm'
    @'
name: warm-up
nodes:
  warm:
    inputs: [in.txt]
    outputs: [out.txt]
    run: Set-Content out.txt (Get-Content in.txt -Raw)
'@ | Set-Content (Join-Path $warmUp 'warm.dag.yaml')
    $env:DAGRUNNER_NOCHANGE_RECORD = Join-Path $warmUp 'nochange.json'
    [Console]::SetOut([IO.TextWriter]::Null)
    Push-Location -LiteralPath $warmUp
    & $RunnerScript -ModulePath $ModulePath -Path (Join-Path $warmUp 'warm.dag.yaml') | Out-Null
}
catch {
    # A warm-up that failed leaves the code less compiled, nothing worse; the log file shows why.
    $console.WriteLine("warm pwsh: warm-up failed: $($_.Exception.Message)")
}
finally {
    Pop-Location -ErrorAction Ignore
    [Console]::SetOut($console)
    Remove-Item Env:DAGRUNNER_NOCHANGE_RECORD -ErrorAction Ignore
    Remove-Item -LiteralPath $warmUp -Recurse -Force -ErrorAction Ignore
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
