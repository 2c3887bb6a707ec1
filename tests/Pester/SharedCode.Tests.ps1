BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    # A folder of its own per workflow: the tests look at the files nodes and setups write there.
    function New-SharedCodeFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path (Join-Path $folder 'tools') -Force | Out-Null
        Set-Content (Join-Path $folder 'tools/Deploy.psm1') @'
function Get-DeployTarget { param($Name) "target-$Name" }
Export-ModuleMember -Function Get-DeployTarget
'@
        $folder
    }
}

Describe 'modules: and setup: shared by every node' {
    It 'every node, foreach instance and node after a runspace reset sees the module, and setup''s functions, variables and aliases' {
        $folder = New-SharedCodeFolder
        $wf = New-Workflow -Directory $folder @'
modules: [./tools/Deploy.psm1]
setup: |
  function Format-Tag { param($Text) "<$Text>" }
  $Greeting = 'hello'
  Set-Alias tag Format-Tag
nodes:
  first:
    run: |
      $global:written = 'dirty'   # this runspace is reset before its next node
      "$(tag (Get-DeployTarget first)) $Greeting"
  fan:
    needs: first
    foreach: [a, b, c]
    run: '"$(tag (Get-DeployTarget $Item)) $Greeting"'
  last:
    needs: fan
    run: '"$(Format-Tag last) $Greeting $(Get-DeployTarget last)"'
'@
        $r = Invoke-Dag $wf -NoCheckpoint -Parallelism 1 -OutputMode Silent
        $r.Status | Should -Be 'Succeeded'
        $r.Nodes['first'].Output | Should -Be '<target-first> hello'
        $r.Nodes['fan[b]'].Output | Should -Be '<target-b> hello'
        $r.Nodes['last'].Output | Should -Be '<last> hello target-last'
    }

    It 'setup runs once in each runspace, never per node' {
        $folder = New-SharedCodeFolder
        $wf = New-Workflow -Directory $folder @'
setup: |
  # Each runspace its own file: one line per setup run in it.
  Add-Content -Path ("setup-" + [runspace]::DefaultRunspace.InstanceId + ".txt") -Value 'ran'
nodes:
  fan:
    foreach: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    run: |
      Set-Content -Path ("node-" + $Item + ".txt") -Value ([runspace]::DefaultRunspace.InstanceId)
'@
        $r = Invoke-Dag $wf -NoCheckpoint -Parallelism 2 -OutputMode Silent
        $r.Status | Should -Be 'Succeeded'
        $setups = @(Get-ChildItem $folder -Filter 'setup-*.txt')
        $setups.Count | Should -BeGreaterOrEqual 1
        $setups.Count | Should -BeLessOrEqual 2
        foreach ($file in $setups) { @(Get-Content $file.FullName).Count | Should -Be 1 }
        # Every runspace a node ran in was set up.
        $used = Get-ChildItem $folder -Filter 'node-*.txt' | ForEach-Object { Get-Content $_.FullName } | Sort-Object -Unique
        $setupRunspaces = $setups.Name | ForEach-Object { $_ -replace '^setup-|\.txt$' }
        foreach ($id in $used) { $setupRunspaces | Should -Contain $id }
    }

    It 'setup: { file: } runs the script file, relative to the workflow' {
        $folder = New-SharedCodeFolder
        Set-Content (Join-Path $folder 'setup.ps1') "function Get-Answer { 42 }"
        $wf = New-Workflow -Directory $folder "setup: { file: ./setup.ps1 }`nnodes:`n  a: { run: Get-Answer }"
        (Invoke-Dag $wf -NoCheckpoint -OutputMode Silent).Nodes['a'].Output | Should -Be 42
    }

    It 'a module with a version range is imported; one that no version satisfies fails' {
        $folder = New-SharedCodeFolder
        $modules = Join-Path $folder 'modules'
        New-Item -ItemType Directory (Join-Path $modules 'Ranged/1.2.0') -Force | Out-Null
        Set-Content (Join-Path $modules 'Ranged/1.2.0/Ranged.psm1') 'function Get-RangedVersion { "1.2.0" }'
        New-ModuleManifest -Path (Join-Path $modules 'Ranged/1.2.0/Ranged.psd1') -RootModule 'Ranged.psm1' -ModuleVersion 1.2.0 -FunctionsToExport Get-RangedVersion
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $saved
            $ok = New-Workflow -Directory $folder "modules: [ { name: Ranged, version: 1.* } ]`nnodes:`n  a: { run: Get-RangedVersion }"
            (Invoke-Dag $ok -NoCheckpoint -OutputMode Silent).Nodes['a'].Output | Should -Be '1.2.0'

            $tooNew = New-Workflow -Directory $folder "modules: [ { name: Ranged, version: 2.* } ]`nnodes:`n  a: { run: Get-RangedVersion }"
            Invoke-Dag $tooNew -NoCheckpoint -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ModuleNotFound,*'
        }
        finally { $env:PSModulePath = $saved }
    }
}

