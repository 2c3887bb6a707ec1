# The kill test, shared by tests/Pester/KillResume.Tests.ps1 (20 kills) and bench/kill-resume.ps1 (as many as asked):
# a child pwsh runs a 30-node DAG and is killed with SIGKILL at a random moment; Resume-Dag must then finish the run
# without running again any node the checkpoint recorded as Succeeded, and with every output intact.
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

<#
.SYNOPSIS
    Writes the 30-node workflow into $Directory and returns its path and each node's expected output.
    Every node counts its runs in runs/<node>.txt and outputs its index plus the sums of its needs.
#>
function New-KillWorkflow {
    param([Parameter(Mandatory)] [string] $Directory, [int] $Nodes = 30, [int] $Seed = 42)
    New-Item -ItemType Directory -Force (Join-Path $Directory 'runs') | Out-Null
    $random = [Random]::new($Seed)
    $needs = @{}
    $expected = @{}
    $yaml = [Text.StringBuilder]::new("name: killme`nparallelism: 4`nnodes:`n")
    for ($i = 0; $i -lt $Nodes; $i++) {
        $mine = @(0..($i - 1) | Where-Object { $i -gt 0 -and $random.NextDouble() -lt 0.12 } | Select-Object -Last 3)
        $needs["n$i"] = $mine | ForEach-Object { "n$_" }
        $expected["n$i"] = $i + ($mine | ForEach-Object { $expected["n$_"] } | Measure-Object -Sum).Sum
        $sleep = 20 + $random.Next(100)
        [void]$yaml.Append("  n${i}:`n")
        if ($mine) { [void]$yaml.Append("    needs: [$(($needs["n$i"]) -join ', ')]`n") }
        [void]$yaml.Append("    run: |`n")
        [void]$yaml.Append("      Add-Content runs/n$i.txt 1`n")
        [void]$yaml.Append("      Start-Sleep -Milliseconds $sleep`n")
        [void]$yaml.Append("      `$sum = $i`n")
        [void]$yaml.Append("      foreach (`$need in `$Needs.Values) { `$sum += `$need.Sum }`n")
        [void]$yaml.Append("      [pscustomobject]@{ Node = 'n$i'; Sum = `$sum }`n")
    }
    $path = Join-Path $Directory 'killme.dag.yaml'
    Set-Content -Path $path -Value $yaml.ToString()
    [pscustomobject]@{ Path = $path; Expected = $expected; Directory = $Directory }
}

function Get-NodeRunCounts([string] $Directory) {
    $counts = @{}
    foreach ($file in Get-ChildItem (Join-Path $Directory 'runs') -Filter *.txt) {
        $counts[$file.BaseName] = @(Get-Content $file.FullName).Count
    }
    $counts
}

<#
.SYNOPSIS
    One kill: start the run in a child pwsh, SIGKILL it after a random delay once a node has started,
    resume in this session, and return what a test must check.
#>
function Invoke-KillAndResume {
    param([Parameter(Mandatory)] $Workflow, [Parameter(Mandatory)] [Random] $Random)
    $dir = $Workflow.Directory
    Remove-Item (Join-Path $dir 'runs/*'), (Join-Path $dir '.dagrunner') -Recurse -Force -ErrorAction Ignore
    $pwsh = Get-PwshCommand
    $manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path
    $psi = [Diagnostics.ProcessStartInfo]::new($pwsh.FileName)
    foreach ($arg in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$manifest'; Invoke-Dag '$($Workflow.Path)' | Out-Null")) {
        $psi.ArgumentList.Add($arg)
    }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($psi)
    try {
        $null = $process.StandardOutput.ReadToEndAsync()
        $null = $process.StandardError.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Get-ChildItem (Join-Path $dir 'runs') -Filter *.txt) -and -not $process.HasExited) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The child run never started a node.' }
            Start-Sleep -Milliseconds 5
        }
        $delay = $Random.Next(0, 900)
        Start-Sleep -Milliseconds $delay
        $completedBeforeKill = $process.HasExited
        $process.Kill()   # SIGKILL: no handler, no finally, no flush
        $process.WaitForExit()
    }
    finally {
        $process.Dispose()
    }

    $before = Get-NodeRunCounts $dir
    $checkpoint = Get-DagCheckpoint $Workflow.Path
    $succeeded = @($checkpoint.Nodes | Where-Object Status -eq 'Succeeded' | ForEach-Object Name)
    $result = if ($checkpoint.Status -eq 'Succeeded') { $null } else { Resume-Dag $Workflow.Path 6>$null 3>$null }
    [pscustomobject]@{
        DelayMs             = $delay
        CompletedBeforeKill = $completedBeforeKill
        SucceededBefore     = $succeeded
        CountsBefore        = $before
        CountsAfter         = Get-NodeRunCounts $dir
        Result              = $result
        Final               = Get-DagCheckpoint $Workflow.Path
    }
}

<#
.SYNOPSIS
    What went wrong in one kill-and-resume, as a list of sentences (empty when all is well).
#>
function Test-KillOutcome {
    param([Parameter(Mandatory)] $Outcome, [Parameter(Mandatory)] $Workflow)
    $problems = [Collections.Generic.List[string]]::new()
    foreach ($node in $Outcome.SucceededBefore) {
        if ($Outcome.CountsAfter[$node] -ne $Outcome.CountsBefore[$node]) {
            $problems.Add("$node was recorded Succeeded but ran again ($($Outcome.CountsBefore[$node]) -> $($Outcome.CountsAfter[$node]))")
        }
    }
    if ($Outcome.Final.Status -ne 'Succeeded') { $problems.Add("the resumed run ended $($Outcome.Final.Status)") }
    foreach ($state in $Outcome.Final.Nodes) {
        $output = @($state.RestoreOutput())
        if ($state.Status -ne 'Succeeded') { $problems.Add("$($state.Name) is $($state.Status)") }
        elseif ($output.Count -ne 1 -or $output[0].Sum -ne $Workflow.Expected[$state.Name]) {
            $problems.Add("$($state.Name) output is '$($output | ConvertTo-Json -Compress)', expected Sum $($Workflow.Expected[$state.Name])")
        }
    }
    if ($Outcome.Result) {
        foreach ($node in $Outcome.Result.Nodes) {
            if ($node.Output.Count -ne 1 -or $node.Output[0].Sum -ne $Workflow.Expected[$node.Name]) {
                $problems.Add("$($node.Name) result output Sum $($node.Output[0].Sum), expected $($Workflow.Expected[$node.Name])")
            }
        }
    }
    $problems
}

Export-ModuleMember -Function New-KillWorkflow, Invoke-KillAndResume, Test-KillOutcome, Get-NodeRunCounts
