BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:wf = New-Workflow -Name modes @'
nodes:
  slow:
    run: |
      Write-Host 'slow one'
      Start-Sleep -Milliseconds 300
      Write-Host 'slow two'
  fast:
    run: |
      Write-Host 'fast one'
      Start-Sleep -Milliseconds 50
      Write-Host 'fast two'
'@
}

Describe 'Output modes and log files' {
    It 'Grouped writes each node''s lines together under a header when it ends' {
        # 'slow' ends only once the journal records that 'fast' has ended.
        $checkpoint = Join-Path $TestDrive 'grouped.checkpoint.json'
        $ordered = New-Workflow -Name grouped @"
nodes:
  slow:
    run: |
      Write-Host 'slow one'
      $(Get-WaitForJournalScript $checkpoint -Node fast -Status Succeeded)
      Write-Host 'slow two'
  fast:
    run: |
      Write-Host 'fast one'
      Write-Host 'fast two'
"@
        $null = Invoke-Dag $ordered -OutputMode Grouped -Mode Parallel -Parallelism 2 -CheckpointPath $checkpoint -LogDirectory (Join-Path $TestDrive 'grouped') -InformationVariable info 6>$null
        $text = Get-HostText $info
        $fastHeader = [array]::IndexOf($text, ($text | Where-Object { $_ -like '--- fast: Succeeded*' }))
        $slowHeader = [array]::IndexOf($text, ($text | Where-Object { $_ -like '--- slow: Succeeded*' }))
        $fastHeader | Should -BeLessThan $slowHeader -Because 'fast ends first'
        $text[$fastHeader + 1] | Should -Be '[fast] fast one'
        $text[$fastHeader + 2] | Should -Be '[fast] fast two'
        $text[$slowHeader + 1] | Should -Be '[slow] slow one'
        $text[$slowHeader + 2] | Should -Be '[slow] slow two'
    }

    It 'Silent writes no node lines, only the result' {
        $r = Invoke-Dag $wf -OutputMode Silent -NoCheckpoint -InformationVariable info -WarningVariable warns 6>$null
        $r.Status | Should -Be 'Succeeded'
        $info | Should -BeNullOrEmpty
        $warns | Should -BeNullOrEmpty
    }

    It '-LogDirectory writes a timestamped log per node and the run summary' {
        $dir = Join-Path $TestDrive 'logs'
        $r = Invoke-Dag $wf -OutputMode Silent -NoCheckpoint -LogDirectory $dir
        $slow = Get-Content (Join-Path $dir 'slow.log')
        $slow[0] | Should -Match '^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[dagrunner\] attempt 1 started$'
        $slow | Should -Contain ($slow | Where-Object { $_ -match '\[host\] slow two$' })
        $slow[-1] | Should -Match '\[dagrunner\] Succeeded$'
        $summary = Get-Content (Join-Path $dir 'summary.txt') -Raw
        $summary | Should -Match "Workflow .modes. Succeeded in .* \(run $($r.RunId),"
        $summary | Should -Match '(?m)^slow\s+Succeeded'
    }
}
