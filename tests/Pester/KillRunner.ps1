<#
.SYNOPSIS
    One runner process of the kill test (KillResume.psm1): imports DagRunner, then runs its steps in order. Each
    step writes <Name>.<step>.ready into the control folder, waits for <step>.go there (so that two runners start
    their command at the same moment, and the test decides when), runs its command on the workflow, and writes
    what happened to <Name>.<step>.json: this process's id, monotonic timestamps around the command
    (Stopwatch ticks, one clock for every process of the machine), the errors' and warnings' ids and texts, and
    each node's status and output sums when the command returned a result.
.PARAMETER Steps
    'step:Command;step:Command', Command one of Invoke-Dag, Resume-Dag, Invoke-Dag-Resume (Invoke-Dag -Resume).
#>
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Workflow,
    [Parameter(Mandatory)] [string] $Control,
    [Parameter(Mandatory)] [string] $Name,
    [Parameter(Mandatory)] [string] $Steps,
    [int] $GiveUpSeconds = 300
)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest

foreach ($spec in $Steps -split ';') {
    $step, $command = $spec -split ':', 2
    New-Item -ItemType File -Path (Join-Path $Control "$Name.$step.ready") -Force | Out-Null
    $go = Join-Path $Control "$step.go"
    $deadline = [DateTime]::UtcNow.AddSeconds($GiveUpSeconds)
    while (-not [IO.File]::Exists($go)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Runner $Name gave up waiting for $go." }
        Start-Sleep -Milliseconds 2
    }

    $arguments = @{
        Path = $Workflow; OutputMode = 'Silent'
        ErrorAction = 'SilentlyContinue'; ErrorVariable = 'problems'
        WarningAction = 'SilentlyContinue'; WarningVariable = 'warnings'
    }
    $started = [Diagnostics.Stopwatch]::GetTimestamp()
    $result = switch ($command) {
        'Invoke-Dag' { Invoke-Dag @arguments }
        'Invoke-Dag-Resume' { Invoke-Dag @arguments -Resume }
        'Resume-Dag' { Resume-Dag @arguments }
        default { throw "Unknown command '$command'." }
    }
    $ended = [Diagnostics.Stopwatch]::GetTimestamp()

    $outcome = [ordered]@{
        Name     = $Name
        Step     = $step
        Command  = $command
        Pid      = $PID
        Started  = $started
        Ended    = $ended
        Status   = if ($result) { "$($result.Status)" } else { $null }
        Errors   = @($problems | ForEach-Object {
                [ordered]@{
                    Id     = "$($_.FullyQualifiedErrorId)"
                    Holder = if ($_.Exception.PSObject.Properties['Holder'] -and $_.Exception.Holder) { $_.Exception.Holder.ProcessId } else { $null }
                    Text   = "$_"
                }
            })
        Warnings = @($warnings | ForEach-Object { [ordered]@{ Id = "$($_.FullyQualifiedWarningId)"; Text = "$($_.Message)" } })
        Nodes    = @(if ($result) {
                $result.Nodes | ForEach-Object { [ordered]@{ Name = $_.Name; Status = "$($_.Status)"; Sums = @($_.Output | ForEach-Object { $_.Sum }) } }
            })
    }
    $file = Join-Path $Control "$Name.$step.json"
    Set-Content -Path "$file.tmp" -Value ($outcome | ConvertTo-Json -Depth 5)
    Move-Item "$file.tmp" $file -Force   # whole or absent: the test reads it as soon as it appears
}
