#Requires -Version 7.4
<#
.SYNOPSIS
    -Mode Adaptive against fixed caps on a mixed workload (sleeping nodes and CPU-bound nodes) and on each pure one.
.DESCRIPTION
    Three workflows of independent nodes: sleeping nodes (Start-Sleep 200 ms), CPU-bound nodes (a PowerShell loop
    calibrated to about 200 ms on one core here), and both together. Each runs with -Mode Adaptive (cap from the
    processor count up to -Parallelism <large>), and with -Mode Parallel at P = cores and at P = <large>.
    Times are wall-clock medians of the whole Invoke-Dag call (-NoCheckpoint -OutputMode Silent).
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
Import-DagRunnerForBench

$full = $Mode -eq 'Full'
$sleepers = if ($full) { 120 } else { 24 }
$burners = if ($full) { 24 } else { 4 }
$repeats = if ($full) { 3 } else { 1 }
$cores = [Environment]::ProcessorCount
$large = 64

# The CPU-bound body: Thread.SpinWait, calibrated here to about 200 ms on one core (the shortest of three tries, so
# time this process spent descheduled counts less). A .NET call, so it does not depend on when PowerShell compiles
# a node's script.
$probe = 2000000
$ms = (1..3 | ForEach-Object { Measure-Ms { [Threading.Thread]::SpinWait($probe) } } | Measure-Object -Minimum).Minimum
$iterations = [int]($probe * 200 / [Math]::Max(1, $ms))
$cpuBody = "[System.Threading.Thread]::SpinWait($iterations)"

function New-Workflow([string] $Name, [int] $Sleep, [int] $Cpu) {
    $nodes = [ordered]@{}
    for ($i = 0; $i -lt $Sleep; $i++) { $nodes["sleep$i"] = @{ run = 'Start-Sleep -Milliseconds 200' } }
    for ($i = 0; $i -lt $Cpu; $i++) { $nodes["cpu$i"] = @{ run = $cpuBody } }
    [ordered]@{ name = $Name; nodes = $nodes }
}

$workloads = [ordered]@{
    "mixed ($sleepers sleeping + $burners CPU-bound)" = New-Workflow 'mixed' $sleepers $burners
    "sleeping only ($sleepers)"                        = New-Workflow 'sleep' $sleepers 0
    "CPU-bound only ($burners)"                        = New-Workflow 'cpu' 0 $burners
}
$configs = @(
    @{ Name = "Adaptive (cap $cores..$large)"; Mode = 'Adaptive'; P = $large }
    @{ Name = "Parallel P = $cores (cores)"; Mode = 'Parallel'; P = $cores }
    @{ Name = "Parallel P = $large"; Mode = 'Parallel'; P = $large }
)

$result = New-BenchResult -Name 'Adaptive' -Title 'Adaptive mode against fixed caps' -Mode $Mode
$result.settings = [ordered]@{ sleepers = $sleepers; cpuBound = $burners; spinWaitIterations = $iterations; repeats = $repeats; invokeDag = '-NoCheckpoint -OutputMode Silent' }
Invoke-Dag -Definition (New-Workflow 'warm' 4 1) -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $cores | Out-Null
$rows = [Collections.Generic.List[object]]::new()
$worstAdaptive = 0.0
$mixedBestFixed = 0.0
$mixedAdaptive = 0.0
foreach ($workload in $workloads.GetEnumerator()) {
    # The configurations take turns, each repeat starting with the next one, so that none always runs first (cold) or
    # always right after another (the runspaces it kept); a drift in the machine's load falls on each alike.
    $runs = @{}
    foreach ($config in $configs) { $runs[$config.Name] = [Collections.Generic.List[object]]::new() }
    for ($repeat = 0; $repeat -lt $repeats; $repeat++) {
        for ($turn = 0; $turn -lt $configs.Count; $turn++) {
            $config = $configs[($repeat + $turn) % $configs.Count]
            [GC]::Collect()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $r = Invoke-Dag -Definition $workload.Value -NoCheckpoint -OutputMode Silent -Mode $config.Mode -Parallelism $config.P
            $elapsed = $watch.Elapsed.TotalMilliseconds
            if ($r.Status -ne 'Succeeded') { throw "$($workload.Key) with $($config.Name) ended $($r.Status)." }
            $runs[$config.Name].Add([pscustomobject]@{ Ms = $elapsed; Peak = $r.PeakConcurrency })
        }
    }
    $times = [ordered]@{}
    $peaks = [ordered]@{}
    foreach ($config in $configs) {
        $times[$config.Name] = Get-Median $runs[$config.Name].Ms
        $peaks[$config.Name] = ($runs[$config.Name].Peak | Measure-Object -Maximum).Maximum
    }
    $adaptive = $times[0]
    $bestFixed = [Math]::Min($times[1], $times[2])
    $worstAdaptive = [Math]::Max($worstAdaptive, $adaptive / $bestFixed)
    if ($workload.Key -like 'mixed*') { $mixedAdaptive = $adaptive; $mixedBestFixed = $bestFixed }
    $rows.Add(@($workload.Key) + @($configs | ForEach-Object { "$(Format-Num $times[$_.Name] 0) (peak $($peaks[$_.Name]))" }) + @((Format-Num ($adaptive / $bestFixed) 2)))
}
Add-BenchTable $result "Wall-clock ms (peak concurrency), medians of $repeats" (@('Workload') + @($configs.Name) + 'Adaptive / best fixed') $rows
Add-BenchTarget $result '7m' 'Mixed workload: Adaptive / best fixed cap' ($mixedAdaptive / $mixedBestFixed) 1.0 '×'
Add-BenchTarget $result '7' 'Every workload (the worst of three): Adaptive / best fixed cap' $worstAdaptive 1.05 '×'
$result.notes.Add("CPU-bound node: [Threading.Thread]::SpinWait($iterations), calibrated to about 200 ms on one core at the start of this benchmark. Sleeping node: Start-Sleep -Milliseconds 200.")
$result.notes.Add('Adaptive reads the machine''s CPU use, not just this process''s: on a shared, busy machine it sees a saturated CPU and keeps the cap low.')
Save-BenchResult $result $OutFile
