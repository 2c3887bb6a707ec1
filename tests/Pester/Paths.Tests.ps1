# The path rule (docs/hardening.md): a workflow file is code from a trusted author, so its 'file:', 'inputs:' and
# 'outputs:' may leave the workflow's folder ('../', absolute paths) and symbolic links are followed; relative paths
# start at the workflow file's folder. What DagRunner itself wrote (checkpoint, history, incremental state) never
# names a script or a path: see HostileCheckpoint.Tests.ps1 for those files edited to try.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'Paths that leave the workflow folder' {
    BeforeAll {
        $script:shared = Join-Path $TestDrive 'shared'
        $script:dir = Join-Path $TestDrive 'project/flows'
        New-Item -ItemType Directory -Force $shared, $dir | Out-Null
        Set-Content (Join-Path $shared 'step.ps1') 'param($Name) "step ran for $Name"'
        Set-Content (Join-Path $shared 'data.txt') 'one'
    }

    It 'file: ../ and an absolute file: are valid and run, relative to the workflow file, not the current folder' {
        $absolute = (Join-Path $shared 'step.ps1').Replace('\', '/')
        $wf = New-Workflow -Directory $dir -Name escape @"
nodes:
  up:
    file: ../../shared/step.ps1
    with: { Name: up }
  absolute:
    file: '$absolute'
    with: { Name: absolute }
"@
        Push-Location $TestDrive
        try {
            Test-Dag $wf | Should -BeTrue
            $r = Invoke-Dag $wf -NoCheckpoint 6>$null
        } finally { Pop-Location }
        $r['up'].Output | Should -Be 'step ran for up'
        $r['absolute'].Output | Should -Be 'step ran for absolute'
    }

    It 'inputs: ../ and absolute globs are hashed: editing a file outside the folder runs the node again' {
        $absolute = (Join-Path $shared '*.txt').Replace('\', '/')
        $wf = New-Workflow -Directory $dir -Name inputs @"
nodes:
  up:
    inputs: ../../shared/*.txt
    outputs: up.out
    run: |
      Set-Content up.out x
      Get-Content ../../shared/data.txt
  absolute:
    inputs: '$absolute'
    outputs: absolute.out
    run: |
      Set-Content absolute.out x
      'ran'
"@
        $first = Invoke-Dag $wf 6>$null
        $first['up'].Output | Should -Be 'one'
        $second = Invoke-Dag $wf 6>$null
        $second['up'].Reason | Should -Be 'UpToDate'
        $second['absolute'].Reason | Should -Be 'UpToDate'
        Set-Content (Join-Path $shared 'data.txt') 'two'
        $third = Invoke-Dag $wf 6>$null
        $third['up'].Reason | Should -Not -Be 'UpToDate'
        $third['up'].Output | Should -Be 'two'
        $third['absolute'].Reason | Should -Not -Be 'UpToDate'
    }

    It 'a symbolically linked input is hashed by its target''s content' {
        $target = Join-Path $TestDrive 'elsewhere/config.json'
        New-Item -ItemType Directory -Force (Split-Path $target) | Out-Null
        Set-Content $target '{ "v": 1 }'
        $linkDir = Join-Path $TestDrive 'linked'
        New-Item -ItemType Directory -Force $linkDir | Out-Null
        try { New-Item -ItemType SymbolicLink -Path (Join-Path $linkDir 'config.json') -Target $target -ErrorAction Stop | Out-Null }
        catch { Set-ItResult -Skipped -Because "symbolic links cannot be created here: $_"; return }
        $wf = New-Workflow -Directory $linkDir -Name link @'
nodes:
  read:
    inputs: config.json
    run: (Get-Content config.json -Raw | ConvertFrom-Json).v
'@
        (Invoke-Dag $wf 6>$null)['read'].Output | Should -Be 1
        (Invoke-Dag $wf 6>$null)['read'].Reason | Should -Be 'UpToDate'
        Set-Content $target '{ "v": 2 }'
        $r = Invoke-Dag $wf 6>$null
        $r['read'].Reason | Should -Not -Be 'UpToDate'
        $r['read'].Output | Should -Be 2
    }

    It 'a checkpoint edited to name another script for a node cannot point it there: the workflow''s own script runs' {
        $wf = New-Workflow -Directory $dir -Name redirect @'
nodes:
  a: { run: "'a'" }
  b:
    needs: a
    file: ../../shared/step.ps1
    with: { Name: b }
'@
        $null = Invoke-Dag $wf 6>$null
        $evil = Join-Path $TestDrive 'evil.ps1'
        $marker = (Join-Path $TestDrive 'redirected.txt').Replace('\', '/')
        Set-Content $evil "New-Item -ItemType File '$marker'"
        $checkpoint = Join-Path $dir '.dagrunner/redirect.checkpoint.json'
        $text = (Get-Content $checkpoint -Raw).Replace('"status":"Succeeded"', '"status":"Failed"').Replace('{"name":"b",', '{"name":"b","file":"' + $evil.Replace('\', '/') + '","run":"New-Item -ItemType File ''' + $marker + '''",')
        [IO.File]::WriteAllText($checkpoint, $text)
        $r = Resume-Dag $wf 6>$null
        $r['b'].Output | Should -Be 'step ran for b'
        Test-Path $marker | Should -BeFalse
    }
}
