BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    # A workflow whose nodes count their runs in runs/<node>.txt, so a test sees exactly what ran again.
    function New-CountingWorkflow([string] $Directory, [string] $BrokenUnless = '') {
        New-Item -ItemType Directory -Force (Join-Path $Directory 'runs') | Out-Null
        $guard = if ($BrokenUnless) { "if (-not (Test-Path '$BrokenUnless')) { throw 'b is broken' }" } else { '' }
        New-Workflow -Directory $Directory -Name pipeline @"
variables:
  Greeting: hello
nodes:
  a:
    run: |
      Add-Content runs/a.txt 1
      [pscustomobject]@{ Value = 1; Text = 'from a' }
  b:
    needs: a
    run: |
      Add-Content runs/b.txt 1
      $guard
      `$Needs.a.Value + 1
  c:
    needs: b
    run: |
      Add-Content runs/c.txt 1
      `$Needs.b + 1
  side:
    run: |
      Add-Content runs/side.txt 1
      "`$Greeting from side"
"@
    }

    function Get-RunCounts([string] $Directory) {
        $counts = @{}
        foreach ($node in 'a', 'b', 'c', 'side') {
            $file = Join-Path $Directory "runs/$node.txt"
            $counts[$node] = if (Test-Path $file) { @(Get-Content $file).Count } else { 0 }
        }
        $counts
    }
}

Describe 'The checkpoint' {
    It 'is written beside the workflow and read back by Get-DagCheckpoint' {
        $dir = Join-Path $TestDrive 'written'
        $wf = New-CountingWorkflow $dir
        $r = Invoke-Dag $wf 6>$null
        $path = Join-Path $dir '.dagrunner/pipeline.checkpoint.json'
        Test-Path $path | Should -BeTrue
        { Get-Content $path -Raw | ConvertFrom-Json } | Should -Not -Throw
        $state = Get-DagCheckpoint $wf
        $state.RunId | Should -Be $r.RunId
        $state.Status | Should -Be 'Succeeded'
        $state.Nodes.Name | Should -Be @('a', 'side', 'b', 'c')
        $state.Nodes['a'].RestoreOutput()[0].Text | Should -Be 'from a'
    }

    It 'lists its nodes in checkpoint order and finds one by name, as the run result does' {
        $dir = Join-Path $TestDrive 'shapes'
        $wf = New-CountingWorkflow $dir -BrokenUnless (Join-Path $dir 'fixed')
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $state = Get-DagCheckpoint $wf

        $state.Nodes['b'].Status | Should -Be 'Failed'
        $state.Nodes['B'].Name | Should -Be 'b'
        $state.Nodes['nosuch'] | Should -BeNullOrEmpty
        $state.Nodes.Count | Should -Be 4
        @($state.Nodes | Where-Object Status -eq 'Failed').Name | Should -Be @('b')
        # A table with a row per node: a dictionary here printed one blank row.
        $table = $state.Nodes | Format-Table Name, Status | Out-String
        $table | Should -Match '(?m)^a\s+Succeeded\s*$'
        $table | Should -Match '(?m)^b\s+Failed\s*$'
    }

    It '-CheckpointPath moves it and -NoCheckpoint writes none' {
        $dir = Join-Path $TestDrive 'moved'
        $wf = New-CountingWorkflow $dir
        $elsewhere = Join-Path $TestDrive 'elsewhere/cp.json'
        $null = Invoke-Dag $wf -CheckpointPath $elsewhere 6>$null
        Test-Path $elsewhere | Should -BeTrue
        (Get-DagCheckpoint -CheckpointPath $elsewhere).WorkflowName | Should -Be 'pipeline'
        $null = Invoke-Dag $wf -NoCheckpoint 6>$null
        Test-Path (Join-Path $dir '.dagrunner') | Should -BeFalse
    }
}

