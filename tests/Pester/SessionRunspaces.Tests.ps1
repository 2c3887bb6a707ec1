BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

# A run keeps its idle runspaces for the session's next run (reset as between nodes), so a second Invoke-Dag
# starts its nodes without opening runspaces. These tests check what a user would see: the same runspace, none of
# the last run's state, nothing kept from a run with setup:, and nothing left once the module is removed.
Describe 'Runspaces kept between runs in one session' {
    It 'runs the next run''s node in the runspace the last run kept, without the variables and functions that run left' {
        $first = New-Workflow @'
variables: { target: prod }
nodes:
  a:
    run: |
      $global:leftBehind = 'first run'
      function global:Get-LeftBehind { 'first run' }
      [runspace]::DefaultRunspace.InstanceId.Guid
'@
        $second = New-Workflow @'
nodes:
  b:
    run: |
      [pscustomobject]@{
          Runspace = [runspace]::DefaultRunspace.InstanceId.Guid
          Variable = Test-Path variable:global:leftBehind
          Function = [bool](Get-Command Get-LeftBehind -ErrorAction Ignore)
          RunVariable = Test-Path variable:target
      }
'@
        $one = Invoke-Dag $first -NoCheckpoint -OutputMode Silent -Mode Sequential
        $one.Status | Should -Be 'Succeeded'
        @(Get-Runspace -Name DagRunnerKept).Count | Should -BeGreaterThan 0 -Because 'the run kept its runspace'

        $two = Invoke-Dag $second -NoCheckpoint -OutputMode Silent -Mode Sequential
        $two.Status | Should -Be 'Succeeded'
        $seen = $two.Nodes['b'].Output[0]
        $seen.Runspace | Should -Be $one.Nodes['a'].Output[0] -Because 'the second run took the runspace the first kept'
        $seen.Variable | Should -BeFalse -Because 'a global variable of the last run is gone'
        $seen.Function | Should -BeFalse -Because 'a global function of the last run is gone'
        $seen.RunVariable | Should -BeFalse -Because 'the last run''s workflow variables are not this run''s'
    }

    It 'keeps no runspace that ran a workflow''s setup:, whose effects a reset cannot undo' {
        $withSetup = New-Workflow @'
setup: |
  function Get-Helper { 42 }
nodes:
  a:
    run: |
      [runspace]::DefaultRunspace.InstanceId.Guid
'@
        $plain = New-Workflow @'
nodes:
  b:
    run: |
      [pscustomobject]@{ Runspace = [runspace]::DefaultRunspace.InstanceId.Guid; Helper = [bool](Get-Command Get-Helper -ErrorAction Ignore) }
'@
        $one = Invoke-Dag $withSetup -NoCheckpoint -OutputMode Silent -Mode Sequential
        $one.Status | Should -Be 'Succeeded'
        $kept = @(Get-Runspace -Name DagRunnerKept).InstanceId.Guid
        $kept | Should -Not -Contain $one.Nodes['a'].Output[0]

        $two = Invoke-Dag $plain -NoCheckpoint -OutputMode Silent -Mode Sequential
        $two.Nodes['b'].Output[0].Runspace | Should -Not -Be $one.Nodes['a'].Output[0]
        $two.Nodes['b'].Output[0].Helper | Should -BeFalse
    }

    It 'holds at most 256 compiled node scripts per runspace, so a large run does not keep them all in memory' {
        # A script becomes a function on its third run: each of the 299 scripts runs three times (nodes a, b and c).
        $lines = @('nodes:')
        foreach ($i in 1..299) { foreach ($n in 'a', 'b', 'c') { $lines += "  $n$($i):"; $lines += "    run: '$i'" } }
        $lines += '  count:'
        $lines += "    needs: [$((1..299 | ForEach-Object { "a$_, b$_, c$_" }) -join ', ')]"
        $lines += "    run: '[pscustomobject]@{ Runspace = [runspace]::DefaultRunspace.InstanceId.Guid; Functions = @(Get-ChildItem function:__dag_*).Count }'"
        $large = New-Workflow ($lines -join "`n")

        $run = Invoke-Dag $large -NoCheckpoint -OutputMode Silent -Mode Sequential
        $run.Status | Should -Be 'Succeeded'
        $seen = $run.Nodes['count'].Output[0]
        # One runspace ran all 898 nodes, 299 scripts three times each: without the bound it would hold 299.
        $seen.Functions | Should -Be 256
        @(Get-Runspace -Name DagRunnerKept).InstanceId.Guid | Should -Contain $seen.Runspace -Because 'a bounded runspace is still kept for the next run'
    }

    It 'closes the kept runspaces when the module is removed, and pwsh exits at the end of its script' {
        $workflow = New-Workflow "nodes:`n  a: { run: 1 }`n  b: { run: 2 }"
        $text = Invoke-ChildPwsh @"
`$r = Invoke-Dag '$workflow' -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism 2
'status=' + `$r.Status
'kept=' + @(Get-Runspace -Name DagRunnerKept).Count
Remove-Module DagRunner
'after=' + @(Get-Runspace -Name DagRunnerKept).Count
"@
        $text | Should -Match 'status=Succeeded'
        $text | Should -Match 'kept=[12]\b'
        $text | Should -Match 'after=0\b'
    }
}

# Invoke-Dag opens its first runspace while it still reads the workflow (the warm start), so a file that turns out
# to be invalid must not leave that runspace behind, open and unnamed, in the user's session.
Describe 'The warm start of a workflow that fails validation' {
    It 'reports the validation error and leaves no runspace open but the one kept for the next run' {
        $invalid = New-Workflow "nodes:`n  a:`n    run: 1`n    needs: [missing]"
        $text = Invoke-ChildPwsh @"
`$before = @(Get-Runspace).Count
Invoke-Dag '$invalid' -NoCheckpoint -OutputMode Silent -ErrorVariable failed -ErrorAction SilentlyContinue
'error=' + `$failed[0].FullyQualifiedErrorId
'unnamed=' + (@(Get-Runspace | Where-Object Name -NE 'DagRunnerKept').Count - `$before)
'kept=' + @(Get-Runspace -Name DagRunnerKept).Count
`$r = Invoke-Dag -Definition @{ nodes = @{ b = @{ run = '[runspace]::DefaultRunspace.Name' } } } -NoCheckpoint -OutputMode Silent
'next=' + `$r.Status
"@
        $text | Should -Match 'error=DAG0003,'
        $text | Should -Match 'unnamed=0\b' -Because 'the runspace opened ahead of the run is not left open in the session'
        $text | Should -Match 'kept=[01]\b'
        $text | Should -Match 'next=Succeeded'
    }
}
