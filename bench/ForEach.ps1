#Requires -Version 7.4
<#
.SYNOPSIS
    Target 8: a foreach over many items with a no-op body: cost per instance against a no-op node, and peak memory
    per instance.
.DESCRIPTION
    Time (one process, after a warm-up until the JIT has settled, the two kinds taking turns): `foreach: "1..N"` with `run: '$null'` against N independent no-op
    nodes (an inline -Definition, so no YAML of N nodes is parsed), both with -NoCheckpoint -OutputMode Silent
    -Mode Parallel -Parallelism <cores>; medians of the repeats. Per instance = the run (DagRunResult.Duration) / N,
    and the whole cmdlet call / N. Memory: fresh pwsh processes run the foreach over N items and over <cores>
    items and keep the result; per instance = (peak RSS with N - peak RSS with <cores>) / (N - <cores>), peak read
    as bench/Memory.ps1 reads it (Measure-PeakKb in BenchCommon.psm1).
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
$items = if ($full) { 100000 } else { 10000 }
$repeats = if ($full) { 3 } else { 1 }
$p = [Environment]::ProcessorCount
$manifest = Join-Path (Get-RepoRoot) 'DagRunner.psd1'
$invoke = @{ NoCheckpoint = $true; OutputMode = 'Silent'; Mode = 'Parallel'; Parallelism = $p }
$foreach = { param([int] $Count) @{ name = 'fe'; nodes = @{ f = @{ foreach = "1..$Count"; run = '$null' } } } }
$nodes = [ordered]@{}
foreach ($i in 1..$items) { $nodes["n$i"] = @{ run = '$null' } }
$independent = @{ name = 'nodes'; nodes = $nodes }

$result = New-BenchResult -Name 'ForEach' -Title 'Target 8: foreach over many items' -Mode $Mode
$result.settings = [ordered]@{ items = $items; repeats = $repeats; invokeDag = "-NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p" }

# Warm-up: JIT and runspaces, for both shapes.
Invoke-Dag -Definition (& $foreach 200) @invoke | Out-Null
Invoke-Dag -Definition @{ name = 'warm'; nodes = @{ a = @{ run = '$null' }; b = @{ run = '$null' } } } @invoke | Out-Null

$measure = {
    param($Definition, [int] $Expected)
    [GC]::Collect()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $run = Invoke-Dag -Definition $Definition @invoke
    $call = $watch.Elapsed.TotalMilliseconds
    if ($run.Status -ne 'Succeeded') { throw "The run ended $($run.Status)." }
    $ran = @($run.Nodes | Where-Object { $_.Status -eq 'Succeeded' -and $_.Name -ne 'f' }).Count
    if ($ran -ne $Expected) { throw "$ran of $Expected ran." }
    [pscustomobject]@{ Call = $call; Run = $run.Duration.TotalMilliseconds }
}
# Warm-up: both kinds until the JIT has settled (Invoke-WarmUp), then the repeats take turns, so neither kind is
# timed colder than the other (the first 100,000-item foreach in a process took 7.9 s, later ones 4.9-5.7 s).
$feDefinition = & $foreach $items
$warmRuns = Invoke-WarmUp { (& $measure $feDefinition $items).Run + (& $measure $independent $items).Run }
$feRuns = [Collections.Generic.List[object]]::new()
$nodeRuns = [Collections.Generic.List[object]]::new()
for ($repeat = 0; $repeat -lt $repeats; $repeat++) {
    $feRuns.Add((& $measure $feDefinition $items))
    $nodeRuns.Add((& $measure $independent $items))
}
$feRun = Get-Median $feRuns.Run
$feCall = Get-Median $feRuns.Call
$nodeRun = Get-Median $nodeRuns.Run
$nodeCall = Get-Median $nodeRuns.Call
Add-BenchTable $result "Time, medians of $repeats (ms; µs per instance or node)" 'What', 'run ms', 'run µs each', 'whole call ms', 'whole call µs each' @(
    , @("foreach over $items items", (Format-Num $feRun 0), (Format-Num ($feRun * 1000 / $items) 1), (Format-Num $feCall 0), (Format-Num ($feCall * 1000 / $items) 1))
    , @("$items independent no-op nodes", (Format-Num $nodeRun 0), (Format-Num ($nodeRun * 1000 / $items) 1), (Format-Num $nodeCall 0), (Format-Num ($nodeCall * 1000 / $items) 1))
    , @('foreach / nodes', (Format-Num ($feRun / $nodeRun) 3), '', (Format-Num ($feCall / $nodeCall) 3), '')
)
Add-BenchTarget $result '8a' "foreach instance / no-op node, the run ($items items)" ($feRun / $nodeRun) 1.1 '×'

$peakOf = {
    param([int] $Count)
    $command = "`$ErrorActionPreference = 'Stop'; Import-Module '$manifest'; `$r = Invoke-Dag -Definition @{ name = 'fe'; nodes = @{ f = @{ foreach = '1..$Count'; run = '`$null' } } } -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p; if (`$r.Status -ne 'Succeeded' -or `$r.Nodes.Count -ne $($Count + 1)) { exit 3 }; [GC]::KeepAlive(`$r)"
    (Measure-PeakKb $command).PeakKb
}
$base = Get-Median @(1..$repeats | ForEach-Object { & $peakOf $p })
$peak = Get-Median @(1..$repeats | ForEach-Object { & $peakOf $items })
$perInstance = ($peak - $base) * 1024 / ($items - $p)
Add-BenchTable $result "Peak resident set (KB), fresh processes, medians of $repeats" 'Process', 'peak RSS KB', 'per instance' @(
    , @("foreach over $p items", $base, '')
    , @("foreach over $items items, result kept", $peak, "$(Format-Num $perInstance 0) bytes")
)
Add-BenchTarget $result '8b' "Peak RSS per foreach instance ($items items, result kept)" ($perInstance / 1024) 6 'KB'
$result.notes.Add("Peak memory: $(Get-PeakMemoryMethod).")
$result.notes.Add('Instances and nodes have the same no-op body ($null); the foreach result holds the foreach node and one NodeResult per instance.')
$result.notes.Add("Warm-up before timing, each a foreach run and a nodes run (at least 3, until two pairs in a row were not 5 % faster than the fastest before them, at most 10): $(($warmRuns | ForEach-Object { Format-Num $_ 0 }) -join ', ') ms; then the repeats take turns.")
Save-BenchResult $result $OutFile
