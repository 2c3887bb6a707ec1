# Checkpoints, history and incremental state are files anyone with write access to .dagrunner/ can edit. Whatever is
# in them is refused with a CheckpointCorrupt error or read as plain data: nothing in them runs, picks a .NET type, or
# points a node at another script or workflow. Each test tampers with a real checkpoint and proves it with marker files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    # A run that stopped half-way: a Succeeded (its output is what the tests replace), b Failed until go.txt exists.
    # Every node appends its name to runs.txt, so a test sees exactly what ran.
    function New-StoppedRun([string] $Name) {
        $dir = Join-Path $TestDrive $Name
        New-Item -ItemType Directory $dir | Out-Null
        $wf = New-Workflow -Directory $dir -Name pipeline @'
nodes:
  a:
    run: |
      Add-Content runs.txt a
      'plain'
  b:
    needs: a
    run: |
      if (-not (Test-Path go.txt)) { throw 'not yet' }
      Add-Content runs.txt b
      "b got: $($Needs.a)"
      $Needs.a
'@
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $checkpoint = Join-Path $dir '.dagrunner/pipeline.checkpoint.json'
        (Get-Content $checkpoint -Raw) | Should -Match '"output":\["plain"\]'
        Set-Content (Join-Path $dir 'go.txt') 'go'
        [pscustomobject]@{ Dir = $dir; Workflow = $wf; Checkpoint = $checkpoint; Marker = Join-Path $dir 'pwned.txt' }
    }

    # Replaces a's stored output (the JSON array) with -Output.
    function Set-StoredOutput($Run, [string] $Output) {
        $text = (Get-Content $Run.Checkpoint -Raw).Replace('"output":["plain"]', '"output":' + $Output)
        [IO.File]::WriteAllText($Run.Checkpoint, $text)
    }

    function Get-Runs($Run) { @(Get-Content (Join-Path $Run.Dir 'runs.txt') -ErrorAction Ignore) }

    # The three ways in: each must refuse the checkpoint with CheckpointCorrupt and run nothing.
    function Assert-RefusedEverywhere($Run) {
        $before = @(Get-Runs $Run).Count
        Get-DagCheckpoint $Run.Workflow -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Resume-Dag $Run.Workflow -ErrorVariable e2 -ErrorAction SilentlyContinue 6>$null | Should -BeNullOrEmpty
        Invoke-Dag $Run.Workflow -Resume -ErrorVariable e3 -ErrorAction SilentlyContinue 6>$null | Should -BeNullOrEmpty
        foreach ($errors in $e1, $e2, $e3) {
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointCorrupt,*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }
        @(Get-Runs $Run).Count | Should -Be $before
        Test-Path $Run.Marker | Should -BeFalse
    }
}

