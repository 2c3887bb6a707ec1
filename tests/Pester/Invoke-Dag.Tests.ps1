BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'Invoke-Dag runs a workflow' {
    It 'leaves no runspace open when the run never starts (a missing secret), although it opened the first ones ahead' {
        $wf = New-Workflow "secrets:`n  token: env:DAGRUNNER_TEST_NEVER_SET`nnodes:`n  a: { run: 1 }`n  b: { run: 2 }`n  c: { run: 3 }"
        $before = Get-RunRunspaceCount
        $r = Invoke-Dag $wf -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism 3 -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0042,*'
        Get-RunRunspaceCount | Should -Be $before -Because 'what a run does not keep for the next one (idle, named DagRunnerKept) is closed'
    }

    It 'passes outputs through a diamond with $Needs' {
        $wf = New-Workflow @'
nodes:
  a:
    run: 1
  b:
    needs: a
    run: $Needs.a + 10
  c:
    needs: a
    run: |
      $Needs.a + 100
      $Needs.a + 200
  d:
    needs: [b, c]
    run: $Needs.b + ($Needs.c | Measure-Object -Sum).Sum
'@
        $r = Invoke-Dag $wf 6>$null
        $r.Status | Should -Be 'Succeeded'
        $r['c'].Output | Should -Be @(101, 201)
        $r['d'].Output | Should -Be @(313)
        $r.Nodes.Name | Should -Be @('a', 'b', 'c', 'd')
        $r.Nodes.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
    }

    It 'runs independent nodes in parallel: at parallelism 2 each of two nodes sees the other start' {
        $one = Join-Path $TestDrive 'one-started'
        $two = Join-Path $TestDrive 'two-started'
        # Each node waits for the other to start: run one after the other, the first would give up and fail.
        $wf = New-Workflow @"
nodes:
  one:
    run: |
      Set-Content '$one' 1
      $(Get-WaitForFileScript $two)
  two:
    run: |
      Set-Content '$two' 1
      $(Get-WaitForFileScript $one)
"@
        $r = Invoke-Dag $wf -Parallelism 2
        $r.Status | Should -Be 'Succeeded'
        $r.PeakConcurrency | Should -Be 2
    }

    It 'never runs more nodes at once than -Parallelism' {
        $log = Join-Path $TestDrive 'parallelism-1.log'
        $wf = New-Workflow @"
nodes:
  a: { run: "Add-Content '$log' 'start a'; Start-Sleep -Milliseconds 300; Add-Content '$log' 'end a'" }
  b: { run: "Add-Content '$log' 'start b'; Start-Sleep -Milliseconds 300; Add-Content '$log' 'end b'" }
  c: { run: "Add-Content '$log' 'start c'; Start-Sleep -Milliseconds 300; Add-Content '$log' 'end c'" }
"@
        $r = Invoke-Dag $wf -Parallelism 1
        $r.PeakConcurrency | Should -Be 1
        # Each node ends before the next starts.
        $lines = @(Get-Content $log)
        $lines.Count | Should -Be 6
        foreach ($i in 0, 2, 4) {
            $node = $lines[$i] -replace '^start ', ''
            $lines[$i + 1] | Should -Be "end $node" -Because ($lines -join ', ')
        }
    }

    It 'gives every node the variables, -Parameters overrides and $Dag' {
        $wf = New-Workflow -Name vars @'
variables:
  Greeting: hello
  Count: 3
  Servers: [web1, web2]
nodes:
  show:
    run: |
      "$Greeting x$Count on $($Servers -join '+')"
      $Dag.Name
      $Dag.Node
      $Dag.RunId -eq $Dag.RunId.Trim() -and $Dag.RunId.Length -gt 0
      $Count.GetType().Name
'@
        $r = Invoke-Dag $wf -Parameters @{ Greeting = 'hi' }
        $r['show'].Output | Should -Be @('hi x3 on web1+web2', 'vars', 'show', $true, 'Int32')
    }

    It 'starts each node in the workflow folder with $ErrorActionPreference Stop' {
        $wf = New-Workflow @'
nodes:
  where:
    run: |
      (Get-Location).Path
      $ErrorActionPreference
'@
        $r = Invoke-Dag $wf
        $r['where'].Output[0] | Should -Be (Split-Path $wf)
        "$($r['where'].Output[1])" | Should -Be 'Stop'
    }

    It 'does not let one node see the variables another node set in the same runspace' {
        $wf = New-Workflow @'
nodes:
  first:
    run: |
      $global:leak = 'from first'
      $script:alsoLeak = 1
      $Servers = 'changed'
  second:
    needs: first
    run: |
      "leak=[$global:leak] also=[$alsoLeak]"
'@
        $r = Invoke-Dag $wf -Mode Sequential
        $r['second'].Output | Should -Be @('leak=[] also=[]')
    }

    It 'runs a script alike the first time and when it runs again (a foreach''s instances in one runspace)' {
        # The first two runs of a text are plain scripts, later runs call the function it becomes: the user sees no difference.
        $wf = New-Workflow -Name again @'
nodes:
  check:
    foreach: [1, 2, 3, 4]
    run: |
      $before = [bool](Get-Variable mine -ErrorAction Ignore)
      $mine = $Item
      if ($Item % 2) { throw "odd $Item" }
      "item=$Item leaked=$before"
'@
        $r = Invoke-Dag $wf -NoCheckpoint -Mode Sequential -OutputMode Silent -ErrorAction SilentlyContinue
        @(1..4 | ForEach-Object { $r["check[$_]"].Status }) | Should -Be @('Failed', 'Succeeded', 'Failed', 'Succeeded')
        $first = $r['check[1]'].Error.InvocationInfo
        $later = $r['check[3]'].Error.InvocationInfo
        $first.ScriptLineNumber | Should -Be 3 -Because 'the first run (a script) fails at the line of its script that threw'
        $first.OffsetInLine | Should -Be 18
        $later.ScriptLineNumber | Should -Be 3 -Because 'the third run (the function) fails at the same place'
        $later.OffsetInLine | Should -Be 18
        $r['check[2]'].Output | Should -Be 'item=2 leaked=False'
        $r['check[4]'].Output | Should -Be 'item=4 leaked=False' -Because 'a later run sees none of the locals of the runs before it'
    }

    It 'does not let a node change what the next node sees in lists, mappings, folder or preferences' {
        $wf = New-Workflow @'
variables:
  Config: { Region: eu }
  Servers: [web1, web2]
nodes:
  first:
    run: |
      $Config.Region = 'us'
      $Servers[0] = 'changed'
      Set-Location /
      $ErrorActionPreference = 'Continue'
      Set-Variable -Name sneaky -Value 1 -Scope Global
  second:
    needs: first
    run: |
      "$($Config.Region) $($Servers[0]) $((Get-Location).Path -eq $Dag.WorkflowDirectory) $ErrorActionPreference [$sneaky]"
'@
        $r = Invoke-Dag $wf -Mode Sequential
        $r['second'].Output | Should -Be @('eu web1 True Stop []')
    }

    It 'binds with: to a script file''s parameters, relative to the workflow file' {
        New-Item -ItemType Directory (Join-Path $TestDrive 'scripts') -Force | Out-Null
        Set-Content (Join-Path $TestDrive 'scripts/add.ps1') 'param([int] $A, [int] $B) $A + $B + $Needs.seed'
        $wf = New-Workflow @'
nodes:
  seed:
    run: 1000
  add:
    needs: seed
    file: scripts/add.ps1
    with: { A: 2, B: 3 }
'@
        (Invoke-Dag $wf)['add'].Output | Should -Be @(1005)
    }

    It 'runs an inline -Definition hashtable' {
        $definition = [ordered]@{
            name  = 'inline'
            nodes = [ordered]@{
                a = @{ run = { 'from a' } }
                b = @{ needs = 'a'; run = '$Needs.a.ToUpper()' }
            }
        }
        $r = Invoke-Dag -Definition $definition
        $r.Name | Should -Be 'inline'
        $r['b'].Output | Should -Be @('FROM A')
    }
}

