<#
.SYNOPSIS
    The soak run: one 2,000-node workflow with seeded failures, retries and timeouts, run 50 times in this one pwsh.
.DESCRIPTION
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/Soak.ps1 [-Runs 50] [-Nodes 2000] [-Seed 1]

    The workflow (tests/Pester/Soak.psm1 writes it to a temp folder) is a layered DAG with needs; each run gets its own
    seeded plan: nodes that fail once or twice and then succeed, nodes that fail every attempt (some with
    continueOnError), nodes that hang in a native `sleep` and time out (once, or every attempt with a grandchild
    process), nodes with a short native child, nodes that write global state. After every run it checks:
      - runspaces: Get-Runspace (less the idle ones kept for the next run, named DagRunnerKept) is back to its count before the first run;
      - processes: no child process of this pwsh, and no process of its group orphaned to PID 1, is left alive;
      - checkpoint: Get-DagCheckpoint and the checkpoint file say what the DagRunResult says for every node
        (status, reason, attempts, error, times, outputs), and every node ended as the plan says;
    and over the runs: memory (private = RssAnon, working set = VmRSS, the GC heap after a full collection), open
    file descriptors (/proc/self/fd) and threads do not grow after warm-up: the median of the last 10 runs is
    compared with the median of runs 5-10, against the bounds below.
    Prints one line per run and a summary; writes out/bench/soak.json and out/bench/soak.md (a Markdown section);
    exits 1 when any check fails.
