# The judging half of the kill test (KillResume.psm1 runs the kills): from what a kill and its resume left, counts
# corrupt checkpoints, recorded successes run again, outputs lost and runs interleaved (Measure-KillOutcome).
$ErrorActionPreference = 'Stop'

# How a warning says that a run took the lock over from a dead holder (host output modes give warnings no id).
$script:TakeOverText = 'ended without letting it go'
$script:NothingToResumeText = '^Nothing to resume'

<# Ran, RunLocked, NothingToResume or Error, from a runner's outcome. #>
function Get-RunnerVerdict($Outcome) {
    if (@($Outcome.Errors | Where-Object { $_.Id -like 'RunLocked*' })) { return 'RunLocked' }
    if (@($Outcome.Errors)) { return 'Error' }
    if (@($Outcome.Warnings | Where-Object { $_.Text -match $script:NothingToResumeText })) { return 'NothingToResume' }
    if ($Outcome.Status) { return 'Ran' }
    'Error'
}

<#
.SYNOPSIS
    Counts what went wrong in one kill-and-resume: the four problems (Corrupt, Rerun, Lost, Interleaved), Problems
    (every problem as a sentence, those four included; empty when all is well), and the facts the report shows.
#>
function Measure-KillOutcome {
    param([Parameter(Mandatory)] $Outcome, [Parameter(Mandatory)] $Workflow)
    $problems = [Collections.Generic.List[string]]::new()

    # Corrupt checkpoints: Get-DagCheckpoint fails after the kill or after the resume.
    $corrupt = 0
    foreach ($read in @(@{ When = 'after the kill'; Read = $Outcome.AfterKill }, @{ When = 'after the resume'; Read = $Outcome.Final })) {
        if ($read.Read.ErrorId -like 'CheckpointCorrupt*') { $corrupt++; $problems.Add("checkpoint corrupt $($read.When): $($read.Read.Error)") }
        elseif ($read.Read.ErrorId) { $problems.Add("Get-DagCheckpoint failed $($read.When) ($($read.Read.ErrorId)): $($read.Read.Error)") }
    }
    $statusAfterKill = if ($Outcome.AfterKill.State) { "$($Outcome.AfterKill.State.Status)" } else { 'unreadable' }
    if ($Outcome.AfterKill.State -and $statusAfterKill -notin 'Interrupted', 'Succeeded') { $problems.Add("the killed run's checkpoint reads $statusAfterKill") }

    # Succeeded nodes re-run: a node recorded Succeeded after the kill ran again, or any node ran twice after it.
    $rerun = [Collections.Generic.SortedSet[string]]::new()
    foreach ($node in $Workflow.Expected.Keys) {
        $was = [int]$Outcome.CountsBefore[$node]
        $now = [int]$Outcome.CountsAfter[$node]
        if ($node -in $Outcome.SucceededBefore -and $now -ne $was) { [void]$rerun.Add($node); $problems.Add("$node was recorded Succeeded but ran again ($was -> $now runs)") }
        elseif ($now - $was -gt 1) { [void]$rerun.Add($node); $problems.Add("$node ran $($now - $was) times after the kill") }
    }

    # Outputs lost: the final checkpoint's restored output, or the output a resumer returned, is not the expected sum.
    $lost = [Collections.Generic.SortedSet[string]]::new()
    $final = $Outcome.Final.State
    if ($final) {
        if ("$($final.Status)" -ne 'Succeeded') { $problems.Add("the resumed run ended $($final.Status)") }
        foreach ($state in $final.Nodes) {
            $output = @($state.RestoreOutput())
            if ($state.Status -ne 'Succeeded') { [void]$lost.Add($state.Name); $problems.Add("$($state.Name) is $($state.Status) in the final checkpoint") }
            elseif ($output.Count -ne 1 -or $output[0].Sum -ne $Workflow.Expected[$state.Name]) {
                [void]$lost.Add($state.Name)
                $problems.Add("$($state.Name) restored output is '$($output | ConvertTo-Json -Compress)', expected Sum $($Workflow.Expected[$state.Name])")
            }
        }
    }
    else {
        foreach ($node in $Workflow.Expected.Keys) { [void]$lost.Add($node) }
    }
    foreach ($resumer in $Outcome.Resumers) {
        foreach ($node in $resumer.Nodes) {
            $sums = @($node.Sums)
            if ($sums.Count -ne 1 -or $sums[0] -ne $Workflow.Expected[$node.Name]) {
                [void]$lost.Add($node.Name)
                $problems.Add("$($resumer.Name): $($node.Name) result output Sum '$($sums -join ',')', expected $($Workflow.Expected[$node.Name])")
            }
        }
    }

    # Runs interleaved: node runs of two processes overlap in time (a run cut by the kill lasts until its process
    # ended), or a refused runner started a node.
    $interleaved = [Collections.Generic.List[string]]::new()
    $spans = @($Outcome.Runs | ForEach-Object {
            $end = if ($null -ne $_.End) { $_.End } elseif ($Outcome.Ended.ContainsKey($_.Pid)) { $Outcome.Ended[$_.Pid] } else { [long]::MaxValue }
            [pscustomobject]@{ Node = $_.Node; Pid = $_.Pid; Start = $_.Start; End = $end }
        } | Sort-Object Start)
    for ($i = 0; $i -lt $spans.Count; $i++) {
        for ($j = $i + 1; $j -lt $spans.Count -and $spans[$j].Start -lt $spans[$i].End; $j++) {
            if ($spans[$j].Pid -ne $spans[$i].Pid) {
                $interleaved.Add("$($spans[$i].Node) of pid $($spans[$i].Pid) and $($spans[$j].Node) of pid $($spans[$j].Pid) ran at the same time")
            }
        }
    }
    $steps = @(@($Outcome.PreKill) + @($Outcome.Resumers) | Where-Object { $_ })
    foreach ($step in $steps) {
        if ((Get-RunnerVerdict $step) -ne 'RunLocked') { continue }
        $next = @($steps | Where-Object { $_.Pid -eq $step.Pid -and $_.Started -gt $step.Started } | ForEach-Object Started | Sort-Object)[0]
        $started = @($Outcome.Runs | Where-Object { $_.Pid -eq $step.Pid -and $_.Start -ge $step.Started -and ($null -eq $next -or $_.Start -lt $next) })
        if ($started) { $interleaved.Add("$($step.Name) was refused with RunLocked but started $(($started.Node | Sort-Object -Unique) -join ', ')") }
    }

    # The racer started while the killed run was alive must have been refused.
    $preVerdict = $null
    if ($Outcome.PreKill) {
        $preVerdict = Get-RunnerVerdict $Outcome.PreKill
        if ($Outcome.AliveAfterPreKill -and $preVerdict -ne 'RunLocked') {
            $interleaved.Add("$($Outcome.PreKill.Command) started while the run held the lock was not refused ($preVerdict)")
        }
        elseif (-not $Outcome.AliveAfterPreKill) { $preVerdict = "$preVerdict (the run had ended)" }
    }
    foreach ($sentence in $interleaved) { $problems.Add($sentence) }

    # The racers after the kill: one takes the lock, the other is refused (or comes after it and finds nothing to do).
    $verdicts = @($Outcome.Resumers | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Verdict = Get-RunnerVerdict $_; Outcome = $_ } })
    foreach ($v in $verdicts | Where-Object Verdict -eq 'Error') {
        $problems.Add("$($v.Name) ($($v.Outcome.Command)) failed: $((@($v.Outcome.Errors.Text) + 'no result and no error') -join '; ')")
    }
    if (@($verdicts | Where-Object Verdict -eq 'RunLocked').Count -eq $verdicts.Count) { $problems.Add('every runner after the kill was refused with RunLocked: nobody resumed') }
    foreach ($v in $verdicts | Where-Object { $_.Verdict -eq 'Ran' -and $_.Outcome.Status -ne 'Succeeded' }) { $problems.Add("$($v.Name) ended $($v.Outcome.Status)") }

    # The lock's label left by the killed run: exactly one runner after it takes the lock over, and says so.
    $takeOvers = @($Outcome.Resumers | ForEach-Object { @($_.Warnings) } | Where-Object { $_.Text -match $script:TakeOverText }).Count
    if ($takeOvers -ne [int]$Outcome.LabelLeft) {
        $problems.Add("$takeOvers LockTakenOver warnings after a kill that $(if ($Outcome.LabelLeft) { 'left' } else { 'did not leave' }) the lock's label")
    }

    # Whom a refused runner named: the run holding the lock (for a racer refused after the kill, the other racer).
    $refusals = @(@($Outcome.PreKill) + @($Outcome.Resumers) | Where-Object { $_ -and (Get-RunnerVerdict $_) -eq 'RunLocked' } | ForEach-Object {
            $holder = @($_.Errors | Where-Object { $_.Id -like 'RunLocked*' })[0].Holder
            $rightful = if ($_.Step -eq 'pre') { $Outcome.VictimPid } else { @($Outcome.Resumers | Where-Object Name -ne $_.Name)[0].Pid }
            [pscustomobject]@{ Name = $_.Name; Named = $holder; NamedKilledRun = $holder -eq $Outcome.VictimPid -and $_.Step -ne 'pre'; NamedHolder = $holder -eq $rightful }
        })

    [pscustomobject]@{
        Corrupt          = $corrupt
        Rerun            = @($rerun)
        Lost             = @($lost)
        Interleaved      = $interleaved.Count -gt 0
        Problems         = $problems.ToArray()
        StatusAfterKill  = $statusAfterKill
        MidRun           = $statusAfterKill -eq 'Interrupted'
        TakeOvers        = $takeOvers
        Raced            = $Outcome.Raced
        Verdicts         = (@($verdicts | ForEach-Object { "$($_.Name) $($_.Outcome.Command) $($_.Verdict)" }) -join ', ')
        PreKill          = if ($Outcome.PreKill) { "$($Outcome.PreKill.Command) $preVerdict" } else { $null }
        Refusals         = $refusals
        SucceededBefore  = $Outcome.SucceededBefore.Count
        DelayMs          = $Outcome.DelayMs
        EndedBeforeKill  = [bool]$Outcome.CompletedBeforeKill
    }
}

Export-ModuleMember -Function Measure-KillOutcome
