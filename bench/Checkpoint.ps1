#Requires -Version 7.4
<#
.SYNOPSIS
    Target 4: what the checkpoint costs: a run of independent no-op nodes with a checkpoint and with -NoCheckpoint.
.DESCRIPTION
    The two are run alternately in the same process (-Mode Parallel -Parallelism <cores> -OutputMode Silent), the
    .dagrunner folder removed before each run so every checkpointed run writes its checkpoint, journal and history
    from nothing. Times are wall-clock medians of the whole Invoke-Dag call.
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
$nodes = if ($full) { 10000 } else { 1000 }
$repeats = if ($full) { 15 } else { 2 } # single runs vary by 10-20 %: 15 pairs give a median that holds still
$p = [Environment]::ProcessorCount

$result = New-BenchResult -Name 'Checkpoint' -Title 'Target 4: checkpoint cost' -Mode $Mode
$result.settings = [ordered]@{ nodes = $nodes; repeats = $repeats; invokeDag = "-Mode Parallel -Parallelism $p -OutputMode Silent, with and without -NoCheckpoint" }
$folder = New-BenchFolder 'checkpoint'
try {
    $sb = [Text.StringBuilder]::new()
    [void]$sb.AppendLine('name: checkpointed').AppendLine('nodes:')
    for ($i = 0; $i -lt $nodes; $i++) { [void]$sb.AppendLine("  n$($i):").AppendLine("    run: '`$null'") }
    $path = Join-Path $folder 'checkpointed.dag.yaml'
    Set-Content $path $sb.ToString() -Encoding utf8NoBOM
    $state = Join-Path $folder '.dagrunner'
    $checkpointSize = 0
    $time = {
        param([bool] $checkpoint)
        Remove-Item $state -Recurse -Force -ErrorAction Ignore
        [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-Dag -Path $path -Mode Parallel -Parallelism $p -OutputMode Silent -NoCheckpoint:(-not $checkpoint)
        $ms = $watch.Elapsed.TotalMilliseconds
        if ($r.Status -ne 'Succeeded') { throw "The run ended $($r.Status)." }
        if ($checkpoint) {
            if (-not (Test-Path (Join-Path $state 'checkpointed.checkpoint.json'))) { throw 'No checkpoint was written.' }
            $script:checkpointSize = (Get-ChildItem $state -File -Recurse | Measure-Object Length -Sum).Sum
        }
        $ms
    }
    # Warm-up: both kinds of run until the JIT has settled (Invoke-WarmUp), so neither pays it in the timed runs.
    $warmRuns = Invoke-WarmUp { (& $time $false) + (& $time $true) }
    $on = [Collections.Generic.List[double]]::new()
    $off = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $repeats; $i++) {
        if ($i % 2) { $on.Add((& $time $true)); $off.Add((& $time $false)) } else { $off.Add((& $time $false)); $on.Add((& $time $true)) }
    }
    $onMs = Get-Median $on.ToArray()
    $offMs = Get-Median $off.ToArray()
    # Each pair ran back to back, so its difference is what the checkpoint cost at that moment's load.
    $pairMs = Get-Median @(for ($i = 0; $i -lt $repeats; $i++) { $on[$i] - $off[$i] })
    Add-BenchTable $result "$nodes independent no-op nodes, medians of $repeats (alternating order)" 'Run', 'ms', 'µs/node', 'ratio' @(
        , @('-NoCheckpoint', (Format-Num $offMs 0), (Format-Num ($offMs * 1000 / $nodes) 0), '1.00')
        , @('with checkpoint', (Format-Num $onMs 0), (Format-Num ($onMs * 1000 / $nodes) 0), (Format-Num ($onMs / $offMs) 3))
        , @('the checkpoint alone (median of each pair''s difference)', (Format-Num $pairMs 0), (Format-Num ($pairMs * 1000 / $nodes) 1), '')
    )
    Add-BenchTarget $result '4' "Checkpoint on / off, $nodes nodes" ($onMs / $offMs) 1.05 '×'
    $result.notes.Add("Warm-up before timing, each a run without and one with the checkpoint (at least 3, until two pairs in a row were not 5 % faster than the fastest before them, at most 10): $(($warmRuns | ForEach-Object { Format-Num $_ 0 }) -join ', ') ms.")
    $result.notes.Add("The checkpoint folder held $checkpointSize bytes after the last run (checkpoint, journal, history). All runs: $(($off | ForEach-Object { [int]$_ }) -join ', ') ms off; $(($on | ForEach-Object { [int]$_ }) -join ', ') ms on.")
}
finally {
    Remove-BenchFolder $folder
}
Save-BenchResult $result $OutFile
