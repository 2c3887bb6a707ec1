BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'Test-Dag' {
    It 'returns $true and writes nothing for a valid workflow' {
        $wf = New-Workflow "nodes:`n  a: { run: 1 }`n  b: { needs: a, run: 2 }"
        Test-Dag $wf -ErrorVariable errs | Should -BeTrue
        $errs | Should -BeNullOrEmpty
    }

    It 'returns $false and writes one error per problem, each with its id and position' {
        $wf = New-Workflow @'
nodes:
  build:
    run: 1
  test:
    needs: biuld
    run: 2
  deploy:
    run: 3
    file: deploy.ps1
    tiemout: 5m
'@
        $valid = Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue
        $valid | Should -BeFalse
        $ids = $errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object
        $ids | Should -Be @('DAG0002', 'DAG0003', 'DAG0006', 'DAG0007')
        $needs = $errs | Where-Object { $_.FullyQualifiedErrorId -like 'DAG0003,*' }
        $needs.Exception.Diagnostic.Location.Line | Should -Be 5
        $needs.Exception.Diagnostic.Location.Column | Should -Be 12
        $needs.Exception.Message | Should -BeLike "*$(Split-Path $wf -Leaf)(5,12): error DAG0003:*'build'*"
    }

    It 'reports a cycle as a -> b -> c -> a' {
        $wf = New-Workflow @'
nodes:
  a: { needs: b, run: 1 }
  b: { needs: c, run: 1 }
  c: { needs: a, run: 1 }
'@
        Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0005,*'
        $errs[0].Exception.Message | Should -BeLike '*a -> b -> c -> a*'
    }

    It 'reports YAML syntax errors with their position' {
        $wf = New-Workflow "nodes:`n  a:`n    run: [unclosed"
        Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0001,*'
        $errs[0].Exception.Diagnostic.Location.Line | Should -BeGreaterThan 0
    }

    It 'accepts files from the pipeline (Get-ChildItem | Test-Dag)' {
        $dir = Join-Path $TestDrive 'many'
        New-Item -ItemType Directory $dir | Out-Null
        New-Workflow -Directory $dir -Name ok "nodes:`n  a: { run: 1 }" | Out-Null
        New-Workflow -Directory $dir -Name bad "nodes:`n  a: { needs: zz, run: 1 }" | Out-Null
        $results = Get-ChildItem $dir -Filter *.yaml | Sort-Object Name | Test-Dag -ErrorAction SilentlyContinue
        $results | Should -Be @($false, $true)
    }

    It 'reports a missing file as WorkflowFileNotFound' {
        Test-Dag (Join-Path $TestDrive 'absent.yaml') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs[0].FullyQualifiedErrorId | Should -Be 'WorkflowFileNotFound,DagRunner.PowerShell.TestDagCommand'
    }
}

Describe '$Needs reads checked before running' {
    BeforeAll {
        $script:wf = New-Workflow @'
nodes:
  build: { run: 'built' }
  lint: { run: 'linted' }
  pack:
    needs: build
    run: |
      $marker = Join-Path $Dag.WorkflowDirectory 'pack-ran.txt'
      Set-Content $marker 'ran'
      "$($Needs.biuld) $($Needs.lint)"
'@
    }

    It 'Test-Dag reports each bad read as DAG0024 at its line and column, with what to do' {
        Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs.FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] } | Should -Be @('DAG0024', 'DAG0024')
        $errs[0].Exception.Diagnostic.Location.Line | Should -Be 9
        $errs[0].Exception.Diagnostic.Location.Column | Should -Be 17
        $errs[0].Exception.Message | Should -Match "Did you mean 'build'\?"
        $errs[1].Exception.Diagnostic.Location.Column | Should -Be 33
        $errs[1].Exception.Message | Should -Match 'add lint to the needs of .pack.'
    }

    It 'Invoke-Dag refuses the workflow before any node starts' {
        $r = Invoke-Dag $wf -NoCheckpoint -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        ($errs | Where-Object FullyQualifiedErrorId -like 'DAG0024,*').Count | Should -Be 2
        Join-Path (Split-Path $wf) 'pack-ran.txt' | Should -Not -Exist
    }
}

# Two deploy nodes that each set $env:REGION and run at once: the environment is one per process, so both deploy
# wherever the last one set it. Test-Dag said True without a word; now it warns DAG0046 at each assignment.
Describe 'Nodes that set one environment variable at the same time' {
    BeforeAll {
        $script:marks = Join-Path $TestDrive 'env-marks'
        New-Item -ItemType Directory $marks | Out-Null
        $script:racing = New-Workflow -Yaml @"
nodes:
  deploy-eu:
    run: |
      `$env:DAGTEST_REGION = 'eu-west-1'
      Set-Content '$marks/eu' 1
      $(Get-WaitForFileScript "$marks/us")
      "eu deployed to `$(& (Get-Command printenv -CommandType Application)[0] DAGTEST_REGION)"
  deploy-us:
    run: |
      $(Get-WaitForFileScript "$marks/eu")
      `$env:DAGTEST_REGION = 'us-east-1'
      Set-Content '$marks/us' 1
      "us deployed to `$(& (Get-Command printenv -CommandType Application)[0] DAGTEST_REGION)"
"@
        $script:plain = New-Workflow -Yaml "nodes:`n  a:`n    run: `$env:DAGTEST_REGION = 'a'`n  b:`n    run: `$env:DAGTEST_REGION = 'b'`n"
    }
    AfterAll { $env:DAGTEST_REGION = $null }

    It 'Test-Dag returns $true and warns DAG0046 at each assignment, naming the other node' {
        $ok = Test-Dag $racing -WarningVariable warns 3>$null

        $ok | Should -BeTrue
        $ours = @($warns | Where-Object Message -Match 'warning DAG0046:')
        $ours.Count | Should -Be 2
        $ours[0].Message | Should -Match "\(4,7\): warning DAG0046: Node 'deploy-eu' sets \`$env:DAGTEST_REGION, and 'deploy-us' \(sets it\) may run at the same time"
    }

    It 'is no false alarm: run at once, the first node''s native command sees the value the other set' -Skip:$IsWindows {
        $r = Invoke-Dag $racing -NoCheckpoint -OutputMode Silent -WarningVariable warns 3>$null

        $r['deploy-eu'].Output | Should -Be 'eu deployed to us-east-1'
        @($warns | Where-Object Message -Match 'warning DAG0046:').Count | Should -Be 2 -Because 'Invoke-Dag warns before it runs'
    }

    It 'says nothing for a run of one node at a time (-Mode Sequential, -Parallelism 1)' {
        $null = Invoke-Dag $plain -NoCheckpoint -OutputMode Silent -Mode Sequential -WarningVariable sequential 3>$null
        $null = Invoke-Dag $plain -NoCheckpoint -OutputMode Silent -Parallelism 1 -WarningVariable one 3>$null
        $null = Invoke-Dag $plain -NoCheckpoint -OutputMode Silent -WarningVariable parallel 3>$null

        @($sequential + $one | Where-Object Message -Match 'DAG0046').Count | Should -Be 0
        @($parallel | Where-Object Message -Match 'DAG0046').Count | Should -Be 2
    }
}
