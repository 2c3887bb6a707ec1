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