Describe 'A hostile checkpoint is refused' {
    It 'truncated to <Fraction> of its length: CheckpointCorrupt from Get-DagCheckpoint, Resume-Dag and Invoke-Dag -Resume; nothing runs' -ForEach @(
        @{ Fraction = 0.1 }, @{ Fraction = 0.5 }, @{ Fraction = 0.95 }
    ) {
        $run = New-StoppedRun "truncated-$([int]($Fraction * 100))"
        $bytes = [IO.File]::ReadAllBytes($run.Checkpoint)
        [IO.File]::WriteAllBytes($run.Checkpoint, $bytes[0..([int]($bytes.Length * $Fraction))])
        Assert-RefusedEverywhere $run
    }

    It 'a field of the wrong JSON type (<Label>): CheckpointCorrupt, nothing runs' -ForEach @(
        @{ Label = 'status a number'; From = '"status":"Succeeded"'; To = '"status":5' }
        @{ Label = 'attempts a string'; From = '"attempts":1'; To = '"attempts":"many"' }
        @{ Label = 'output a string'; From = '"output":["plain"]'; To = '"output":"$(Remove-Item -Recurse /)"' }
        @{ Label = 'output an object'; From = '"output":["plain"]'; To = '"output":{"$type":"System.IO.FileInfo, System.IO.FileSystem"}' }
        @{ Label = 'name a list'; From = '"name":"a"'; To = '"name":["a"]' }
        @{ Label = 'session negative'; From = '"session": 1'; To = '"session": -1' }
    ) {
        $run = New-StoppedRun "wrongtype-$($Label -replace '\W', '')"
        $text = Get-Content $run.Checkpoint -Raw
        $text.Contains($From) | Should -BeTrue
        [IO.File]::WriteAllText($run.Checkpoint, $text.Replace($From, $To))
        Assert-RefusedEverywhere $run
    }

    It 'a serialized .NET type in JSON ($type, as Json.NET writes it): CheckpointCorrupt, no type is created' {
        $run = New-StoppedRun 'dollartype'
        Set-StoredOutput $run ('[{"$type":"System.Diagnostics.Process, System.Diagnostics.Process","StartInfo":{"FileName":"pwsh","Arguments":"-c New-Item ' + $run.Marker.Replace('\', '/') + '"}}]')
        Assert-RefusedEverywhere $run
    }

    It 'an output nested deeper than JSON readers allow: CheckpointCorrupt' {
        $run = New-StoppedRun 'deep'
        Set-StoredOutput $run ('[' + ('[' * 5000) + (']' * 5000) + ']')
        Assert-RefusedEverywhere $run
    }
}

Describe 'A hostile checkpoint is read as plain data' {
    It 'outputs that look like PowerShell code come back as text, and nothing runs them (marker file)' {
        $run = New-StoppedRun 'code'
        $m = $run.Marker.Replace('\', '/')
        $code = @("`$(New-Item -ItemType File '$m')", "{ New-Item -ItemType File '$m' }", "& { New-Item -ItemType File '$m' }", "@(New-Item -ItemType File '$m')")
        Set-StoredOutput $run ($code | ConvertTo-Json -Compress)
        $r = Resume-Dag $run.Workflow 6>$null
        $r['a'].Reason | Should -Be 'Resumed'
        $r['b'].Status | Should -Be 'Succeeded'
        $r['b'].Output[0] | Should -BeExactly ("b got: " + ($code -join ' '))
        $r['b'].Output[1..4] | Should -BeExactly $code
        $r['b'].Output[1..4] | ForEach-Object { $_ | Should -BeOfType [string] }
        Test-Path $run.Marker | Should -BeFalse
        Get-Runs $run | Should -Be @('a', 'b')
    }

    It 'CLIXML of a .NET object comes back as the text it is (Invoke-Dag -Resume); nothing is deserialized' {
        $run = New-StoppedRun 'clixml'
        $clixml = [Management.Automation.PSSerializer]::Serialize([IO.FileInfo]::new($run.Marker))
        $clixml | Should -Match '<Obj RefId="0">'
        Set-StoredOutput $run (ConvertTo-Json @($clixml) -Compress)
        $r = Invoke-Dag $run.Workflow -Resume 6>$null
        $r['b'].Output[1] | Should -BeOfType [string]
        $r['b'].Output[1] | Should -BeExactly $clixml
        (Get-DagCheckpoint $run.Workflow).Nodes['a'].RestoreOutput()[0] | Should -BeOfType [string]
        Test-Path $run.Marker | Should -BeFalse
    }

    It 'a property named $type is an escaped ($$type) property of a plain object, not a type to create' {
        $run = New-StoppedRun 'escaped'
        Set-StoredOutput $run '[{"$$type":"System.IO.FileInfo, System.IO.FileSystem","FullName":"/etc/passwd"}]'
        $r = Resume-Dag $run.Workflow 6>$null
        $value = $r['b'].Output[1]
        $value | Should -BeOfType [pscustomobject]
        $value.'$type' | Should -BeExactly 'System.IO.FileInfo, System.IO.FileSystem'
        $value.FullName | Should -BeOfType [string]
    }

    It 'a 2 MB string output is read as that string' {
        $run = New-StoppedRun 'huge'
        $huge = 'x' * (2MB)
        Set-StoredOutput $run "[`"$huge`"]"
        # Memory, not time: reading it character by character into growing strings would cost terabytes.
        $before = [GC]::GetAllocatedBytesForCurrentThread()
        $state = Get-DagCheckpoint $run.Workflow
        $allocated = [GC]::GetAllocatedBytesForCurrentThread() - $before
        $allocated | Should -BeLessThan 200MB -Because "about 25 MB for a 2 MB string ($allocated bytes)"
        $state.Nodes['a'].RestoreOutput()[0].Length | Should -Be (2MB)
        $r = Resume-Dag $run.Workflow 6>$null
        $r['b'].Output[1].Length | Should -Be (2MB)
    }

    It 'node ids the workflow does not have are ignored; their "run", "file" and the workflowPath in the file run nothing' {
        $run = New-StoppedRun 'ghost'
        $m = $run.Marker.Replace('\', '/')
        $evil = Join-Path $TestDrive 'evil'
        New-Item -ItemType Directory $evil | Out-Null
        Set-Content (Join-Path $evil 'evil.ps1') "New-Item -ItemType File '$m'"
        $evilWorkflow = New-Workflow -Directory $evil -Name pipeline "nodes:`n  a: { run: `"New-Item -ItemType File '$m'`" }`n  b: { run: `"New-Item -ItemType File '$m'`" }"
        $ghost = '{"name":"ghost","status":"Succeeded","attempts":1,"run":"New-Item -ItemType File ''' + $m + '''","file":"' + (Join-Path $evil 'evil.ps1').Replace('\', '/') + '","output":["boo"]}'
        $text = (Get-Content $run.Checkpoint -Raw) -replace '"nodes": \[', ('"nodes": [' + "`n    $ghost,")
        $text = $text -replace '"workflowPath": "[^"]*"', ('"workflowPath": "' + $evilWorkflow.Replace('\', '/') + '"')
        # Fields a node entry does not have ('run', 'file') on a real node too: they are not read.
        $text = $text.Replace('{"name":"b",', '{"name":"b","run":"New-Item -ItemType File ''' + $m + '''","file":"' + (Join-Path $evil 'evil.ps1').Replace('\', '/') + '",')
        [IO.File]::WriteAllText($run.Checkpoint, $text)
        (Get-DagCheckpoint $run.Workflow).Nodes.Name | Should -Contain 'ghost'
        $r = Resume-Dag $run.Workflow 6>$null
        $r.Nodes.Name | Should -Be @('a', 'b')
        $r['b'].Output[0] | Should -BeExactly 'b got: plain'
        Test-Path $run.Marker | Should -BeFalse
        Get-Runs $run | Should -Be @('a', 'b')
    }
}

Describe 'Hostile history and incremental state files' {
    It 'an edited incremental state cannot redirect a node or fail it: the node runs its own script again' {
        $dir = Join-Path $TestDrive 'inc'
        New-Item -ItemType Directory (Join-Path $dir 'src') -Force | Out-Null
        Set-Content (Join-Path $dir 'src/a.txt') 'alpha'
        $marker = (Join-Path $dir 'pwned.txt').Replace('\', '/')
        $wf = New-Workflow -Directory $dir -Name inc @'
nodes:
  build:
    inputs: src/*.txt
    outputs: out.txt
    run: |
      Add-Content runs.txt build
      Set-Content out.txt built
      'built'
'@
        $null = Invoke-Dag $wf 6>$null
        $state = Join-Path $dir '.dagrunner/inc.incremental.json'
        $json = Get-Content $state -Raw | ConvertFrom-Json -AsHashtable
        $json.nodes.build.run = "New-Item -ItemType File '$marker'"
        $json.nodes.build.file = "/tmp/evil.ps1"
        $json.nodes.build.output = @{ '$type' = 'System.Diagnostics.Process' }
        $json | ConvertTo-Json -Depth 5 | Set-Content $state
        $r = Invoke-Dag $wf 6>$null
        $r['build'].Status | Should -Be 'Succeeded'
        $r['build'].Reason | Should -Not -Be 'UpToDate'
        $r['build'].Output | Should -Be @('built')
        @(Get-Content (Join-Path $dir 'runs.txt')).Count | Should -Be 2
        Test-Path $marker | Should -BeFalse
        # Written back whole and valid: the next run is UpToDate again.
        (Invoke-Dag $wf 6>$null)['build'].Reason | Should -Be 'UpToDate'
    }

    It 'an edited history file (wrong types, huge and negative numbers) is ignored, and the run goes on' {
        $run = New-StoppedRun 'history'
        $history = Join-Path $run.Dir '.dagrunner/pipeline.history.json'
        Test-Path $history | Should -BeTrue
        Set-Content $history '{ "format": 1, "nodes": { "a": ["$(New-Item x)", -5, 1e308], "b": { "file": "/tmp/evil.ps1" }, "ghost": [1] } }'
        $r = Invoke-Dag $run.Workflow 6>$null
        $r.Status | Should -Be 'Succeeded'
        Test-Path $run.Marker | Should -BeFalse
    }
}
