BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'Incremental nodes' {
    BeforeAll {
        $script:dir = Join-Path $TestDrive 'inc'
        New-Item -ItemType Directory (Join-Path $dir 'src') -Force | Out-Null
        Set-Content (Join-Path $dir 'src/a.txt') 'alpha'
        Set-Content (Join-Path $dir 'version.txt') '1'
        $script:wf = New-Workflow -Directory $dir -Name inc @'
nodes:
  version:
    run: Get-Content version.txt
  build:
    needs: version
    inputs: src/**/*.txt
    outputs: out/app.txt
    run: |
      Add-Content runs.txt 1
      New-Item -ItemType Directory -Force out | Out-Null
      $text = (Get-ChildItem src -Filter *.txt | Sort-Object Name | Get-Content) -join '+'
      Set-Content out/app.txt $text
      "built $text v$($Needs.version)"
'@
        function Get-Runs { @(Get-Content (Join-Path $dir 'runs.txt') -ErrorAction Ignore).Count }
    }

    It 'runs the first time, then is UpToDate with its output restored' {
        $first = Invoke-Dag $wf 6>$null
        $first['build'].Output | Should -Be @('built alpha v1')
        $second = Invoke-Dag $wf 6>$null
        $second['build'].Status | Should -Be 'Succeeded'
        $second['build'].Reason | Should -Be 'UpToDate'
        $second['build'].Output | Should -Be @('built alpha v1')
        Get-Runs | Should -Be 1
    }

    It 'runs again when an input file changes or is added' {
        Set-Content (Join-Path $dir 'src/b.txt') 'beta'
        (Invoke-Dag $wf 6>$null)['build'].Output | Should -Be @('built alpha+beta v1')
        Get-Runs | Should -Be 2
    }

    It 'runs again when an output is missing' {
        Remove-Item (Join-Path $dir 'out/app.txt')
        (Invoke-Dag $wf 6>$null)['build'].Reason | Should -Be 'None'
        Get-Runs | Should -Be 3
    }

    It 'runs again when a need''s output changes' {
        Set-Content (Join-Path $dir 'version.txt') '2'
        (Invoke-Dag $wf 6>$null)['build'].Output | Should -Be @('built alpha+beta v2')
        Get-Runs | Should -Be 4
    }

    It '-Force runs it although it is up to date' {
        (Invoke-Dag $wf 6>$null)['build'].Reason | Should -Be 'UpToDate'
        (Invoke-Dag $wf -Force 6>$null)['build'].Reason | Should -Be 'None'
        Get-Runs | Should -Be 5
    }
}
