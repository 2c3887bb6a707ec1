# Export-DagResult: a real run's results as JUnit XML (checked against the JUnit schema the engine's tests vendor) and JSON.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:xsd = Join-Path $PSScriptRoot '../DagRunner.Engine.Tests/Export/JUnit.xsd'

    # build passes, test fails at its throw (line 9 of the file), package is skipped, deploy fans out to two instances.
    $script:wf = New-Workflow -Name ci @'
name: ci
nodes:
  build:
    run: "'artifact.zip'"
  test:
    needs: [build]
    run: |
      Write-Output 'ran'
      throw 'Expected 3 but got 4'
  package:
    needs: [test]
    run: "'pkg'"
  deploy:
    needs: [build]
    foreach: [web01, web02]
    run: '"deployed $Item"'
'@
    $script:run = Invoke-Dag $wf -OutputMode Silent -ErrorAction SilentlyContinue

    function Test-JUnitSchema([string] $Xml) {
        $settings = [System.Xml.XmlReaderSettings]::new()
        $settings.ValidationType = 'Schema'
        $null = $settings.Schemas.Add($null, $xsd)
        $problems = [System.Collections.Generic.List[string]]::new()
        $settings.add_ValidationEventHandler({ param($s, $e) $problems.Add($e.Message) }.GetNewClosure())
        $reader = [System.Xml.XmlReader]::Create([System.IO.StringReader]::new($Xml), $settings)
        try { while ($reader.Read()) { } } finally { $reader.Dispose() }
        , $problems.ToArray()
    }
}