Describe 'The checkpoint across time zones' -Skip:$IsWindows {
    # A checkpoint written by a CI runner and read on a laptop elsewhere: its times were written without their offset,
    # so an export there was hours off. Real processes, each in its own zone (TZ), as users run them.
    It 'written in New York, is read and exported in Tokyo as the same instants' {
        $wf = New-Workflow -Yaml "name: zones`nnodes:`n  a:`n    run: '1'"
        $env:TZ = 'America/New_York'
        try {
            $ran = Invoke-ChildPwsh "(Invoke-Dag '$wf' -OutputMode Silent).Nodes[0].StartTime.ToString('o') + ' ' + [TimeZoneInfo]::Local.GetUtcOffset([DateTime]::Now)"
            $env:TZ = 'Asia/Tokyo'
            $read = Invoke-ChildPwsh "(Get-DagCheckpoint '$wf').Nodes[0].StartTime.ToUniversalTime().ToString('o'); (Export-DagResult -FromCheckpoint -Path '$wf' -Format Json | ConvertFrom-Json -DateKind String).nodes[0].startTime"
        }
        finally { $env:TZ = $null }

        $localStart, $offset = $ran.Trim() -split ' '
        $offset | Should -Match '^-0[45]:00:00$' -Because 'the run took New York time'
        $instant = [DateTimeOffset]::new([DateTime]::Parse($localStart, [Globalization.CultureInfo]::InvariantCulture), [TimeSpan]::Parse($offset))
        $utc, $exported = $read.Trim() -split "`n" | ForEach-Object Trim
        [DateTimeOffset]::Parse($utc, [Globalization.CultureInfo]::InvariantCulture) | Should -Be $instant
        $exported | Should -Match '\+09:00$' -Because 'the export is in the reader''s zone'
        [DateTimeOffset]::Parse($exported, [Globalization.CultureInfo]::InvariantCulture).UtcDateTime | Should -Be $instant.UtcDateTime.AddTicks(-($instant.UtcDateTime.Ticks % 10000))
    }
}

Describe 'The checkpoint across a daylight-saving change' -Skip:$IsWindows {
    # A node that ran from 02:58 CEST to 02:02 CET (4 minutes, across the autumn change) is written in the run's offset
    # (+02:00) on both ends. Read in Berlin as local times, its end came before its start: minus 56 minutes.
    It 'gives a node that ran across the autumn change its 4 minutes, read where the clocks went back' {
        $wf = New-Workflow -Yaml "name: autumn`nnodes:`n  a:`n    run: '1'"
        $null = Invoke-Dag $wf -OutputMode Silent
        $path = (Get-DagCheckpoint $wf).Path
        $text = Get-Content -Raw $path
        $text = $text -replace '"startTime":"[^"]*"', '"startTime":"2026-10-25T02:58:00.0000000+02:00"' -replace '"endTime":"[^"]*"', '"endTime":"2026-10-25T03:02:00.0000000+02:00"'
        Set-Content -Path $path -Value $text -NoNewline

        $env:TZ = 'Europe/Berlin'
        try {
            $read = Invoke-ChildPwsh "`$n = (Get-DagCheckpoint '$wf').Nodes[0]; `$n.Duration.TotalSeconds; (Export-DagResult -FromCheckpoint -Path '$wf' -Format Json | ConvertFrom-Json).nodes[0].durationSeconds"
        }
        finally { $env:TZ = $null }

        $duration, $exported = $read.Trim() -split "`n" | ForEach-Object Trim
        $duration | Should -Be '240'
        $exported | Should -Be '240'
    }
}