#>
param(
    [int] $Runs = 50,
    [int] $Nodes = 2000,
    [int] $Seed = 1,
    # Each attempt of a node with a timeout may run this long; planned hangs are stopped at it.
    [string] $Timeout = '2s',
    [string] $RetryDelay = '20ms',
    # Growth bounds: the last 10 runs' median may exceed the runs 5-10 median by at most this much.
    [double] $MaxGcHeapGrowthMB = 16,
    [double] $MaxPrivateGrowthMB = 64,
    [double] $MaxWorkingSetGrowthMB = 64,
    [int] $MaxHandleGrowth = 8,
    [int] $MaxThreadGrowth = 8,
    [string] $OutDirectory = (Join-Path $PSScriptRoot '../out/bench')
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1')
Import-DagRunner
Import-Module (Join-Path $tests 'Soak.psm1')
# Get-MachineFacts, Get-LoadAverage, Get-Median: the same as every other benchmark.
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1')

# Least-squares slope of y over the run number: growth per run.
function Get-Slope([double[]] $X, [double[]] $Y) {
    if ($X.Count -lt 2) { return 0 }
    $mx = ($X | Measure-Object -Average).Average
    $my = ($Y | Measure-Object -Average).Average
    $num = 0.0; $den = 0.0
    for ($i = 0; $i -lt $X.Count; $i++) { $num += ($X[$i] - $mx) * ($Y[$i] - $my); $den += ($X[$i] - $mx) * ($X[$i] - $mx) }
    if ($den -eq 0) { 0 } else { $num / $den }
}

$folder = Join-Path ([IO.Path]::GetTempPath()) "dagrunner-soak-$PID"
$workflow = New-SoakWorkflow -Directory $folder -Nodes $Nodes -Seed $Seed -Timeout $Timeout -RetryDelay $RetryDelay
$logs = Join-Path $folder 'logs'
$machine = Get-MachineFacts
$loadStart = Get-LoadAverage
$started = [DateTime]::UtcNow
Write-Host "Soak: $Runs runs of $Nodes nodes ($($workflow.Layers) layers of up to $($workflow.Width)), seed $Seed, timeout $Timeout, retry delay $RetryDelay, in pwsh $PID"
Write-Host "Machine: $($machine.cores) CPUs ($($machine.cpu)), $($machine.memory); load average $loadStart"

$baselineRunspaces = Get-RunRunspaceCount
$baselineProcesses = @(Get-SoakProcesses | ForEach-Object Id)
$before = Get-SoakMetrics
$records = [Collections.Generic.List[object]]::new()
$violations = [Collections.Generic.List[string]]::new()
try {
    for ($run = 1; $run -le $Runs; $run++) {
        Remove-Item $logs -Recurse -Force -ErrorAction Ignore
        $outcome = Invoke-SoakRun -Workflow $workflow -Run $run -BaselineRunspaces $baselineRunspaces -BaselineProcesses $baselineProcesses -LogDirectory $logs
        $metrics = Get-SoakMetrics
        $record = [pscustomobject]@{
            Run = $run; Status = $outcome.Status; Seconds = $outcome.Seconds; CheckSeconds = $outcome.CheckSeconds; Succeeded = $outcome.Succeeded; Failed = $outcome.Failed
            Skipped = $outcome.Skipped; Retried = $outcome.Retried; TimedOutAttempts = $outcome.TimedOutAttempts; Attempts = $outcome.Attempts
            RunspacesAtEnd = $outcome.RunspacesAtEnd; Runspaces = $metrics.Runspaces; OrphansAtEnd = $outcome.OrphansAtEnd
            PrivateMB = [Math]::Round($metrics.PrivateBytes / 1MB, 1); WorkingSetMB = [Math]::Round($metrics.WorkingSetBytes / 1MB, 1)
            GcHeapMB = [Math]::Round($metrics.GcHeapBytes / 1MB, 2); GcCommittedMB = [Math]::Round($metrics.GcCommittedBytes / 1MB, 1); Handles = $metrics.Handles; Threads = $metrics.Threads
            Load = Get-LoadAverage; Problems = $outcome.Problems; UnplannedTimeouts = $outcome.UnplannedTimeouts
        }
        $records.Add($record)
        foreach ($p in $outcome.Problems) { $violations.Add("run ${run}: $p") }
        $verdict = if ($outcome.Problems.Count) { "$($outcome.Problems.Count) PROBLEMS: " + (($outcome.Problems | Select-Object -First 3) -join '; ') } else { 'ok' }
        if ($outcome.UnplannedTimeouts.Count) { $verdict += " (load: $(($outcome.UnplannedTimeouts) -join '; '))" }
        '{0,3}/{1}: {2,-9} {3,6:0.0}s (+{17:0.0}s checks)  {4} ok {5} failed {6} skipped, {7} retried, {8} timed-out attempts | private {9} MB, WS {10} MB, GC {11} MB ({18} committed), fds {12}, threads {13}, runspaces {14} | load {15} | {16}' -f `
            $run, $Runs, $record.Status, $record.Seconds, $record.Succeeded, $record.Failed, $record.Skipped, $record.Retried, $record.TimedOutAttempts,
            $record.PrivateMB, $record.WorkingSetMB, $record.GcHeapMB, $record.Handles, $record.Threads, $record.Runspaces, $record.Load, $verdict, $record.CheckSeconds, $record.GcCommittedMB
    }
}
finally {
    Remove-Item $folder -Recurse -Force -ErrorAction Ignore
}

# Growth after warm-up: runs 5-10 against the last 10 (with fewer than 20 runs the windows overlap; say so).
$warm = @($records | Where-Object { $_.Run -ge 5 -and $_.Run -le 10 })
$last = @($records | Select-Object -Last 10)
$growthChecked = $records.Count -ge 20
$steady = @($records | Where-Object Run -GE 5)
# GcCommittedMB is reported, not bounded: it tells managed memory the GC keeps (fragmentation) from native growth.
$bounds = [ordered]@{ GcHeapMB = $MaxGcHeapGrowthMB; GcCommittedMB = [double]::PositiveInfinity; PrivateMB = $MaxPrivateGrowthMB; WorkingSetMB = $MaxWorkingSetGrowthMB; Handles = $MaxHandleGrowth; Threads = $MaxThreadGrowth }
$growth = [ordered]@{}
foreach ($metric in $bounds.Keys) {
    $w = if ($warm.Count) { Get-Median @($warm.$metric) } else { [double]::NaN }
    $l = Get-Median @($last.$metric)
    $slope = Get-Slope @($steady.Run) @($steady.$metric)
    $growth[$metric] = [ordered]@{
        WarmMedian = $w; LastMedian = $l; Growth = [Math]::Round($l - $w, 2); Bound = $bounds[$metric]
        SlopePerRun = [Math]::Round($slope, 4); Min = ($records.$metric | Measure-Object -Minimum).Minimum; Max = ($records.$metric | Measure-Object -Maximum).Maximum
    }
    if ($growthChecked -and ($l - $w) -gt $bounds[$metric]) {
        $violations.Add("$metric grew by $([Math]::Round($l - $w, 2)) (runs 5-10 median $w, last 10 median $l), bound $($bounds[$metric])")
    }
}
$after = Get-SoakMetrics
$finished = [DateTime]::UtcNow
$seconds = @($records.Seconds)
$summary = [ordered]@{
    Date = $started.ToString('yyyy-MM-dd HH:mm') + ' UTC'; Machine = $machine
    Command = "dotnet pwsh ./bench/Soak.ps1 -Runs $Runs -Nodes $Nodes -Seed $Seed"
    Runs = $Runs; Nodes = $Nodes; Seed = $Seed; Timeout = $Timeout; RetryDelay = $RetryDelay; Layers = $workflow.Layers
    WallMinutes = [Math]::Round(($finished - $started).TotalMinutes, 1); LoadAverageStart = $loadStart; LoadAverageEnd = Get-LoadAverage
    RunSeconds = [ordered]@{ Median = Get-Median $seconds; Min = ($seconds | Measure-Object -Minimum).Minimum; Max = ($seconds | Measure-Object -Maximum).Maximum }
    NodeRuns = ($records.Succeeded + $records.Failed + $records.Skipped | Measure-Object -Sum).Sum
    Attempts = ($records.Attempts | Measure-Object -Sum).Sum; Retried = ($records.Retried | Measure-Object -Sum).Sum
    TimedOutAttempts = ($records.TimedOutAttempts | Measure-Object -Sum).Sum; Failed = ($records.Failed | Measure-Object -Sum).Sum
    Skipped = ($records.Skipped | Measure-Object -Sum).Sum; FailedRuns = @($records | Where-Object Status -EQ 'Failed').Count
    BaselineRunspaces = $baselineRunspaces; MaxRunspacesAtEnd = ($records.RunspacesAtEnd | Measure-Object -Maximum).Maximum
    OrphansAtEnd = ($records.OrphansAtEnd | Measure-Object -Sum).Sum
    UnplannedTimeouts = @($records | ForEach-Object { $_.UnplannedTimeouts }).Count
    Before = $before; After = $after; GrowthChecked = $growthChecked; Growth = $growth
    Violations = $violations.ToArray(); Passed = $violations.Count -eq 0
}

New-Item -ItemType Directory -Force $OutDirectory | Out-Null
[ordered]@{ Summary = $summary; Runs = $records } | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $OutDirectory 'soak.json') -Encoding utf8NoBOM

$md = [Text.StringBuilder]::new()
[void]$md.AppendLine('## Soak (issue 8)').AppendLine()
[void]$md.AppendLine("- Machine: $($machine.cores) CPUs ($($machine.cpu)), $($machine.memory) RAM, $($machine.os); PowerShell $($machine.pwsh), .NET $($machine.dotnet); DagRunner $($machine.dagrunner) at commit $($machine.commit).")
[void]$md.AppendLine("- Command: ``dotnet pwsh ./build.ps1 Build; $($summary.Command)`` (timeout $Timeout, retry delay $RetryDelay), started $($summary.Date); $($summary.WallMinutes) min in all.")
[void]$md.AppendLine("- Load average (1/5/15 min): $loadStart at the start, $($summary.LoadAverageEnd) at the end (the machine was shared with other work).")
[void]$md.AppendLine("- Workflow: $Nodes nodes in $($workflow.Layers) layers with needs; per run (seeded plan) nodes that fail once or twice then succeed, fail every attempt (some with continueOnError), hang in a native ``sleep`` and time out once, or every attempt with a grandchild (``sh -c 'sleep 30 & sleep 30'``), start a short native child, write global state.")
[void]$md.AppendLine("- Totals over $Runs runs: $($summary.NodeRuns) node results, $($summary.Attempts) attempts, $($summary.Retried) nodes retried, $($summary.TimedOutAttempts) attempts timed out, $($summary.Failed) nodes Failed, $($summary.Skipped) Skipped, $($summary.FailedRuns) runs Failed (as planned).")
[void]$md.AppendLine("- One run: median $([Math]::Round($summary.RunSeconds.Median, 1)) s (min $([Math]::Round($summary.RunSeconds.Min, 1)), max $([Math]::Round($summary.RunSeconds.Max, 1))).")
[void]$md.AppendLine().AppendLine('| measure | runs 5–10 median | last 10 median | growth | bound | slope per run | min | max |').AppendLine('|---|---:|---:|---:|---:|---:|---:|---:|')
$labels = [ordered]@{ GcHeapMB = 'GC heap after full GC (MB)'; GcCommittedMB = 'GC committed memory (MB)'; PrivateMB = 'private memory, RssAnon (MB)'; WorkingSetMB = 'working set, VmRSS (MB)'; Handles = 'open fds (/proc/self/fd)'; Threads = 'threads' }
foreach ($metric in $labels.Keys) {
    $g = $growth[$metric]
    [void]$md.AppendLine("| $($labels[$metric]) | $($g.WarmMedian) | $($g.LastMedian) | $($g.Growth) | $($g.Bound) | $($g.SlopePerRun) | $($g.Min) | $($g.Max) |")
}
[void]$md.AppendLine()
[void]$md.AppendLine("- Runspaces: ``Get-Runspace`` count $baselineRunspaces before the first run; at most $($summary.MaxRunspacesAtEnd) the moment a run returned.")
[void]$md.AppendLine("- Orphan processes (children of this pwsh, or of its process group orphaned to PID 1) the moment a run returned: $($summary.OrphansAtEnd) in all.")
[void]$md.AppendLine("- Result against checkpoint and plan: $(@($records | Where-Object { $_.Problems.Count }).Count) runs with a difference. Nodes whose attempt ran past its timeout though the plan did not hang it (the busy machine; their plan is not checked, the checkpoint still is): $($summary.UnplannedTimeouts).")
[void]$md.AppendLine("- Verdict: $(if ($summary.Passed) { 'passed, every check held' } else { "FAILED, $($violations.Count) violations: " + (($violations | Select-Object -First 5) -join '; ') })")
Set-Content (Join-Path $OutDirectory 'soak.md') $md.ToString() -Encoding utf8NoBOM

Write-Host ''
Write-Host ("Summary: {0} runs x {1} nodes in {2} min; run median {3:0.0}s; {4} attempts, {5} timed out; load {6} -> {7}" -f $Runs, $Nodes, $summary.WallMinutes, $summary.RunSeconds.Median, $summary.Attempts, $summary.TimedOutAttempts, $loadStart, $summary.LoadAverageEnd)
foreach ($metric in $labels.Keys) {
    $g = $growth[$metric]
    Write-Host ("  {0,-30} runs 5-10 median {1,9}  last 10 median {2,9}  growth {3,8} (bound {4}){5}" -f $labels[$metric], $g.WarmMedian, $g.LastMedian, $g.Growth, $g.Bound, $(if (-not $growthChecked) { ' not checked: fewer than 20 runs' } else { '' }))
}
Write-Host "  runspaces: baseline $baselineRunspaces, at most $($summary.MaxRunspacesAtEnd) at a run's end; orphans at a run's end: $($summary.OrphansAtEnd)"
Write-Host "Results: $(Join-Path $OutDirectory 'soak.json'), $(Join-Path $OutDirectory 'soak.md')"
if ($violations.Count) {
    Write-Host "FAILED: $($violations.Count) violations"
    $violations | Select-Object -First 40 | ForEach-Object { Write-Host "  $_" }
    exit 1
}
Write-Host 'PASSED: no growth beyond the bounds, no leaked runspace or process, every result matches its checkpoint and plan.'
exit 0