Describe 'Export-DagResult' {
    It 'turns a piped run result into JUnit XML: one test case per node and instance, valid against the JUnit schema' {
        $run.Status | Should -Be 'Failed'
        $xml = $run | Export-DagResult -Format JUnit
        $xml | Should -BeOfType [string]
        Test-JUnitSchema $xml | Should -BeNullOrEmpty

        $suite = ([xml]$xml).testsuites.testsuite
        $suite.name | Should -Be 'ci'
        $suite.tests | Should -Be '6'
        $suite.failures | Should -Be '1'
        $suite.skipped | Should -Be '1'
        $suite.hostname | Should -Be ([Environment]::MachineName)
        @($suite.testcase.name) | Should -Be @('build', 'test', 'deploy', 'deploy[web01]', 'deploy[web02]', 'package') -Because 'plan order, each foreach node followed by its instances'
        @($suite.testcase.classname | Select-Object -Unique) | Should -Be 'ci'

        $test = $suite.testcase | Where-Object name -EQ 'test'
        $test.failure.message | Should -Be 'Expected 3 but got 4'
        $test.failure.'#text' | Should -BeLike "*at ${wf}:9:7"
        $test.'system-out' | Should -Be 'output: ["ran"]'
        ($suite.testcase | Where-Object name -EQ 'package').skipped.message | Should -Be 'Skipped (UpstreamFailed)'
        ($suite.testcase | Where-Object name -EQ 'deploy[web02]').'system-out' | Should -Be 'output: ["deployed web02"]'
    }

    It 'writes JSON with statuses as names, times as ISO 8601 and the failure''s position' {
        $doc = $run | Export-DagResult -Format Json | ConvertFrom-Json -DateKind String
        $doc.workflow | Should -Be 'ci'
        $doc.runId | Should -Be $run.RunId
        $doc.status | Should -Be 'Failed'
        $doc.startTime | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$'
        $doc.durationSeconds | Should -BeOfType [double]
        $test = $doc.nodes | Where-Object id -EQ 'test'
        $test.status | Should -Be 'Failed'
        $test.error.message | Should -Be 'Expected 3 but got 4'
        $test.error.file | Should -Be $wf
        $test.error.line | Should -Be 9
        $test.error.column | Should -Be 7
        ($doc.nodes | Where-Object id -EQ 'package').reason | Should -Be 'UpstreamFailed'
        ($doc.nodes | Where-Object id -EQ 'build').output | Should -Be 'artifact.zip'
    }

    It 'exports the checkpoint with -FromCheckpoint: the same nodes and statuses as the result' {
        $doc = Export-DagResult $wf -FromCheckpoint -Format Json | ConvertFrom-Json
        $doc.source | Should -Be 'checkpoint'
        $doc.runId | Should -Be $run.RunId
        @($doc.nodes | ForEach-Object { "$($_.id)=$($_.status)" } | Sort-Object) |
            Should -Be @($run.Nodes | ForEach-Object { "$($_.Name)=$($_.Status)" } | Sort-Object)
        ($doc.nodes | Where-Object id -EQ 'test').error.line | Should -Be 5 -Because 'a checkpoint keeps no failure position: the line of the node'

        $xml = Export-DagResult -CheckpointPath (Join-Path $TestDrive '.dagrunner/ci.checkpoint.json')
        Test-JUnitSchema $xml | Should -BeNullOrEmpty
        ([xml]$xml).testsuites.testsuite.failures | Should -Be '1'
    }

    It 'after Resume-Dag, restored nodes pass with a note that they came from the checkpoint' {
        $resumed = Resume-Dag $wf -OutputMode Silent -ErrorAction SilentlyContinue
        $resumed['build'].Reason | Should -Be 'Resumed'
        $suite = ([xml]($resumed | Export-DagResult)).testsuites.testsuite
        $build = $suite.testcase | Where-Object name -EQ 'build'
        $build.failure | Should -BeNullOrEmpty
        $build.skipped | Should -BeNullOrEmpty
        $build.'system-out' | Should -BeLike 'restored from the checkpoint*'
        (($resumed | Export-DagResult -Format Json | ConvertFrom-Json).nodes | Where-Object id -EQ 'build').restored | Should -BeTrue
    }

    It 'writes -OutFile and returns nothing, or the file with -PassThru; -WhatIf writes nothing' {
        $out = Join-Path $TestDrive 'reports/results.xml'
        $run | Export-DagResult -OutFile $out | Should -BeNullOrEmpty
        Get-Content $out -Raw | Should -Be ($run | Export-DagResult)
        [IO.File]::ReadAllBytes($out)[0] | Should -Be ([byte][char]'<') -Because 'no byte order mark'

        $file = $run | Export-DagResult -Format Json -OutFile (Join-Path $TestDrive 'reports/results.json') -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        (Get-Content $file.FullName -Raw | ConvertFrom-Json).workflow | Should -Be 'ci'

        $whatIf = Join-Path $TestDrive 'reports/whatif.xml'
        $run | Export-DagResult -OutFile $whatIf -WhatIf
        $whatIf | Should -Not -Exist
    }

    It 'a result of an inline -Definition exports too, its failure placed at its node' {
        $definition = [ordered]@{ name = 'inline'; nodes = [ordered]@{ a = @{ run = 'throw "no"' } } }
        $inline = Invoke-Dag -Definition $definition -NoCheckpoint -OutputMode Silent -ErrorAction SilentlyContinue
        $suite = ([xml]($inline | Export-DagResult)).testsuites.testsuite
        $suite.testcase.failure.message | Should -Be 'no'
    }

    It 'puts each node''s -LogDirectory file into its test case and its JSON log' {
        $logged = New-Workflow -Name logged "name: logged`nnodes:`n  a:`n    run: Write-Host 'compiling'; Write-Warning 'slow disk'`n  b:`n    run: '1'"
        $logs = Join-Path $TestDrive 'logged-logs'
        $r = Invoke-Dag $logged -LogDirectory $logs -OutputMode Silent 3>$null
        $a = ([xml]($r | Export-DagResult -LogDirectory $logs)).testsuites.testsuite.testcase | Where-Object name -EQ 'a'
        $a.'system-out' | Should -Match '(?m)^log:$'
        $a.'system-out' | Should -Match '\[host\] compiling'
        $a.'system-out' | Should -Match '\[warning\] slow disk'
        (($r | Export-DagResult -Format Json -LogDirectory $logs | ConvertFrom-Json).nodes | Where-Object id -EQ 'a').log | Should -Match 'compiling'
        (($r | Export-DagResult -Format Json | ConvertFrom-Json).nodes | Where-Object id -EQ 'a').log | Should -BeNullOrEmpty

        $text = $r | Export-DagResult -LogDirectory (Join-Path $TestDrive 'no-logs') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'LogDirectoryNotFound,*'
        $text | Should -Not -BeNullOrEmpty -Because 'the report is still written, without logs'
    }

    It 'says why when there is no run to export: no checkpoint, no source, another workflow''s checkpoint' {
        $fresh = New-Workflow -Name fresh "name: fresh`nnodes:`n  a:`n    run: '1'"
        Export-DagResult $fresh -FromCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound,*'

        Export-DagResult -CheckpointPath (Join-Path $TestDrive 'none.json') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound,*'

        Export-DagResult $fresh -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ResultSourceMissing,*'

        Export-DagResult $fresh -CheckpointPath (Join-Path $TestDrive '.dagrunner/ci.checkpoint.json') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointForeignWorkflow,*'
    }
}
