#Requires -Version 7.4
<#
.SYNOPSIS
    Target 2: makespan on real workflow DAGs against the CP-first list schedule replayed with the run's own
    measured node durations, the static list schedule and the lower bound.
.DESCRIPTION
    Each DAG of bench/workflows/ becomes a workflow whose nodes run Start-Sleep -Milliseconds <runtime>, with the
    runtimes scaled so that the lower bound max(CP, work/P) at the chosen P is about -LowerBoundSeconds. Invoke-Dag
    runs it twice with -Mode Parallel -Parallelism P -OutputMode Silent and a checkpoint (in a temp folder): the
    first run has no history (estimates: one unit per node), the second uses the durations the first recorded
    (.dagrunner/<name>.history.json). Makespan = DagRunResult.Duration. It is compared with list_rank (the
    event-driven CP-first list schedule at zero overhead) and lower_bound_strong (LB+) of
    reference_makespans.json, both scaled the same way, with the replay (the same list schedule fed run 2's measured
    node durations, EndTime - StartTime: Start-Sleep's lateness included, dispatch excluded), and with a level-by-level ForEach-Object -Parallel
    -ThrottleLimit P run of the same sleeps (one call per dependency level).
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    [string] $OutFile,
    [string[]] $Workflow
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-DagRunnerForBench

$full = $Mode -eq 'Full'
$lowerBoundSeconds = if ($full) { 3.0 } else { 1.0 }
$procs = if ($full) { 4, 16 } else { , 4 }
$dataDir = Join-Path $PSScriptRoot 'workflows'
$reference = Get-Content (Join-Path $dataDir 'reference_makespans.json') -Raw | ConvertFrom-Json
$names = if ($Workflow) { $Workflow }
elseif ($full) { $reference.name }
else { 'heft-paper-10', 'montage-25', 'epigenomics-hep-41', 'cycles-266' }

function ConvertTo-DagYaml($Dag, [double] $Scale, [string] $Name) {
    $ids = @{}
    $i = 0
    foreach ($task in $Dag.tasks) { $ids[$task.id] = "t$i"; $i++ }
    $sb = [Text.StringBuilder]::new()
    [void]$sb.AppendLine("name: $Name").AppendLine('nodes:')
    foreach ($task in $Dag.tasks) {
        $ms = [int][Math]::Round($task.runtime_s * $Scale * 1000)
        [void]$sb.AppendLine("  $($ids[$task.id]):").AppendLine("    run: 'Start-Sleep -Milliseconds $ms'")
        if ($task.deps.Count) { [void]$sb.AppendLine("    needs: [$(($task.deps | ForEach-Object { $ids[$_] }) -join ', ')]") }
    }
    return $sb.ToString()
}

# Dependency levels: a task's level is one more than its deepest parent's (tasks are listed in topological order).
function Get-Levels($Dag, [double] $Scale) {
    $level = @{}
    foreach ($task in $Dag.tasks) {
        $l = 0
        foreach ($d in $task.deps) { $l = [Math]::Max($l, $level[$d] + 1) }
        $level[$task.id] = $l
    }
    $Dag.tasks | Group-Object { $level[$_.id] } | Sort-Object { [int]$_.Name } | ForEach-Object {
        , @($_.Group | ForEach-Object { [int][Math]::Round($_.runtime_s * $Scale * 1000) })
    }
}

# The CP-first list schedule replayed with the durations a run measured for its own nodes (zero overhead, same
# graph, same P): what the run would have taken had the scheduler dispatched instantly. Priority = bottom level
# (longest path to an exit through measured durations); when a processor frees, the ready task of highest
# priority starts (ties: lower task index). run / replay is what scheduling and dispatch cost, free of
# Start-Sleep's own lateness, which is inside each measured duration.
Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
public static class ListScheduleReplay
{
    public static double Makespan(int[][] deps, double[] durations, int processors)
    {
        int n = durations.Length;
        var children = new List<int>[n];
        var waiting = new int[n];
        for (int i = 0; i < n; i++) { children[i] = new List<int>(); }
        for (int i = 0; i < n; i++) { waiting[i] = deps[i].Length; foreach (var d in deps[i]) { children[d].Add(i); } }
        var rank = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double tail = 0;
            foreach (var c in children[i]) { tail = Math.Max(tail, rank[c]); }
            rank[i] = durations[i] + tail;
        }
        var ready = new SortedSet<(double, int)>(Comparer<(double, int)>.Create((a, b) => a.Item1 != b.Item1 ? b.Item1.CompareTo(a.Item1) : a.Item2.CompareTo(b.Item2)));
        var running = new SortedSet<(double, int)>();
        for (int i = 0; i < n; i++) { if (waiting[i] == 0) { ready.Add((rank[i], i)); } }
        double now = 0;
        int done = 0;
        while (done < n)
        {
            while (running.Count < processors && ready.Count > 0)
            {
                var next = ready.Min;
                ready.Remove(next);
                running.Add((now + durations[next.Item2], next.Item2));
            }
            var first = running.Min;
            now = first.Item1;
            while (running.Count > 0 && running.Min.Item1 <= now)
            {
                var finished = running.Min;
                running.Remove(finished);
                done++;
                foreach (var c in children[finished.Item2]) { if (--waiting[c] == 0) { ready.Add((rank[c], c)); } }
            }
        }
        return now;
    }
}
'@

