#Requires -Version 7.4
<#
.SYNOPSIS
    Target 1: what DagRunner costs per node, against a raw RunspacePool loop in the same process, Invoke-Build
    and ForEach-Object -Parallel.
.DESCRIPTION
    Independent no-op nodes and a chain of no-op nodes through Invoke-Dag (-NoCheckpoint -OutputMode Silent
    -Mode Parallel -Parallelism <cores>), each against a raw RunspacePool loop written in C# (same parallelism,
    at most 2 x P invocations in flight, each disposed as it ends; a chain keeps one in flight). The raw loop
    runs the node text with AddScript, as a straightforward pool user would, and, as a second baseline, a
    function defined once in the pool's initial session state and invoked with AddCommand.
    Then a trivial body ($x = 1 + 1) on independent nodes, Invoke-Build with 1,000 empty tasks, and
    ForEach-Object -Parallel with an empty body. Times are wall-clock medians over the repeats, including
    loading and planning the workflow file (Invoke-Dag) and opening the pool (raw loop).
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    [string] $OutFile,
    [string] $InvokeBuildPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-DagRunnerForBench

$full = $Mode -eq 'Full'
$nodes = if ($full) { 10000 } else { 1000 }
$repeats = if ($full) { 3 } else { 1 }
$pairs1a = if ($full) { 7 } else { 1 }
$ibTasks = if ($full) { 1000 } else { 200 }
$feItems = if ($full) { 2000 } else { 300 }
$p = [Environment]::ProcessorCount

Add-Type -TypeDefinition @'
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

