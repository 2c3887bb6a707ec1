BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    Import-Module (Join-Path $PSScriptRoot 'KillResume.psm1') -Force
}

# 12 kills: 4 resumed by two child runners told to start at the same moment (Resume-Dag and Invoke-Dag -Resume: one
# gets the lock, the other is refused), the others resumed here; in 2 a third runner tries Invoke-Dag or Resume-Dag
# while the killed run is still alive, and must be refused.
Describe 'A run killed with SIGKILL at a random moment' -Skip:$IsWindows {
    BeforeAll {
        $script:workflow = New-KillWorkflow (Join-Path $TestDrive 'kill')
        $script:random = [Random]::new()
    }

    It 'resumes without running a recorded success again, with every output intact and one runner at a time (kill <Kill><Label>)' -ForEach @(
        foreach ($kill in 1..12) {
            $race = $kill % 3 -eq 0
            $before = if ($kill % 5 -eq 4) { if ($kill % 10 -eq 4) { 'Invoke-Dag' } else { 'Resume-Dag' } } else { '' }
            $label = @(if ($race) { ', two runners race to resume' }; if ($before) { ", $before tried while it runs" }) -join ''
            @{ Kill = $kill; Race = $race; Before = $before; Label = $label }
        }
    ) {
        $outcome = Invoke-KillAndResume -Workflow $workflow -Random $random -Race:$Race -RaceBeforeKill $Before
        $measure = Measure-KillOutcome -Outcome $outcome -Workflow $workflow
        $because = "killed $($measure.DelayMs) ms after the first node started (checkpoint $($measure.StatusAfterKill), $($measure.SucceededBefore) nodes Succeeded; $($measure.Verdicts); $($measure.PreKill))"
        $measure.Problems | Should -BeNullOrEmpty -Because $because
        $measure.Corrupt | Should -Be 0
        $measure.Rerun | Should -BeNullOrEmpty
        $measure.Lost | Should -BeNullOrEmpty
        $measure.Interleaved | Should -BeFalse
        if ($Race) { @($outcome.Resumers).Count | Should -Be 2 -Because 'both racers must have reported' }
        if ($Before) { $measure.PreKill | Should -Be "$Before RunLocked" -Because 'the killed run held the lock when it was tried' }
    }
}

# The resume killed as well (SIGKILL at a random moment after it started a node of its own): the checkpoint a killed
# resume leaves must resume as well as the one a killed run leaves. bench/kill-resume.ps1 -Twice does it at scale.
Describe 'A run killed with SIGKILL, then its resume killed too' -Skip:$IsWindows {
    BeforeAll {
        $script:twice = New-KillWorkflow (Join-Path $TestDrive 'twice')
        $script:twiceRandom = [Random]::new()
    }

    It 'resumes a third time without running a success either session recorded, every output intact (kill pair <Pair>)' -ForEach @(1..3 | ForEach-Object { @{ Pair = $_ } }) {
        $outcome = Invoke-KillResumeTwice -Workflow $twice -Random $twiceRandom
        $because = ($outcome.Kills | ForEach-Object { "$($_.Pass) killed $($_.DelayMs) ms after its first node: $($_.Killed), $($_.Succeeded) recorded" }) -join '; '
        $outcome.Problems | Should -BeNullOrEmpty -Because $because
    }
}

Describe 'Measure-KillOutcome' -Skip:$IsWindows {
    It 'counts a corrupt checkpoint, a success run again, a lost output and interleaved runs when they happen' {
        $workflow = New-KillWorkflow (Join-Path $TestDrive 'measure')
        Invoke-Dag $workflow.Path -OutputMode Silent | Out-Null
        $runs = @(Get-NodeRuns $workflow.Directory)
        $n1 = $runs | Where-Object Node -eq 'n1'
        $counts = Get-NodeRunCounts $workflow.Directory
        $again = $counts.Clone()
        $again['n0']++
        $outcome = [pscustomobject]@{
            Raced = $false; DelayMs = 0; VictimPid = 1; LabelLeft = $false; Ended = @{}
            AfterKill = [pscustomobject]@{ State = $null; ErrorId = 'CheckpointCorrupt,DagRunner.PowerShell.GetDagCheckpointCommand'; Error = 'torn' }
            Final = [pscustomobject]@{ State = Get-DagCheckpoint $workflow.Path; ErrorId = $null; Error = $null }
            SucceededBefore = @('n0'); CountsBefore = $counts; CountsAfter = $again
            # A runner (pid 1) refused with RunLocked that ran n1 anyway, at the same time as this process ran it.
            PreKill = [pscustomobject]@{ Name = 'r1'; Step = 'pre'; Command = 'Invoke-Dag'; Pid = 1; Started = 0; Ended = 1; Status = $null; Warnings = @(); Nodes = @()
                Errors = @([pscustomobject]@{ Id = 'RunLocked,DagRunner.PowerShell.InvokeDagCommand'; Holder = 1; Text = 'locked' }) }
            AliveAfterPreKill = $true
            Runs = $runs + [pscustomobject]@{ Node = 'n1'; Pid = 1; Start = $n1.Start; End = $n1.End }
            Resumers = @([pscustomobject]@{ Name = 'here'; Step = 'resume'; Command = 'Resume-Dag'; Pid = $PID; Started = 0; Ended = 1; Status = 'Succeeded'
                    Errors = @(); Warnings = @(); Nodes = @([pscustomobject]@{ Name = 'n2'; Status = 'Succeeded'; Sums = @(-1) }) })
        }

        $measure = Measure-KillOutcome -Outcome $outcome -Workflow $workflow

        $measure.Corrupt | Should -Be 1
        $measure.Rerun | Should -Be @('n0')
        $measure.Lost | Should -Be @('n2')
        $measure.Interleaved | Should -BeTrue
        $measure.Problems | Should -Contain 'r1 was refused with RunLocked but started n1'
        $measure.Problems -match "n1 of pid 1 and n1 of pid $PID |n1 of pid $PID and n1 of pid 1 " | Should -Not -BeNullOrEmpty
    }
}
