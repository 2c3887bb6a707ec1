BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'pools' {
    It 'never runs more nodes of a pool than its capacity, while other nodes go on' {
        $log = Join-Path $TestDrive 'pool-log.txt'
        $webStarted = Join-Path $TestDrive 'web-started'
        # 'web' runs beside a migration: it waits for one to start, and a migration ends only after 'web' started.
        # The 300 ms keep a migration running long enough that a second one let in beside it would show in the log.
        $wf = New-Workflow @"
pools: { db: 1 }
nodes:
  migrate1: { pool: db, run: "Add-Content '$log' 'start1'; $(Get-WaitForFileScript $webStarted); Start-Sleep -Milliseconds 300; Add-Content '$log' 'end1'" }
  migrate2: { pool: db, run: "Add-Content '$log' 'start2'; $(Get-WaitForFileScript $webStarted); Start-Sleep -Milliseconds 300; Add-Content '$log' 'end2'" }
  web: { run: "Set-Content '$webStarted' 1; $(Get-WaitForFileScript $log)" }
"@
        $r = Invoke-Dag $wf -NoCheckpoint -WarningVariable warns 3>$null
        $r.Status | Should -Be 'Succeeded'
        $warns | Should -BeNullOrEmpty
        $lines = Get-Content $log
        # The second migration starts only after the first ended.
        [array]::IndexOf($lines, 'end1') + [array]::IndexOf($lines, 'end2') | Should -BeGreaterThan 0
        $first = if ($lines[0] -eq 'start1') { '1' } else { '2' }
        $second = if ($first -eq '1') { '2' } else { '1' }
        [array]::IndexOf($lines, "end$first") | Should -BeLessThan ([array]::IndexOf($lines, "start$second"))
        $r.PeakConcurrency | Should -Be 2
    }
}