Describe 'Resume-Dag' {
    It 'after b failed and the cause is fixed, runs b and what needs it, nothing else' {
        $dir = Join-Path $TestDrive 'fix'
        $fixed = Join-Path $dir 'fixed.txt'
        $wf = New-CountingWorkflow $dir -BrokenUnless $fixed
        $first = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $first.Status | Should -Be 'Failed'
        $first['side'].Status | Should -Be 'Succeeded'
        $first['c'].Reason | Should -Be 'UpstreamFailed'

        Set-Content $fixed 'yes'
        $resumed = Resume-Dag $wf 6>$null
        $resumed.Status | Should -Be 'Succeeded'
        $resumed.RunId | Should -Be $first.RunId
        $resumed['c'].Output | Should -Be @(3)
        $resumed['a'].Reason | Should -Be 'Resumed'
        $resumed['b'].Reason | Should -Be 'PreviouslyFailed'
        $resumed['c'].Reason | Should -Be 'PreviouslySkipped'
        $counts = Get-RunCounts $dir
        $counts.a | Should -Be 1
        $counts.side | Should -Be 1
        $counts.b | Should -Be 2
        $counts.c | Should -Be 1
    }

    It 'times only its own session: restored nodes have no start or duration, in the result or its summary' {
        $dir = Join-Path $TestDrive 'times'
        $fixed = Join-Path $dir 'fixed.txt'
        $wf = New-CountingWorkflow $dir -BrokenUnless $fixed
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        Set-Content $fixed 'yes'
        $resumed = Resume-Dag $wf 6>$null

        $resumed['a'].Reason | Should -Be 'Resumed'
        $resumed['a'].StartTime | Should -BeNullOrEmpty
        $resumed['a'].Duration | Should -BeNullOrEmpty
        $resumed['a'].Attempts | Should -Be 1
        $resumed['b'].StartTime | Should -BeGreaterOrEqual $resumed.StartTime
        $resumed.Efficiency | Should -BeLessOrEqual 1
        $summary = $resumed | Out-String -Width 200
        $summary | Should -Match '(?m)^a\s+Succeeded\s+Resumed\s+1\s*$' -Because 'Start and Duration stay empty'
        $summary | Should -Match '(?m)^b\s+Succeeded\s+PreviouslyFailed\s+1\s+\+\d'
    }

    It 'runs an edited node again together with everything downstream of it' {
        $dir = Join-Path $TestDrive 'edit'
        $wf = New-CountingWorkflow $dir
        $null = Invoke-Dag $wf 6>$null
        (Get-Content $wf -Raw).Replace('$Needs.a.Value + 1', '$Needs.a.Value + 100') | Set-Content $wf
        $resumed = Resume-Dag $wf 6>$null
        $resumed['b'].Reason | Should -Be 'DefinitionChanged'
        $resumed['c'].Reason | Should -Be 'UpstreamChanged'
        $resumed['c'].Output | Should -Be @(102)
        $counts = Get-RunCounts $dir
        $counts.a | Should -Be 1
        $counts.side | Should -Be 1
        $counts.b | Should -Be 2
        $counts.c | Should -Be 2
    }

    It 'runs again only the nodes that use a variable changed with -Parameters' {
        $dir = Join-Path $TestDrive 'params'
        $wf = New-CountingWorkflow $dir
        $null = Invoke-Dag $wf 6>$null
        $resumed = Resume-Dag $wf -Parameters @{ Greeting = 'bonjour' } 6>$null
        $resumed['side'].Output | Should -Be @('bonjour from side')
        $resumed['side'].Reason | Should -Be 'DefinitionChanged'
        (Get-RunCounts $dir).a | Should -Be 1
    }

    It '-WhatIf prints the decision per node and runs nothing' {
        $dir = Join-Path $TestDrive 'whatif'
        $fixed = Join-Path $dir 'fixed.txt'
        $wf = New-CountingWorkflow $dir -BrokenUnless $fixed
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $before = Get-RunCounts $dir
        $text = Invoke-ChildPwsh "Resume-Dag '$wf' -WhatIf"
        $text | Should -Match 'restore\s+a\s+succeeded'
        $text | Should -Match 'run\s+b\s+failed.*b is broken'
        $text | Should -Match 'run\s+c\s+was skipped'
        (Get-RunCounts $dir).b | Should -Be $before.b
    }

    It 'says there is nothing to resume after a completed run, and still returns the restored result' {
        $dir = Join-Path $TestDrive 'complete'
        $wf = New-CountingWorkflow $dir
        $null = Invoke-Dag $wf 6>$null
        $r = Resume-Dag $wf -WarningVariable warns 3>$null 6>$null
        $r.Status | Should -Be 'Succeeded' -Because 'scripts read $r.Status; it was $null before'
        $r.Nodes | ForEach-Object { $_.Reason | Should -Be 'Resumed' }
        "$warns" | Should -Match 'Nothing to resume'
        (Get-RunCounts $dir).a | Should -Be 1
    }

    It 'Invoke-Dag -Resume is the same as Resume-Dag' {
        $dir = Join-Path $TestDrive 'switch'
        $fixed = Join-Path $dir 'fixed.txt'
        $wf = New-CountingWorkflow $dir -BrokenUnless $fixed
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        Set-Content $fixed 'yes'
        (Invoke-Dag $wf -Resume 6>$null)['a'].Reason | Should -Be 'Resumed'
    }
}

