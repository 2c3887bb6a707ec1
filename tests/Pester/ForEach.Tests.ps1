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

Describe 'foreach with key:' {
    It 'names the instances of objects by the key expression over $Item, and $Needs is there too' {
        $wf = New-Workflow @'
nodes:
  region:
    run: "'eu'"
  days:
    run: |
      [pscustomobject]@{ Day = '2026-12-01'; Rows = 2 }
      [pscustomobject]@{ Day = '2026-11-30'; Rows = 1 }
  transform:
    needs: [days, region]
    foreach:
      items: $Needs.days
      key: $Item.Day
    run: '"$($Needs.region) $($Item.Day): $($Item.Rows) rows"'
  fixed:
    needs: region
    foreach: { items: [{ host: web1 }, { host: DB1 }], key: '"$($Needs.region)-$($Item.host)"' }
    run: $Item.host
'@
        $r = Invoke-Dag $wf -NoCheckpoint 6>$null
        $r.Status | Should -Be 'Succeeded'
        @($r.Nodes.Name | Where-Object { $_ -like 'transform*' }) | Should -Be @('transform', 'transform[2026-12-01]', 'transform[2026-11-30]')
        $r['transform[2026-11-30]'].Output | Should -Be @('eu 2026-11-30: 1 rows')
        @($r.Nodes.Name | Where-Object { $_ -like 'fixed*' }) | Should -Be @('fixed', 'fixed[eu-web1]', 'fixed[eu-DB1]')
    }

    It 'fails the node before any instance starts when two items have one key, naming both' {
        $dir = Join-Path $TestDrive 'dup-keys'
        New-Item -ItemType Directory $dir | Out-Null
        $wf = New-Workflow -Directory $dir @'
nodes:
  transform:
    foreach:
      items: [{ Day: '2026-11-30' }, { Day: '2026-12-01' }, { Day: '2026-11-30' }]
      key: $Item.Day
    run: Set-Content "ran-$($Item.Day).txt" 1
  after:
    needs: transform
    run: 1
'@
        $r = Invoke-Dag $wf -NoCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null
        $r['transform'].Status | Should -Be 'Failed'
        $r['transform'].Error.FullyQualifiedErrorId | Should -Be 'ForEachKeyDuplicate'
        $r['transform'].ErrorMessage | Should -Match "Items 0 and 2 .*'2026-11-30'"
        $r['after'].Reason | Should -Be 'UpstreamFailed'
        @($r.Nodes.Name) | Should -Be @('transform', 'after')
        @(Get-ChildItem $dir -Filter 'ran-*') | Should -BeNullOrEmpty
        @($errs.FullyQualifiedErrorId) | Should -Contain 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand'
    }

    It 'a resume after the list was reordered restores each instance by key and runs only what did not succeed' {
        $dir = Join-Path $TestDrive 'reorder'
        New-Item -ItemType Directory $dir | Out-Null
        $body = @'
nodes:
  transform:
    foreach:
      items: [ITEMS]
      key: $Item.Day
    run: |
      Add-Content "runs-$($Item.Day).txt" 1
      if ($Item.Day -eq '2026-12-01' -and -not (Test-Path fixed.txt)) { throw 'no data yet' }
      "$($Item.Day): $($Item.Rows)"
  report:
    needs: transform
    run: $Needs.transform -join ', '
'@
        $wf = New-Workflow -Directory $dir -Name days ($body.Replace('ITEMS', "{ Day: '2026-11-30', Rows: 1 }, { Day: '2026-12-01', Rows: 2 }, { Day: '2026-12-02', Rows: 3 }"))
        $first = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $first['transform[2026-12-01]'].Status | Should -Be 'Failed'
        $first['transform[2026-11-30]'].Status | Should -Be 'Succeeded'

        Set-Content $wf ($body.Replace('ITEMS', "{ Day: '2026-12-02', Rows: 3 }, { Day: '2026-12-01', Rows: 2 }, { Day: '2026-11-30', Rows: 1 }"))
        Set-Content (Join-Path $dir 'fixed.txt') 'yes'
        $second = Resume-Dag $wf 6>$null
        $second.Status | Should -Be 'Succeeded'
        $second['transform[2026-11-30]'].Reason | Should -Be 'Resumed'
        $second['transform[2026-12-02]'].Reason | Should -Be 'Resumed'
        $second['transform[2026-12-01]'].Reason | Should -Be 'PreviouslyFailed'
        $second['transform[2026-11-30]'].Output | Should -Be @('2026-11-30: 1')
        $second['report'].Output | Should -Be @('2026-12-02: 3, 2026-12-01: 2, 2026-11-30: 1')
        @(Get-Content (Join-Path $dir 'runs-2026-11-30.txt')).Count | Should -Be 1
        @(Get-Content (Join-Path $dir 'runs-2026-12-02.txt')).Count | Should -Be 1
        @(Get-Content (Join-Path $dir 'runs-2026-12-01.txt')).Count | Should -Be 2
    }
}
