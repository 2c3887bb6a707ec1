#Requires -Version 7.4
<#
.SYNOPSIS
    Target 6: peak memory per node with every node's result kept.
.DESCRIPTION
    Starts pwsh processes that import DagRunner and run a workflow of independent nodes, each writing one small
    object to its output, and keep the DagRunResult (all NodeResults and their outputs) alive to the end. The peak
    resident set of each process is read with /usr/bin/time -v (Maximum resident set size) when it exists, else
    from VmHWM in /proc/<pid>/status as the process ends. Per node = (peak with N nodes - peak with P nodes, the
    same process with the same runspaces) / (N - P). A bare `pwsh -NoProfile -c exit` is measured for reference.
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

$full = $Mode -eq 'Full'
$nodes = if ($full) { 10000 } else { 1000 }
$repeats = if ($full) { 3 } else { 1 }
$p = [Environment]::ProcessorCount
$manifest = Join-Path (Get-RepoRoot) 'DagRunner.psd1'
$method = Get-PeakMemoryMethod

function New-Workflow([string] $Folder, [int] $Count) {
    $sb = [Text.StringBuilder]::new()
    [void]$sb.AppendLine("name: mem$Count").AppendLine('nodes:')
    for ($i = 0; $i -lt $Count; $i++) { [void]$sb.AppendLine("  n$($i):").AppendLine("    run: '[pscustomobject]@{ Index = $i; Name = ''n$i'' }'") }
    $path = Join-Path $Folder "mem$Count.dag.yaml"
    Set-Content $path $sb.ToString() -Encoding utf8NoBOM
    return $path
}

$result = New-BenchResult -Name 'Memory' -Title 'Target 6: memory per node' -Mode $Mode
$result.settings = [ordered]@{ nodes = $nodes; repeats = $repeats; method = $method; invokeDag = "-NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p" }
$folder = New-BenchFolder 'memory'
try {
    $big = New-Workflow $folder $nodes
    $small = New-Workflow $folder $p
    $run = { param($path) "`$ErrorActionPreference = 'Stop'; Import-Module '$manifest'; `$r = Invoke-Dag -Path '$path' -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p; if (`$r.Status -ne 'Succeeded' -or `$r.Nodes.Count -ne (`$r.Nodes | Where-Object Output).Count) { exit 3 }; Write-Output ('MANAGED=' + [GC]::GetTotalMemory(`$true)); [GC]::KeepAlive(`$r)" }
    $bare = Get-Median @(1..$repeats | ForEach-Object { (Measure-PeakKb 'exit').PeakKb })
    $baseRuns = @(1..$repeats | ForEach-Object { Measure-PeakKb (& $run $small) })
    $base = Get-Median $baseRuns.PeakKb
    $baseManaged = Get-Tagged $baseRuns[-1].Output 'MANAGED'
    $bigRuns = @(1..$repeats | ForEach-Object { Measure-PeakKb (& $run $big) })
    $peak = Get-Median $bigRuns.PeakKb
    $bigManaged = Get-Tagged $bigRuns[-1].Output 'MANAGED'
    $managedPerNode = ($bigManaged - $baseManaged) / ($nodes - $p)
    $perNode = ($peak - $base) * 1024 / ($nodes - $p)
    Add-BenchTable $result "Peak resident set (KB), medians of $repeats" 'Process', 'peak RSS KB', 'over bare pwsh KB' @(
        , @('pwsh -NoProfile -c exit', $bare, 0)
        , @("Import-Module + $p nodes (baseline)", $base, ($base - $bare))
        , @("Import-Module + $nodes nodes, results kept", $peak, ($peak - $bare))
    )
    Add-BenchTable $result 'Per node' 'What', 'value' @(
        , @("(peak $nodes nodes - peak $p nodes) / $($nodes - $p)", "$(Format-Num $perNode 0) bytes/node")
        , @("(peak $nodes nodes - bare pwsh) / $nodes", "$(Format-Num (($peak - $bare) * 1024 / $nodes) 0) bytes/node")
        , @("managed heap after a full GC at the end (GC.GetTotalMemory(true)), $nodes nodes vs $p nodes, per node", "$(Format-Num $managedPerNode 0) bytes/node")
    )
    Add-BenchTarget $result '6' "Peak RSS per node over the baseline ($nodes nodes, results kept)" ($perNode / 1024) 6 'KB'
    $result.notes.Add("Peak memory: $method. Each node writes one [pscustomobject] with two properties; the DagRunResult is kept alive to the end.")
}
finally {
    Remove-BenchFolder $folder
}
Save-BenchResult $result $OutFile
