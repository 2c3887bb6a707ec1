BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'foreach' {
    It 'runs one instance per listed item with $Item, and the dependent gets their outputs in item order' {
        # Each instance waits until two have started: two run at once, or the first gives up and fails.
        $started = Join-Path $TestDrive 'foreach-started'
        $null = New-Item -ItemType Directory $started
        $wf = New-Workflow @"
nodes:
  deploy:
    foreach: [web1, web2, web3]
    parallelism: 2
    run: |
      Set-Content (Join-Path '$started' `$Item) 1
      `$deadline = [DateTime]::UtcNow.AddSeconds(60)
      while (@(Get-ChildItem '$started').Count -lt 2) { if ([DateTime]::UtcNow -gt `$deadline) { throw 'no second instance started' }; Start-Sleep -Milliseconds 20 }
      "deployed `$Item"
  verify:
    needs: deploy
    run: '"verified: " + (`$Needs.deploy -join ", ")'
"@
        $r = Invoke-Dag $wf -NoCheckpoint -Mode Parallel 6>$null
        $r.Status | Should -Be 'Succeeded'
        $r.Nodes.Name | Should -Be @('deploy', 'deploy[web1]', 'deploy[web2]', 'deploy[web3]', 'verify')
        $r['deploy[web2]'].Output | Should -Be @('deployed web2')
        $r['verify'].Output | Should -Be @('verified: deployed web1, deployed web2, deployed web3')
        $r.PeakConcurrency | Should -Be 2
    }

    It 'evaluates an expression over $Needs when the node is ready (the graph changes shape at run time)' {
        $wf = New-Workflow @'
nodes:
  discover:
    run: |
      [pscustomobject]@{ Name = 'db1'; Size = 10 }
      [pscustomobject]@{ Name = 'db2'; Size = 20 }
  backup:
    needs: discover
    foreach: $Needs.discover
    run: '"backed up $($Item.Name) ($($Item.Size) GB)"'
'@
        $r = Invoke-Dag $wf -NoCheckpoint 6>$null
        $r.Nodes.Name | Should -Be @('discover', 'backup', 'backup[0]', 'backup[1]')
        $r['backup'].Output | Should -Be @('backed up db1 (10 GB)', 'backed up db2 (20 GB)')
    }

    It 'an empty list succeeds with Reason EmptyForeach' {
        $wf = New-Workflow "nodes:`n  none:`n    foreach: []`n    run: throw 'never'`n  after:`n    needs: none`n    run: `"'ran'`""
        $r = Invoke-Dag $wf -NoCheckpoint
        $r['none'].Status | Should -Be 'Succeeded'
        $r['none'].Reason | Should -Be 'EmptyForeach'
        $r['after'].Output | Should -Be @('ran')
    }

    It 'a resume re-runs only the failed instances' {
        $dir = Join-Path $TestDrive 'resume-foreach'
        New-Item -ItemType Directory $dir | Out-Null
        $wf = New-Workflow -Directory $dir -Name fan @"
nodes:
  fan:
    foreach: [a, b, c]
    run: |
      Add-Content "runs-`$Item.txt" 1
      if (`$Item -eq 'b' -and -not (Test-Path fixed.txt)) { throw 'b failed' }
      "done `$Item"
"@
        $first = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $first['fan'].Status | Should -Be 'Failed'
        $first['fan[b]'].Status | Should -Be 'Failed'
        Set-Content (Join-Path $dir 'fixed.txt') 'yes'
        $second = Resume-Dag $wf 6>$null
        $second.Status | Should -Be 'Succeeded'
        $second['fan[a]'].Reason | Should -Be 'Resumed'
        $second['fan[b]'].Reason | Should -Be 'PreviouslyFailed'
        $second['fan'].Output | Should -Be @('done a', 'done b', 'done c')
        @(Get-Content (Join-Path $dir 'runs-a.txt')).Count | Should -Be 1
        @(Get-Content (Join-Path $dir 'runs-b.txt')).Count | Should -Be 2
    }

    It 'shows foreach nodes as a group in the plan and the graph' {
        $wf = New-Workflow "nodes:`n  fan:`n    foreach: [x, y]`n    run: `$Item"
        (Get-DagPlan $wf)['fan'].ForEachCount | Should -Be 2
        Export-DagGraph $wf | Should -Match 'foreach × 2'
    }
}