public static class RawPoolLoop
{
    // Runs `count` invocations through a pool of `parallelism` runspaces, at most `window` in flight, each ended and
    // disposed in the order it was started. With asFunction the script is a function of the initial session state
    // (compiled once per runspace) invoked with AddCommand; else each invocation is AddScript(script), or with
    // distinct, AddScript(script + " # " + i / runsPerText): each invocation its own text (or each text run by
    // runsPerText invocations), as the nodes of a real workflow.
    // Returns the elapsed milliseconds, pool open and close included.
    public static double Run(int count, int parallelism, int window, string script, bool asFunction, bool distinct = false, int runsPerText = 1)
    {
        var watch = Stopwatch.StartNew();
        var state = InitialSessionState.CreateDefault2();
        if (asFunction) state.Commands.Add(new SessionStateFunctionEntry("Invoke-BenchNode", script));
        using (var pool = RunspaceFactory.CreateRunspacePool(state))
        {
            pool.SetMinRunspaces(1);
            pool.SetMaxRunspaces(parallelism);
            pool.Open();
            var inFlight = new Queue<KeyValuePair<PowerShell, System.IAsyncResult>>();
            for (int i = 0; i < count; i++)
            {
                if (inFlight.Count >= window) End(inFlight.Dequeue());
                var ps = PowerShell.Create();
                ps.RunspacePool = pool;
                if (asFunction) ps.AddCommand("Invoke-BenchNode"); else ps.AddScript(distinct ? script + " # " + (i / runsPerText) : script);
                inFlight.Enqueue(new KeyValuePair<PowerShell, System.IAsyncResult>(ps, ps.BeginInvoke()));
            }
            while (inFlight.Count > 0) End(inFlight.Dequeue());
        }
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void End(KeyValuePair<PowerShell, System.IAsyncResult> item)
    {
        item.Key.EndInvoke(item.Value);
        item.Key.Dispose();
    }
}
'@

function New-Workflow([string] $Folder, [string] $Name, [int] $Count, [string] $Body, [switch] $Chain, [string] $Header, [switch] $Distinct, [int] $RunsPerText = 1) {
    $sb = [Text.StringBuilder]::new()
    [void]$sb.AppendLine("name: $Name")
    if ($Header) { [void]$sb.AppendLine($Header) }
    [void]$sb.AppendLine('nodes:')
    $quoted = "'" + $Body.Replace("'", "''") + "'"
    for ($i = 0; $i -lt $Count; $i++) {
        $run = if ($Distinct) { "'" + ($Body + " # $([Math]::Floor($i / $RunsPerText))").Replace("'", "''") + "'" } else { $quoted }
        [void]$sb.AppendLine("  n$($i):").AppendLine("    run: $run")
        if ($Chain -and $i) { [void]$sb.AppendLine("    needs: [n$($i - 1)]") }
    }
    $path = Join-Path $Folder "$Name.dag.yaml"
    Set-Content -Path $path -Value $sb.ToString() -Encoding utf8NoBOM
    return $path
}

# One Invoke-Dag run: wall-clock ms of the whole call and ms of the run itself (DagRunResult.Duration).
function Invoke-DagTimed([string] $Path, [string] $RunMode = 'Parallel') {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $result = Invoke-Dag -Path $Path -NoCheckpoint -OutputMode Silent -Mode $RunMode -Parallelism $p
    $wall = $watch.Elapsed.TotalMilliseconds
    if ($result.Status -ne 'Succeeded') { throw "$Path ended $($result.Status)." }
    [pscustomobject]@{ Wall = $wall; Run = $result.Duration.TotalMilliseconds }
}

function Measure-Dag([string] $Path, [string] $RunMode = 'Parallel') {
    $runs = @(1..$repeats | ForEach-Object { [GC]::Collect(); Invoke-DagTimed $Path $RunMode })
    [pscustomobject]@{ Wall = Get-Median $runs.Wall; Run = Get-Median $runs.Run }
}

# What the collector did during one call of $Action: collections by generation, pause time and bytes allocated.
function Measure-Collector([scriptblock] $Action) {
    [GC]::Collect()
    $before = @(0, 1, 2 | ForEach-Object { [GC]::CollectionCount($_) })
    $pause = [GC]::GetTotalPauseDuration()
    $allocated = [GC]::GetTotalAllocatedBytes($true)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Action | Out-Null
    $ms = $watch.Elapsed.TotalMilliseconds
    $after = @(0, 1, 2 | ForEach-Object { [GC]::CollectionCount($_) })
    [pscustomobject]@{
        Ms = $ms; Gen0 = $after[0] - $before[0]; Gen1 = $after[1] - $before[1]; Gen2 = $after[2] - $before[2]
        PauseMs = ([GC]::GetTotalPauseDuration() - $pause).TotalMilliseconds
        AllocatedMB = ([GC]::GetTotalAllocatedBytes($true) - $allocated) / 1MB
    }
}

# Target 1a's row: Invoke-Dag and the raw loop take turns, the order alternating, so a slow moment of the machine
# falls on both (measured one block after the other, the row moved from 0.92 to 1.22 × between runs of the same code).
function Measure-DagAgainstRaw([string] $Path, [int] $Pairs) {
    $dag = [Collections.Generic.List[object]]::new()
    $raw = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Pairs; $i++) {
        $timeDag = { [GC]::Collect(); $dag.Add((Invoke-DagTimed $Path)) }
        $timeRaw = { [GC]::Collect(); $raw.Add([RawPoolLoop]::Run($nodes, $p, 2 * $p, $noop, $false)) }
        if ($i % 2) { & $timeRaw; & $timeDag } else { & $timeDag; & $timeRaw }
    }
    [pscustomobject]@{
        Dag = [pscustomobject]@{ Wall = Get-Median @($dag.Wall); Run = Get-Median @($dag.Run) }
        Raw = Get-Median $raw.ToArray()
        DagRuns = @($dag.Wall)
        RawRuns = $raw.ToArray()
    }
}

function Measure-Raw([int] $Count, [int] $Window, [string] $Body, [bool] $AsFunction, [bool] $Distinct = $false, [int] $RunsPerText = 1) {
    Get-Median @(1..$repeats | ForEach-Object { [GC]::Collect(); [RawPoolLoop]::Run($Count, $p, $Window, $Body, $AsFunction, $Distinct, $RunsPerText) })
}

