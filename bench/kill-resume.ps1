<#
.SYNOPSIS
    The kill test at scale: kill a 30-node run with SIGKILL at random moments, resume it, and count problems.
.DESCRIPTION
    The test suite does this 20 times; run it here for more:
        dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/kill-resume.ps1 -Iterations 100
    Every even iteration is resumed by two child runners told to start at the same moment (Resume-Dag and
    Invoke-Dag -Resume; one must get the run lock, the other be refused with RunLocked or come after it and find
    nothing to do); the odd ones resume in this session. Every third iteration, a runner also tries Invoke-Dag or
    Resume-Dag (alternately) while the run is still alive, and must be refused. See tests/Pester/KillResume.psm1.

    Prints one line per kill and a summary line counting, over all kills: corrupt checkpoints (Get-DagCheckpoint fails
    after the kill or after the resume), succeeded nodes re-run, outputs lost, and runs interleaved (node runs of two
    processes overlapping in time, or a refused runner starting a node). Exits 1 if any of them, or any other
    problem (a runner failing, the resumed run not ending Succeeded, a LockTakenOver warning missing), was seen.
.PARAMETER Seed
    Seeds the kill delays (0: a random seed, printed so a run can be repeated).
.PARAMETER Twice
    Kill the resume as well: each iteration kills the run, then a child Resume-Dag at a random moment after it started
    a node of its own, then resumes here (Invoke-KillResumeTwice), and counts unreadable checkpoints, recorded successes
    run again, wrong outputs and final runs that did not succeed.
#>
param([int] $Iterations = 100, [int] $Seed = 0, [switch] $Twice)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1')
Import-DagRunner
Import-Module (Join-Path $tests 'KillResume.psm1')

if (-not $Seed) { $Seed = [Random]::new().Next(1, [int]::MaxValue) }
$folder = Join-Path ([IO.Path]::GetTempPath()) "dagrunner-kill-$PID"
$workflow = New-KillWorkflow $folder
$random = [Random]::new($Seed)
$clock = [Diagnostics.Stopwatch]::StartNew()
if ($Twice) {
    "kill-resume -Twice: $Iterations pairs of kills, seed $Seed, pid $PID, $([Environment]::ProcessorCount) cores, load average $((Get-Content /proc/loadavg -ErrorAction Ignore) -replace ' \d+/.*$')"
    $bad = 0; $resumesKilled = 0
    try {
        for ($i = 1; $i -le $Iterations; $i++) {
            $outcome = Invoke-KillResumeTwice -Workflow $workflow -Random $random
            $bad += [int](@($outcome.Problems).Count -gt 0)
            $resumesKilled += [int]$outcome.Kills[1].Killed
            '{0,4}: {1}; {2}' -f $i, (($outcome.Kills | ForEach-Object { "$($_.Pass) $(if ($_.Killed) { "killed $($_.DelayMs) ms after its first node" } else { 'ended before its kill' }), $($_.Succeeded)/30 recorded" }) -join ', '),
                $(if ($outcome.Problems) { $outcome.Problems -join '; ' } else { 'intact' })
        }
    }
    finally {
        Remove-Item $folder -Recurse -Force -ErrorAction Ignore
    }
    '{0} pairs in {1:N0} s (seed {2}): resumes killed mid-run {3}; iterations with a problem {4}.' -f $Iterations, $clock.Elapsed.TotalSeconds, $Seed, $resumesKilled, $bad
    exit ([int]($bad -gt 0))
}