Describe 'modules: and setup: that fail stop the run before any node starts' {
    It 'a module that is not installed is ModuleNotFound, naming it and where it was looked for; no node runs, nothing is recorded' {
        $folder = New-SharedCodeFolder
        $wf = New-Workflow -Directory $folder "modules: [Not.Installed.Anywhere]`nnodes:`n  a: { run: Set-Content ran.txt 1 }"
        $r = Invoke-Dag $wf -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ModuleNotFound,*'
        $errs[0].Exception.Message | Should -Match "'Not\.Installed\.Anywhere'"
        $errs[0].Exception.Message | Should -Match 'PSModulePath'
        $errs[0].Exception.Message | Should -Match '\(1,11\)'
        Join-Path $folder 'ran.txt' | Should -Not -Exist
        Get-ChildItem (Join-Path $folder '.dagrunner') -Filter '*.checkpoint.json' -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'a setup that throws is SetupFailed at the line of the throw in the workflow file' {
        $folder = New-SharedCodeFolder
        $wf = New-Workflow -Directory $folder "setup: |`n  `$ready = 1`n  throw 'no config'`nnodes:`n  a: { run: Set-Content ran.txt 1 }"
        Invoke-Dag $wf -NoCheckpoint -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SetupFailed,*'
        $errs[0].Exception.Message | Should -Match '\(3,3\)'
        $errs[0].Exception.Message | Should -Match 'no config'
        Join-Path $folder 'ran.txt' | Should -Not -Exist
    }

    It 'Test-Dag reports a bad modules entry (DAG0025), a bad setup (DAG0026) and a setup syntax error (DAG0014) at their positions' {
        $folder = New-SharedCodeFolder
        $wf = New-Workflow -Directory $folder @'
modules: [./tools/Missing.psm1, { version: 1.0 }]
setup: { run: 'x', file: ./setup.ps1 }
nodes:
  a: { run: 1 }
'@
        Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object | Should -Be @('DAG0025', 'DAG0025', 'DAG0026')
        ($errs | Where-Object { $_.Exception.Message -match 'Missing\.psm1' }).Exception.Diagnostic.Location.Column | Should -Be 11

        $syntax = New-Workflow -Directory $folder "setup: |`n  function Broken {`nnodes:`n  a: { run: 1 }"
        Test-Dag $syntax -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeFalse
        $errs2[0].FullyQualifiedErrorId | Should -BeLike 'DAG0014,*'
        $errs2[0].Exception.Diagnostic.Location.Line | Should -Be 2
    }
}

Describe 'Resume after setup: changed' {
    It 'editing setup re-runs every node; an unchanged setup restores them' {
        $folder = New-SharedCodeFolder
        $wf = New-Workflow -Directory $folder "setup: |`n  `$Suffix = 'one'`nnodes:`n  a: { run: '`"a-`$Suffix`"' }`n  b: { needs: a, run: '`"b-`$Suffix`"' }"
        (Invoke-Dag $wf -OutputMode Silent).Status | Should -Be 'Succeeded'

        $same = Resume-Dag $wf -OutputMode Silent -WarningAction SilentlyContinue
        $same.Nodes['a'].Reason | Should -Be 'Resumed'

        (Get-Content $wf -Raw).Replace("'one'", "'two'") | Set-Content $wf
        $r = Resume-Dag $wf -OutputMode Silent
        $r.Nodes['a'].Reason | Should -Not -Be 'Resumed'
        $r.Nodes['b'].Output | Should -Be 'b-two'
    }
}