# Replays the run's own measured node durations (tasks in file order, which is topological).
function Get-ReplayMakespan($Dag, $Run, [int] $Processors) {
    $index = @{}
    $i = 0
    foreach ($task in $Dag.tasks) { $index[$task.id] = $i; $i++ }
    $deps = [int[][]]::new($Dag.tasks.Count)
    $durations = [double[]]::new($Dag.tasks.Count)
    $i = 0
    foreach ($task in $Dag.tasks) {
        $deps[$i] = [int[]]@($task.deps | ForEach-Object { $index[$_] })
        $node = $Run.Nodes["t$i"]
        $durations[$i] = ($node.EndTime - $node.StartTime).TotalSeconds
        $i++
    }
    [ListScheduleReplay]::Makespan($deps, $durations, $Processors)
}

$result = New-BenchResult -Name 'Makespan' -Title 'Target 2: makespan on real DAGs' -Mode $Mode
$result.settings = [ordered]@{
    lowerBoundSeconds = $lowerBoundSeconds; parallelism = $procs; workflows = $names
    invokeDag = '-Mode Parallel -Parallelism P -OutputMode Silent, checkpoint and history in a temp folder; run 1 without history, run 2 with it'
}
$folder = New-BenchFolder 'makespan'
$rows = [Collections.Generic.List[object]]::new()
$ratios = [Collections.Generic.List[double]]::new()
try {
    # Warm-up: the engine's first run in a process pays JIT and pool start-up; it belongs to no DAG.
    Invoke-Dag -Definition @{ name = 'warm'; nodes = @{ a = @{ run = 'Start-Sleep -Milliseconds 1' }; b = @{ needs = 'a'; run = '$null' } } } -NoCheckpoint -OutputMode Silent | Out-Null
    1..4 | ForEach-Object -Parallel { $null } -ThrottleLimit 2

    foreach ($name in $names) {
        $dag = Get-Content (Join-Path $dataDir "$name.json") -Raw | ConvertFrom-Json
        $ref = $reference | Where-Object name -EQ $name
        foreach ($p in $procs) {
            $r = $ref.procs."$p"
            $scale = $lowerBoundSeconds / $r.lower_bound
            $listRank = $r.list_rank * $scale
            $lbStrong = $r.lower_bound_strong * $scale
            $dir = Join-Path $folder "$name-p$p"
            New-Item -ItemType Directory -Force $dir | Out-Null
            $path = Join-Path $dir 'wf.dag.yaml'
            Set-Content $path (ConvertTo-DagYaml $dag $scale "$name-p$p") -Encoding utf8NoBOM
            $runs = foreach ($attempt in 1, 2) {
                [GC]::Collect()
                $run = Invoke-Dag -Path $path -Mode Parallel -Parallelism $p -OutputMode Silent
                if ($run.Status -ne 'Succeeded') { throw "$name at P=$p ended $($run.Status)." }
                $run
            }
            $cold, $warm = $runs | ForEach-Object { $_.Duration.TotalSeconds }
            $replay = Get-ReplayMakespan $dag $runs[1] $p
            $levels = @(Get-Levels $dag $scale)
            [GC]::Collect()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            foreach ($level in $levels) { $level | ForEach-Object -Parallel { Start-Sleep -Milliseconds $_ } -ThrottleLimit $p }
            $fe = $watch.Elapsed.TotalSeconds
            $ratios.Add($warm / $replay)
            $rows.Add(@($name, $dag.tasks.Count, $p, (Format-Num $lowerBoundSeconds 2), (Format-Num $lbStrong 2), (Format-Num $listRank 2),
                    (Format-Num $cold 2), (Format-Num $warm 2), (Format-Num $replay 2), (Format-Num ($warm / $replay) 3), (Format-Num ($warm / $listRank) 3), (Format-Num ($warm / $lbStrong) 3),
                    (Format-Num ($cold / $listRank) 3), (Format-Num $fe 2), (Format-Num ($fe / $listRank) 3),
                    $(if ($warm / $replay -le 1.03) { 'pass' } else { 'miss' })))
            Write-Host ("{0} P={1}: run 2 {2:0.000}s replay {3:0.000}s ratio {4:0.000}; static list {5:0.000}s ({6:0.000}); FE {7:0.00}s" -f $name, $p, $warm, $replay, ($warm / $replay), $listRank, ($warm / $listRank), $fe)
        }
    }
}
finally {
    Remove-BenchFolder $folder
}
Add-BenchTable $result "Makespan in seconds, runtimes scaled so LB = max(CP, work/P) = $lowerBoundSeconds s" `
    'DAG', 'nodes', 'P', 'LB', 'LB+', 'list CP-first', 'DagRunner run 1 (no history)', 'DagRunner run 2 (history)', 'replay of run 2', 'run 2 / replay', 'run 2 / list', 'run 2 / LB+', 'run 1 / list', 'ForEach -Parallel by level', 'ForEach / list', '≤ 1.03' `
    $rows
$worst = ($ratios | Measure-Object -Maximum).Maximum
$passed = @($ratios | Where-Object { $_ -le 1.03 }).Count
Add-BenchTarget $result '2' "Makespan of run 2 / its replay (the CP-first list schedule with run 2's measured node durations, zero overhead), worst of $($ratios.Count) (DAG, P) pairs; $passed of $($ratios.Count) within 1.03" $worst 1.03 '×'
$result.notes.Add('Makespan is DagRunResult.Duration (the run, from the first start to the last end); loading and planning the file are not in it. The sleeps are rounded to whole milliseconds.')
$result.notes.Add('The list schedule and LB+ are zero-overhead references: per-node overhead (starting a runspace command, the scheduler) and Start-Sleep''s own lateness add to every node on the critical path.')
Save-BenchResult $result $OutFile
