# The soak run in small (bench/Soak.ps1 is the large one): 3 runs of a 100-node workflow with planned failures,
# retries and timeouts in this one process; after each, no runspace and no child process is left, and the result,
# the checkpoint and the plan agree node by node.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    Import-Module (Join-Path $PSScriptRoot 'Soak.psm1') -Force
}

Describe 'Soak: the same workflow run again and again in one process' -Skip:(-not $IsLinux) {
    BeforeAll {
        # More nodes with a timeout and continueOnError than the bench, so 100 nodes still hang in every way.
        $script:workflow = New-SoakWorkflow -Directory (Join-Path $TestDrive 'soak') -Nodes 100 -Seed 8 -TimedRate 0.3 -TolerantRate 0.3 -Timeout 2s
        $script:baselineRunspaces = Get-RunRunspaceCount
        $script:baselineProcesses = @(Get-SoakProcesses | ForEach-Object Id)
        $script:outcomes = [Collections.Generic.List[object]]::new()
    }

    It 'run <_> of 3: runspaces back to the baseline, no orphan process, result = checkpoint = plan' -ForEach (1..3) {
        $outcome = Invoke-SoakRun -Workflow $workflow -Run $_ -BaselineRunspaces $baselineRunspaces -BaselineProcesses $baselineProcesses
        $outcomes.Add($outcome)
        $outcome.Problems | Should -BeNullOrEmpty
        # At most: one that was open before the soak (left by an earlier test file, still ending) may close meanwhile.
        $outcome.RunspacesAtEnd | Should -BeLessOrEqual $baselineRunspaces -Because 'every runspace of the run is closed when Invoke-Dag returns, or kept idle for the next run'
        @(Get-Runspace -Name DagRunnerKept).Count | Should -BeLessOrEqual ([Math]::Max(4, [Environment]::ProcessorCount)) -Because 'the session keeps at most max(4, processors) idle runspaces'
        $outcome.OrphansAtEnd | Should -Be 0 -Because "a timed-out node's child and grandchild are killed before its attempt ends (found: $($outcome.OrphansSeen -join '; '))"
        $outcome.Nodes | Should -Be 100
    }

    It 'the runs really had retries, failures, first-attempt timeouts and hangs with a grandchild' {
        $ran = foreach ($run in 1..3) {
            Get-SoakExpected -Workflow $workflow -Plan (New-SoakPlan -Workflow $workflow -Run $run) | Where-Object Status -NE 'Skipped'
        }
        foreach ($kind in 'r', 's', 'f', 't', 'h', 'n') {
            @($ran | Where-Object { $_.Kind -ceq $kind }).Count | Should -BeGreaterThan 0 -Because "plan kind '$kind' must run at least once"
        }
        ($outcomes.TimedOutAttempts | Measure-Object -Sum).Sum | Should -BeGreaterOrEqual 3
    }
}