$total = [ordered]@{
    Corrupt = 0; Rerun = 0; Lost = 0; Interleaved = 0; Failed = 0
    Raced = 0; RaceRanRefused = 0; RaceOneAfterOther = 0; TriedAlive = 0; TriedRefused = 0
    Interrupted = 0; Succeeded = 0; EndedBeforeKill = 0; TakeOvers = 0; Restored = 0; RefusedNamedKilled = 0
}
"kill-resume: $Iterations kills, seed $Seed, pid $PID, $([Environment]::ProcessorCount) cores, load average $((Get-Content /proc/loadavg -ErrorAction Ignore) -replace ' \d+/.*$')"
try {
    for ($i = 1; $i -le $Iterations; $i++) {
        $race = $i % 2 -eq 0
        $before = if ($i % 3 -ne 0) { '' } elseif ($i % 6 -eq 3) { 'Invoke-Dag' } else { 'Resume-Dag' }
        $mode = "$(if ($race) { 'race' } else { 'here' })$(if ($before) { "+$before" })"
        try {
            $outcome = Invoke-KillAndResume -Workflow $workflow -Random $random -Race:$race -RaceBeforeKill $before
            $m = Measure-KillOutcome -Outcome $outcome -Workflow $workflow
        }
        catch {
            $total.Failed++
            '{0,4}: {1,-16} the harness failed: {2}' -f $i, $mode, $_
            continue
        }
        $total.Corrupt += $m.Corrupt
        $total.Rerun += $m.Rerun.Count
        $total.Lost += $m.Lost.Count
        $total.Interleaved += [int]$m.Interleaved
        $total.TakeOvers += $m.TakeOvers
        $total.Restored += $m.SucceededBefore
        if ($m.StatusAfterKill -eq 'Interrupted') { $total.Interrupted++ } elseif ($m.StatusAfterKill -eq 'Succeeded') { $total.Succeeded++ }
        $total.EndedBeforeKill += [int]$m.EndedBeforeKill
        if ($race) {
            $total.Raced++
            if ($m.Verdicts -match 'RunLocked') { $total.RaceRanRefused++ } else { $total.RaceOneAfterOther++ }
        }
        if ($before) {
            if ($outcome.AliveAfterPreKill) { $total.TriedAlive++ }
            if ($m.PreKill -like '* RunLocked') { $total.TriedRefused++ }
        }
        $namedKilled = @($m.Refusals | Where-Object NamedKilledRun)
        $total.RefusedNamedKilled += $namedKilled.Count
        $other = @($m.Problems).Count -gt 0 -and $m.Corrupt + $m.Rerun.Count + $m.Lost.Count + [int]$m.Interleaved -eq 0
        if ($other) { $total.Failed++ }
        '{0,4}: {1,-16} killed {2,3} ms in, {3,-11} {4,2}/30 Succeeded, {5} takeover; {6}{7}{8}: {9}' -f $i, $mode, $m.DelayMs, $m.StatusAfterKill,
            $m.SucceededBefore, $m.TakeOvers, $m.Verdicts, $(if ($m.PreKill) { "; before the kill $($m.PreKill)" }),
            $(if ($namedKilled) { " (the refused racer named the killed run, pid $($outcome.VictimPid), as the holder)" }),
            $(if ($m.Problems) { $m.Problems -join '; ' } else { 'intact' })
    }
}
finally {
    Remove-Item $folder -Recurse -Force -ErrorAction Ignore
}
$problems = $total.Corrupt + $total.Rerun + $total.Lost + $total.Interleaved + $total.Failed
('{0} kills in {1:N0} s (seed {2}): corrupt checkpoints {3}, succeeded nodes re-run {4}, outputs lost {5}, runs interleaved {6}; ' +
 'other problems {7}. Raced after the kill: {8} (one ran and one was refused with RunLocked: {9}; one after the other: {10}). ' +
 'Tried while the run was alive: {11} (refused with RunLocked: {12}). Checkpoint after the kill: Interrupted {13}, Succeeded {14} ' +
 '(the run had ended before the kill: {18}). LockTakenOver warnings: {15}. Refused racers naming the killed run instead of the winner: {16}. ' +
 'Node successes restored without running again: {17}.') -f
    $Iterations, $clock.Elapsed.TotalSeconds, $Seed, $total.Corrupt, $total.Rerun, $total.Lost, $total.Interleaved, $total.Failed,
    $total.Raced, $total.RaceRanRefused, $total.RaceOneAfterOther, $total.TriedAlive, $total.TriedRefused, $total.Interrupted, $total.Succeeded,
    $total.TakeOvers, $total.RefusedNamedKilled, $total.Restored, $total.EndedBeforeKill
exit ([int]($problems -gt 0))