Describe 'A checkpoint that cannot be used is refused with a clear error' {
    It 'no checkpoint: CheckpointNotFound' {
        $wf = New-CountingWorkflow (Join-Path $TestDrive 'none')
        Resume-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'CheckpointNotFound,DagRunner.PowerShell.ResumeDagCommand'
        $errs[0].Exception.Message | Should -Match 'Invoke-Dag'
    }

    It 'a checkpoint of another workflow: CheckpointForeignWorkflow' {
        $dir = Join-Path $TestDrive 'foreign'
        $wf = New-CountingWorkflow $dir
        $other = New-Workflow -Directory $dir -Name other "nodes:`n  x: { run: 1 }"
        $null = Invoke-Dag $other -CheckpointPath (Join-Path $dir 'shared.json')
        Resume-Dag $wf -CheckpointPath (Join-Path $dir 'shared.json') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointForeignWorkflow,*'
        (Get-RunCounts $dir).a | Should -Be 0
    }

    It 'a corrupt checkpoint: CheckpointCorrupt, and nothing runs' {
        $dir = Join-Path $TestDrive 'corrupt'
        $wf = New-CountingWorkflow $dir
        New-Item -ItemType Directory (Join-Path $dir '.dagrunner') | Out-Null
        Set-Content (Join-Path $dir '.dagrunner/pipeline.checkpoint.json') '{ "format": 1, "runId": '
        Resume-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointCorrupt,*'
        (Get-RunCounts $dir).a | Should -Be 0
    }

    It 'a checkpoint from a newer DagRunner: CheckpointNewerFormat' {
        $dir = Join-Path $TestDrive 'newer'
        $wf = New-CountingWorkflow $dir
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        $path = Join-Path $dir '.dagrunner/pipeline.checkpoint.json'
        (Get-Content $path -Raw) -replace '"format": \d+', '"format": 99' | Set-Content $path
        Get-DagCheckpoint $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNewerFormat,*'
    }
}

Describe 'A checkpoint is data, never code' {
    It 'restores stored text that looks like PowerShell as inert text' {
        $dir = Join-Path $TestDrive 'inert'
        New-Item -ItemType Directory $dir | Out-Null
        $pwned = Join-Path $dir 'pwned.txt'
        $wf = New-Workflow -Directory $dir -Name inert @"
nodes:
  a:
    run: |
      '`$(Set-Content ''$pwned'' owned)'
      [pscustomobject]@{ Script = '& { Set-Content ''$pwned'' owned }' }
  b:
    needs: a
    run: |
      if (-not (Test-Path '$(Join-Path $dir 'go.txt')')) { throw 'not yet' }
      `$Needs.a[0]
      `$Needs.a[1].Script
"@
        $null = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null
        # Tamper with the checkpoint too: a ScriptBlock-looking value must still come back as a string.
        $path = Join-Path $dir '.dagrunner/inert.checkpoint.json'
        (Get-Content $path -Raw).Replace('"Script":', '"Script2":"{ Set-Content pwned.txt x }","Script":') | Set-Content $path
        Set-Content (Join-Path $dir 'go.txt') 'go'
        $r = Resume-Dag $wf 6>$null
        $r['b'].Output[0] | Should -BeOfType [string]
        $r['b'].Output[0] | Should -Be "`$(Set-Content '$pwned' owned)"
        $r['a'].Output[1].Script2 | Should -BeOfType [string]
        Test-Path $pwned | Should -BeFalse
        Test-Path (Join-Path $dir 'pwned.txt') | Should -BeFalse
    }

    It 'stores an output it cannot keep as its string form, with a warning' {
        $dir = Join-Path $TestDrive 'unstorable'
        New-Item -ItemType Directory $dir | Out-Null
        $wf = New-Workflow -Directory $dir -Name files "nodes:`n  a:`n    run: Get-Item ."
        $null = Invoke-Dag $wf -WarningVariable warns 3>$null 6>$null
        "$warns" | Should -Match 'FileInfo|DirectoryInfo'
        (Get-DagCheckpoint $wf).Nodes['a'].RestoreOutput()[0] | Should -Be $dir
    }
}
