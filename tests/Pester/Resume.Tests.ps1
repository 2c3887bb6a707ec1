# What Resume-Dag runs again, as users meet it: changed inputs, a rollback that undoes a deploy, -Rerun, and a
# resume with nothing to do that still returns its result.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    function Get-Runs([string] $Directory) {
        @(Get-ChildItem (Join-Path $Directory 'runs') -Filter *.run -ErrorAction Ignore | ForEach-Object { $_.BaseName -replace '\..*$' })
    }
}

Describe 'Resume-Dag after an input changed' {
    BeforeEach {
        $script:dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory (Join-Path $dir 'src'), (Join-Path $dir 'runs') | Out-Null
        Set-Content (Join-Path $dir 'src/x.cs') 'class X {}'
        Set-Content (Join-Path $dir 'src/y.cs') 'class Y {}'
        # Each run of a node leaves its own file: runs/<node>.<guid>.run.
        $script:wf = New-Workflow -Directory $dir -Name build @'
nodes:
  compile:
    inputs: src/*.cs
    run: New-Item "runs/compile.$([guid]::NewGuid().ToString('n')).run" | Out-Null
  pack:
    needs: compile
    run: New-Item "runs/pack.$([guid]::NewGuid().ToString('n')).run" | Out-Null
  docs:
    run: New-Item "runs/docs.$([guid]::NewGuid().ToString('n')).run" | Out-Null
'@
        Push-Location $dir
        Invoke-Dag $wf | Out-Null
    }
    AfterEach { Pop-Location }

    It 'runs the node whose input changed and its downstream again, restores the rest, and -WhatIf names the file' {
        Set-Content (Join-Path $dir 'src/x.cs') 'class X { int changed; }'

        $whatIf = Invoke-ChildPwsh "Set-Location '$dir'; Resume-Dag '$wf' -WhatIf"
        $whatIf | Should -Match 'run\s+compile\s+input src/x.cs changed'
        $whatIf | Should -Match 'run\s+pack\s+a node it needs runs again'
        $whatIf | Should -Match 'restore\s+docs'

        $r = Resume-Dag $wf
        $r['compile'].Reason | Should -Be 'InputsChanged'
        $r['pack'].Reason | Should -Be 'UpstreamChanged'
        $r['docs'].Reason | Should -Be 'Resumed'
        (Get-Runs $dir | Group-Object -AsHashTable -AsString).compile.Count | Should -Be 2
        (Get-Runs $dir | Where-Object { $_ -eq 'docs' }).Count | Should -Be 1
    }

    It 'has nothing to resume while the inputs are unchanged, and still returns the restored result' {
        $r = Resume-Dag $wf -WarningVariable warnings 3>$null
        $r.Status | Should -Be 'Succeeded'
        $r.Nodes.Count | Should -Be 3
        $r.Nodes | ForEach-Object { $_.Reason | Should -Be 'Resumed' }
        ($warnings -join "`n") | Should -Match 'Nothing to resume'
        @(Get-Runs $dir).Count | Should -Be 3 -Because 'nothing ran again'
        (Get-DagCheckpoint $wf).Session | Should -Be 1 -Because 'the checkpoint is left as it was'
    }
}

Describe 'invalidates: a rollback voids what it undoes' {
    BeforeEach {
        $script:dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory (Join-Path $dir 'runs'), (Join-Path $dir 'servers') | Out-Null
        # deploy writes a version file per server; rollback resets every server; verify checks them all.
        $script:wf = New-Workflow -Directory $dir -Name rollout @'
nodes:
  deploy:
    foreach: [web1, web2, web3]
    run: |
      New-Item "runs/deploy.$([guid]::NewGuid().ToString('n')).run" | Out-Null
      Set-Content "servers/$Item" 'v2'
  verify:
    needs: deploy
    run: |
      if (Test-Path broken) { throw 'web2 does not answer' }
      foreach ($server in 'web1', 'web2', 'web3') {
        if ((Get-Content "servers/$server") -ne 'v2') { throw "$server is not on v2" }
      }
  rollback:
    needs: verify
    when: failure
    invalidates: deploy
    run: Get-ChildItem servers | ForEach-Object { Set-Content $_.FullName 'v1' }
'@
        Push-Location $dir
    }
    AfterEach { Pop-Location }

    It 'shows it in the plan, voids every instance in the checkpoint, and a resume deploys again and verifies' {
        Set-Content (Join-Path $dir 'broken') 1
        (Get-DagPlan $wf)['rollback'].Invalidates | Should -Be 'deploy'
        Invoke-ChildPwsh "Invoke-Dag '$wf' -WhatIf" | Should -Match 'rollback\s+needs verify\s+when failure\s+invalidates deploy'

        $first = Invoke-Dag $wf -ErrorAction SilentlyContinue -WarningVariable warnings 3>$null
        $first.Status | Should -Be 'Failed'
        $first['rollback'].Status | Should -Be 'Succeeded'
        ($warnings -join "`n") | Should -Match 'invalidates deploy: the recorded success of deploy, deploy\[web1\], deploy\[web2\], deploy\[web3\] is void'
        $state = Get-DagCheckpoint $wf
        foreach ($name in 'deploy', 'deploy[web1]', 'deploy[web2]', 'deploy[web3]') {
            $state.Nodes[$name].Status | Should -Be 'NotRun'
            $state.Nodes[$name].Reason | Should -Be 'Invalidated'
            $state.Nodes[$name].InvalidatedBy | Should -Be 'rollback'
        }

        Remove-Item (Join-Path $dir 'broken')
        $whatIf = Invoke-ChildPwsh "Set-Location '$dir'; Resume-Dag '$wf' -WhatIf"
        $whatIf | Should -Match "run\s+deploy\[web2\]\s+'rollback' invalidated its success"
        $resumed = Resume-Dag $wf
        $resumed.Status | Should -Be 'Succeeded' -Because 'the servers were deployed again after the rollback'
        $resumed['deploy[web1]'].Reason | Should -Be 'Invalidated'
        $resumed['rollback'].Status | Should -Be 'Skipped'
        (Get-Runs $dir).Count | Should -Be 6
    }

    It 'an unknown node in invalidates is DAG0023 at its line and column, with the nearest id' {
        $bad = New-Workflow -Directory $dir -Name bad "nodes:`n  deploy: { run: 1 }`n  rollback:`n    invalidates: [deplyo]`n    run: 2"
        Test-Dag $bad -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DAG0023*'
        "$($problems[0])" | Should -Match '\(4,19\)'
        "$($problems[0])" | Should -Match "'deploy'"
    }
}

Describe 'Resume-Dag -Rerun' {
    BeforeEach {
        $script:dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory (Join-Path $dir 'runs') | Out-Null
        $script:wf = New-Workflow -Directory $dir -Name etl @'
nodes:
  extract:
    run: New-Item "runs/extract.$([guid]::NewGuid().ToString('n')).run" | Out-Null; 'rows'
  load:
    needs: extract
    foreach: [mon, tue]
    run: New-Item "runs/load.$([guid]::NewGuid().ToString('n')).run" | Out-Null; "${Item}:$($Needs.extract)"
  report:
    needs: load
    run: New-Item "runs/report.$([guid]::NewGuid().ToString('n')).run" | Out-Null; $Needs.load -join ','
  audit:
    run: New-Item "runs/audit.$([guid]::NewGuid().ToString('n')).run" | Out-Null
'@
        Push-Location $dir
        Invoke-Dag $wf | Out-Null
    }
    AfterEach { Pop-Location }

    It 'runs the named node and everything downstream again, although they succeeded' {
        $r = Resume-Dag $wf -Rerun extract
        $r['extract'].Reason | Should -Be 'RerunRequested'
        $r['load[mon]'].Reason | Should -Be 'UpstreamChanged'
        $r['report'].Reason | Should -Be 'UpstreamChanged'
        $r['audit'].Reason | Should -Be 'Resumed'
        $r['report'].Output | Should -Be 'mon:rows,tue:rows'
        (Get-Runs $dir | Where-Object { $_ -eq 'audit' }).Count | Should -Be 1
    }

    It 'runs one foreach instance again, keeping the other' {
        $r = Resume-Dag $wf -Rerun 'load[tue]'
        $r['load[tue]'].Reason | Should -Be 'RerunRequested'
        $r['load[mon]'].Reason | Should -Be 'Resumed'
        $r['report'].Reason | Should -Be 'UpstreamChanged'
        (Get-Runs $dir | Where-Object { $_ -eq 'load' }).Count | Should -Be 3
    }

    It 'refuses a name that is not a node, with NodeNotFound naming the nearest, and runs nothing' {
        { Resume-Dag $wf -Rerun extrct -ErrorAction Stop } | Should -Throw -ErrorId 'NodeNotFound*'
        { Resume-Dag $wf -Rerun extrct -ErrorAction Stop } | Should -Throw "*'extract'*"
        (Get-Runs $dir).Count | Should -Be 5
    }

    It 'completes node ids and the instances the checkpoint holds' {
        $line = 'Resume-Dag ./etl.dag.yaml -Rerun lo'
        $offered = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $offered.CompletionText | Should -Be @('load', "'load[mon]'", "'load[tue]'")
    }
}