Describe 'failures reach the caller as errors' {
    It 'writes the result, then one NodeFailed error per failed node' {
        $wf = New-Workflow @'
nodes:
  a: { run: throw 'first' }
  b: { run: Write-Error 'second' }
  c: { run: "'fine'" }
'@
        $r = Invoke-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $errs.Count | Should -Be 2
        $errs.FullyQualifiedErrorId | Should -Be @('NodeFailed,DagRunner.PowerShell.InvokeDagCommand', 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand')
        ($errs.TargetObject.Name | Sort-Object) | Should -Be @('a', 'b')
    }

    It 'the result lists its nodes in plan order and finds one by name' {
        $wf = New-Workflow @'
nodes:
  a: { run: "'fine'" }
  b: { run: throw 'broken' }
  c: { needs: a, run: "'also fine'" }
'@
        $r = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $r.Nodes['b'].Status | Should -Be 'Failed'
        $r.Nodes['C'].Output | Should -Be @('also fine')
        $r.Nodes['nosuch'] | Should -BeNullOrEmpty
        $r['b'].Status | Should -Be 'Failed'
        $r.Nodes.Count | Should -Be 3
        $r.Nodes[0].Name | Should -Be 'a'
        @($r.Nodes | Where-Object Status -eq Failed).Name | Should -Be @('b')
    }

    It 'throws with -ErrorAction Stop and sets $? to false' {
        $wf = New-Workflow "nodes:`n  a: { run: throw 'nope' }"
        { Invoke-Dag $wf -ErrorAction Stop } | Should -Throw -ErrorId 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand'
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue
        $? | Should -BeFalse
    }

    It 'fails a node whose last native command exits non-zero, or that calls exit with a non-zero code' {
        $wf = New-Workflow @'
nodes:
  native:
    run: sh -c 'exit 3'
  recovered:
    run: |
      sh -c 'exit 3'
      sh -c 'exit 0'
  exits:
    run: |
      'before'
      exit 4
      'after'
  exitsZero:
    run: |
      'before'
      exit 0
'@
        $r = Invoke-Dag $wf -ErrorAction SilentlyContinue
        $r['native'].Status | Should -Be 'Failed'
        $r['native'].Error.Exception.ExitCode | Should -Be 3
        $r['recovered'].Status | Should -Be 'Succeeded'
        $r['exits'].Status | Should -Be 'Failed'
        $r['exits'].Error.Exception.ExitCode | Should -Be 4
        $r['exitsZero'].Status | Should -Be 'Succeeded'
        $r['exitsZero'].Output | Should -Be @('before')
    }

    It 'points the error at the line of the workflow file where the inline script failed' {
        $wf = New-Workflow @'
nodes:
  a:
    run: |
      'line one'
      throw 'on line two'
'@
        $null = Invoke-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand'
        $errs[0].Exception.Message | Should -BeLike "*$(Split-Path $wf -Leaf)(5,*"
    }
}

Describe 'node streams reach the caller tagged with the node name' {
    It 'tags host, output, warning, verbose, information and error lines' {
        $wf = New-Workflow @'
nodes:
  talker:
    run: |
      Write-Host 'hello host'
      'an output line'
      Write-Warning 'careful'
      Write-Verbose 'details'
      Write-Information 'info note'
      Write-Error 'soft error' -ErrorAction Continue
'@
        $verbose = Invoke-Dag $wf -InformationVariable info -WarningVariable warns -ErrorVariable errs -Verbose -InformationAction SilentlyContinue -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $hostText = Get-HostText $info
        $hostText | Should -Contain '[talker] hello host'
        $hostText | Should -Contain '[talker] an output line'
        $hostText | Should -Contain '[talker] info note'
        $warns.Message | Should -Contain '[talker] careful'
        $verbose.Message | Should -Contain '[talker] details'
        $errs[0].ErrorDetails.Message | Should -Be '[talker] soft error'
    }
}

Describe '-WhatIf and -Node' {
    It '-WhatIf prints the plan and runs nothing' {
        $marker = Join-Path $TestDrive 'whatif-marker.txt'
        $wf = New-Workflow @"
nodes:
  write:
    run: Set-Content '$marker' 'ran'
  after:
    needs: write
    run: "'x'"
"@
        $out = Invoke-ChildPwsh "Invoke-Dag '$wf' -WhatIf"
        Test-Path $marker | Should -BeFalse
        $out | Should -Match "What if: Plan for workflow '.*': 2 nodes in 2 levels"
        $out | Should -Match 'level 1:\s+\* after\s+needs write'
        $out | Should -Not -Match 'Status\s+:'
    }

    It '-Node runs only the named nodes and what they need' {
        $wf = New-Workflow @'
nodes:
  base: { run: "'base'" }
  wanted: { needs: base, run: "'wanted'" }
  other: { run: "'other'" }
  alsoOther: { needs: wanted, run: "'no'" }
'@
        $r = Invoke-Dag $wf -Node wanted
        $r.Nodes.Name | Should -Be @('base', 'wanted')
    }

    It '-Node with an unknown name is a NodeNotFound error that suggests the nearest name' {
        $wf = New-Workflow "nodes:`n  deploy: { run: 1 }"
        $r = Invoke-Dag $wf -Node deplyo -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'NodeNotFound,DagRunner.PowerShell.InvokeDagCommand'
        $errs[0].Exception.Message | Should -Match "deploy"
    }
}

Describe 'bad input never starts a node' {
    It 'writes each problem as a DAG error and runs nothing' {
        $marker = Join-Path $TestDrive 'invalid-marker.txt'
        $wf = New-Workflow @"
nodes:
  good:
    run: Set-Content '$marker' 'ran'
  bad:
    needs: missing
    run: "'x'"
"@
        $r = Invoke-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0003,*'
        Test-Path $marker | Should -BeFalse
    }

    It 'reports a missing workflow file as WorkflowFileNotFound' {
        { Invoke-Dag (Join-Path $TestDrive 'nope.yaml') -ErrorAction Stop } | Should -Throw -ErrorId 'WorkflowFileNotFound,DagRunner.PowerShell.InvokeDagCommand'
    }

    # A misspelt -Parameters key added a variable nobody reads and left the one meant at its default, silently.
    It 'warns of a -Parameters entry no script reads, naming the variable it is close to' {
        $wf = New-Workflow "variables:`n  environment: dev`nnodes:`n  deploy:`n    run: `"'to ' + `$environment`""
        $r = Invoke-Dag $wf -NoCheckpoint -OutputMode Silent -Parameters @{ enviroment = 'prod' } -WarningVariable warns -WarningAction SilentlyContinue
        $r['deploy'].Output | Should -Be 'to dev' -Because 'a parameter may add a variable: the run goes on'
        $unread = @($warns | Where-Object Message -Match '\[ParameterUnread\]$')
        $unread.Count | Should -Be 1
        $unread[0].Message | Should -Match "Did you mean 'environment'\?"
    }

    # -Path is literal (a folder named 'proj[1]' works), so 'ci/*.dag.yaml' was only "not found".
    It 'says a wildcard is not expanded when the path holds one' {
        $wf = New-Workflow "nodes:`n  a:`n    run: '1'"
        $pattern = Join-Path (Split-Path $wf) '*.dag.yaml'
        Invoke-Dag $pattern -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -Be 'WorkflowFileNotFound,DagRunner.PowerShell.InvokeDagCommand'
        $errs[0].Exception.Message | Should -Match "'\*' and '\?' match nothing"
    }
}