$result = New-BenchResult -Name 'Overhead' -Title 'Target 1: per-node overhead' -Mode $Mode
$result.settings = [ordered]@{
    nodes = $nodes; repeats = $repeats; pairs1a = $pairs1a; parallelism = $p; invokeBuildTasks = $ibTasks; forEachParallelItems = $feItems
    invokeDag = "-NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p (and the default -Mode Adaptive for one row)"
}
$folder = New-BenchFolder 'overhead'
try {
    $noop = '$null'
    $trivial = '$x = 1 + 1'
    $flat = New-Workflow $folder 'flat' $nodes $noop
    $chain = New-Workflow $folder 'chain' $nodes $noop -Chain
    $flatTrivial = New-Workflow $folder 'flat-trivial' $nodes $trivial
    $flatDistinct = New-Workflow $folder 'flat-distinct' $nodes $noop -Distinct
    $flatPaired = New-Workflow $folder 'flat-paired' $nodes $noop -Distinct -RunsPerText 2
    $warm = New-Workflow $folder 'warm' 200 $trivial

    # The same no-op nodes with shared code: a module file and a setup, prepared once per runspace, never per node.
    Set-Content -Path (Join-Path $folder 'Shared.psm1') -Value 'function Get-Shared { 1 }'
    $sharedHeader = "modules: [./Shared.psm1]`nsetup: |`n  function Get-Setup { 2 }`n  `$SetupValue = 3"
    $flatShared = New-Workflow $folder 'flat-shared' $nodes $noop -Header $sharedHeader

    # Warm-up: JIT the engine, the loader and the raw loop before anything is timed; the full-size file runs
    # until the JIT has settled (Invoke-WarmUp).
    Invoke-DagTimed $warm | Out-Null
    $warmRuns = Invoke-WarmUp { (Invoke-DagTimed $flat).Wall }
    [RawPoolLoop]::Run(200, $p, 2 * $p, $trivial, $false) | Out-Null
    [RawPoolLoop]::Run(200, $p, 2 * $p, $trivial, $true) | Out-Null

    $rows = [Collections.Generic.List[object]]::new()
    $perNode = { param($ms, $n) Format-Num ($ms * 1000 / $n) 0 }
    $add = {
        param($what, $dag, $rawScript, $rawFunction, $n)
        $rows.Add(@($what, (Format-Num $dag.Wall 0), (Format-Num $dag.Run 0), (& $perNode $dag.Wall $n),
                (Format-Num $rawScript 0), (& $perNode $rawScript $n), (Format-Num $rawFunction 0), (& $perNode $rawFunction $n),
                (Format-Num ($dag.Wall / $rawScript) 2), (Format-Num ($dag.Wall / $rawFunction) 2)))
    }

    $flat1a = Measure-DagAgainstRaw $flat $pairs1a
    $flatDag = $flat1a.Dag
    $flatRaw = $flat1a.Raw
    $flatRawFn = Measure-Raw $nodes (2 * $p) $noop $true
    & $add "$nodes independent no-op nodes" $flatDag $flatRaw $flatRawFn $nodes

    $chainDag = Measure-Dag $chain
    $chainRaw = Measure-Raw $nodes 1 $noop $false
    $chainRawFn = Measure-Raw $nodes 1 $noop $true
    & $add "$nodes-node no-op chain" $chainDag $chainRaw $chainRawFn $nodes

    $trivialDag = Measure-Dag $flatTrivial
    $trivialRaw = Measure-Raw $nodes (2 * $p) $trivial $false
    $trivialRawFn = Measure-Raw $nodes (2 * $p) $trivial $true
    & $add "$nodes independent nodes, `$x = 1 + 1" $trivialDag $trivialRaw $trivialRawFn $nodes

    # Each node its own script text ('$null # <i>'), as in a real workflow: nothing is shared between nodes.
    $distinctDag = Measure-Dag $flatDistinct
    $distinctRaw = Measure-Raw $nodes (2 * $p) $noop $false $true
    & $add "$nodes independent no-op nodes, each its own script" $distinctDag $distinctRaw $flatRawFn $nodes

    # Each script run by two nodes ('$null # <i / 2>'): a text's second run is where DagRunner defines its function.
    $pairedDag = Measure-Dag $flatPaired
    $pairedRaw = Measure-Raw $nodes (2 * $p) $noop $false $true 2
    & $add "$nodes independent no-op nodes, each script run by two" $pairedDag $pairedRaw $flatRawFn $nodes

    $sharedDag = Measure-Dag $flatShared
    & $add "$nodes independent no-op nodes, with modules: and setup:" $sharedDag $flatRaw $flatRawFn $nodes

    $adaptiveDag = Measure-Dag $flat 'Adaptive'
    $rows.Add(@("$nodes independent no-op nodes, -Mode Adaptive", (Format-Num $adaptiveDag.Wall 0), (Format-Num $adaptiveDag.Run 0),
            (& $perNode $adaptiveDag.Wall $nodes), (Format-Num $flatRaw 0), (& $perNode $flatRaw $nodes), (Format-Num $flatRawFn 0),
            (& $perNode $flatRawFn $nodes), (Format-Num ($adaptiveDag.Wall / $flatRaw) 2), (Format-Num ($adaptiveDag.Wall / $flatRawFn) 2)))

    Add-BenchTable $result "Invoke-Dag against a raw RunspacePool loop (P = $p, medians of $repeats; the first row $pairs1a of each, taking turns)" `
        'Workload', 'Invoke-Dag ms', 'of which run ms', 'Invoke-Dag µs/node', 'raw AddScript ms', 'raw AddScript µs/node', 'raw function ms', 'raw function µs/node', 'Invoke-Dag / raw AddScript', 'Invoke-Dag / raw function' `
        $rows

    # The collector's share of the first row: one more run of each, counted (a collection counts in every lower
    # generation too: [GC]::CollectionCount(0) counts them all).
    $gcRows = foreach ($run in @(
            @("Invoke-Dag, $nodes independent no-op nodes", { Invoke-Dag -Path $flat -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p }),
            @('raw AddScript pool loop, the same', { [RawPoolLoop]::Run($nodes, $p, 2 * $p, $noop, $false) }))) {
        $c = Measure-Collector $run[1]
        , @($run[0], (Format-Num $c.Ms 0), (Format-Num $c.AllocatedMB 1), $c.Gen0, $c.Gen1, $c.Gen2, (Format-Num $c.PauseMs 0))
    }
    Add-BenchTable $result 'The collector during one more run of the first row' 'Run', 'ms', 'allocated MB', 'collections', 'of which gen1 or gen2', 'of which gen2', 'pauses ms' $gcRows

    Add-BenchTarget $result '1a' "$nodes independent no-op nodes: Invoke-Dag / raw AddScript pool loop" ($flatDag.Wall / $flatRaw) 1.2 '×'
    Add-BenchTarget $result '1b' "$nodes-node chain: Invoke-Dag / raw AddScript pool loop" ($chainDag.Wall / $chainRaw) 1.2 '×'
    Add-BenchTarget $result '1c' 'Trivial body ($x = 1 + 1): Invoke-Dag µs per node' ($trivialDag.Wall * 1000 / $nodes) 150 'µs'
    $result.notes.Add("First row (target 1a): Invoke-Dag and the raw AddScript loop took turns, the order alternating; all runs: $(($flat1a.DagRuns | ForEach-Object { [int]$_ }) -join ', ') ms Invoke-Dag; $(($flat1a.RawRuns | ForEach-Object { [int]$_ }) -join ', ') ms raw.")
    $result.notes.Add("With modules: and setup: (one module file, a setup defining a function and a variable), the $nodes no-op nodes took $(Format-Num $sharedDag.Wall 0) ms against $(Format-Num $flatDag.Wall 0) ms without: $(Format-Num ($sharedDag.Wall / $flatDag.Wall) 3) x.")

    # Invoke-Build: 1,000 empty tasks, which it runs one after another, in this process.
    $compare = [Collections.Generic.List[object]]::new()
    $ibFlat = New-Workflow $folder 'ib-size' $ibTasks $noop
    $ibDag = Measure-Dag $ibFlat
    $dagPer = $ibDag.Wall * 1000 / $ibTasks
    $compare.Add(@("Invoke-Dag, $ibTasks independent no-op nodes", (Format-Num $ibDag.Wall 0), (Format-Num $dagPer 0), '1.00'))
    if ($InvokeBuildPath -and (Test-Path $InvokeBuildPath)) {
        $buildScript = Join-Path $folder 'many.build.ps1'
        $lines = @(for ($i = 0; $i -lt $ibTasks; $i++) { "task t$i { `$null }" })
        $lines += "task . $((0..($ibTasks - 1) | ForEach-Object { "t$_" }) -join ', ')"
        Set-Content $buildScript ($lines -join "`n") -Encoding utf8NoBOM
        $warmScript = Join-Path $folder 'warm.build.ps1'
        Set-Content $warmScript ((@(0..19 | ForEach-Object { "task w$_ { `$null }" }) + "task . $((0..19 | ForEach-Object { "w$_" }) -join ', ')") -join "`n") -Encoding utf8NoBOM
        & $InvokeBuildPath -File $warmScript *> $null # warm-up: load and compile Invoke-Build once
        $ib = Get-Median @(1..$repeats | ForEach-Object { Measure-Ms { & $InvokeBuildPath -File $buildScript *> $null } })
        $ibPer = $ib * 1000 / $ibTasks
        $compare.Add(@("Invoke-Build 5.14.23, $ibTasks empty tasks (sequential, output to `$null)", (Format-Num $ib 0), (Format-Num $ibPer 0), (Format-Num ($ibPer / $dagPer) 2)))
        $result.invokeBuildPerTaskUs = [Math]::Round($ibPer, 1)
    }
    else {
        $result.notes.Add('Invoke-Build was not found (restore bench/tools.proj); its row is missing.')
    }
    $fe = Get-Median @(1..$repeats | ForEach-Object { Measure-Ms { 1..$feItems | ForEach-Object -Parallel { $null } -ThrottleLimit $p } })
    $fePer = $fe * 1000 / $feItems
    $compare.Add(@("ForEach-Object -Parallel -ThrottleLimit $p, $feItems items, `$null body", (Format-Num $fe 0), (Format-Num $fePer 0), (Format-Num ($fePer / $dagPer) 2)))
    Add-BenchTable $result 'Against Invoke-Build and ForEach-Object -Parallel (per-item cost / Invoke-Dag per-node cost)' `
        'Runner', 'total ms', 'µs per item', '× Invoke-Dag' $compare

    $result.notes.Add("Warm-up runs of the $nodes-node file before timing (at least 3, until two in a row were not 5 % faster than the fastest before them, at most 10): $(($warmRuns | ForEach-Object { Format-Num $_ 0 }) -join ', ') ms.")
    $result.notes.Add("Invoke-Dag times are the whole cmdlet call (load, validate, plan and run the generated YAML file); 'of which run ms' is DagRunResult.Duration.")
    $result.notes.Add('Raw loops: a C# RunspacePool loop (Add-Type) with the same parallelism, at most 2 x P in flight (1 for the chain), each PowerShell disposed as it ends; pool open and close included.')
    $result.notes.Add('The row "each its own script" gives node i the text ''$null # i'' and the raw AddScript loop the same texts (its raw function column is the one shared function, as above); "each script run by two" gives nodes 2k and 2k+1 the text ''$null # k'', and the raw loop the same.')
}
finally {
    Remove-BenchFolder $folder
}
Save-BenchResult $result $OutFile
