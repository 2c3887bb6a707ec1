BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe '-OutputMode Json' {
    It 'writes one JSON object per event and nothing else' {
        $wf = New-Workflow -Name json @'
nodes:
  ok:
    run: |
      Write-Host 'hello'
      'line one'
  broken:
    needs: ok
    run: |
      'before'
      throw 'boom'
'@
        $lines = @(Invoke-Dag $wf -OutputMode Json -NoCheckpoint -ErrorVariable errs 6>$null 3>$null)
        $errs | Should -BeNullOrEmpty
        $lines | ForEach-Object { $_ | Should -BeOfType [string] }
        $events = $lines | ForEach-Object { $_ | ConvertFrom-Json }
        $events[0].event | Should -Be 'runStarted'
        $events[0].pid | Should -Be $PID
        $events[-1].event | Should -Be 'runFinished'
        $events[-1].status | Should -Be 'Failed'
        ($events | Where-Object { $_.event -eq 'log' -and $_.node -eq 'ok' }).text | Should -Be @('hello', 'line one')
        $failed = $events | Where-Object { $_.event -eq 'nodeFinished' -and $_.node -eq 'broken' }
        $failed.status | Should -Be 'Failed'
        $failed.error | Should -Be 'boom'
        $failed.file | Should -Be $wf
        $failed.line | Should -Be 6
        $failed.errorFile | Should -Be $wf
        $failed.errorLine | Should -Be 10
    }

    It 'gives a file: node''s failure as a position in its script file' {
        $script = Join-Path $TestDrive 'fails.ps1'
        Set-Content $script "'first'`nthrow 'script broke'" -Encoding utf8NoBOM
        $wf = New-Workflow "nodes:`n  scripted:`n    file: fails.ps1"
        $events = @(Invoke-Dag $wf -OutputMode Json -NoCheckpoint 6>$null 3>$null) | ForEach-Object { $_ | ConvertFrom-Json }
        $failed = $events | Where-Object { $_.event -eq 'nodeFinished' }
        $failed.status | Should -Be 'Failed'
        $failed.line | Should -Be 2 -Because 'the node''s own position stays in the workflow file'
        $failed.errorFile | Should -Be $script
        $failed.errorLine | Should -Be 2
        $failed.errorColumn | Should -Be 1
    }

    It 'gives each node''s output in nodeFinished: its text, and the properties of one object' {
        $wf = New-Workflow -Name outputs @'
nodes:
  version: { run: "'1.4.2'" }
  lines: { run: "'a'; 2.5" }
  object: { run: "[pscustomobject]@{ Version = '1.4.2'; Build = 7 }" }
  silent: { run: "Write-Host 'only the host'" }
'@
        $events = @(Invoke-Dag $wf -OutputMode Json -NoCheckpoint 6>$null) | ForEach-Object { $_ | ConvertFrom-Json } |
            Where-Object event -EQ 'nodeFinished'
        $finished = @{}
        $events | ForEach-Object { $finished[$_.node] = $_ }
        $finished.version.output | Should -Be '1.4.2'
        $finished.version.PSObject.Properties.Name | Should -Not -Contain 'outputProperties'
        $finished.lines.output | Should -Be "a`n2.5"
        $finished.object.output | Should -Be '@{Version=1.4.2; Build=7}'
        $finished.object.outputProperties.Version | Should -Be '1.4.2'
        $finished.object.outputProperties.Build | Should -Be '7'
        $finished.silent.PSObject.Properties.Name | Should -Not -Contain 'output'
    }

    It 'reports workflow problems as diagnostic events' {
        $wf = New-Workflow "nodes:`n  a: { needs: nope, run: 1 }"
        $events = @(Invoke-Dag $wf -OutputMode Json -ErrorVariable errs) | ForEach-Object { $_ | ConvertFrom-Json }
        $errs | Should -BeNullOrEmpty
        $events.Count | Should -Be 1
        $events[0].event | Should -Be 'diagnostic'
        $events[0].id | Should -Be 'DAG0003'
        $events[0].line | Should -Be 2
    }
}
