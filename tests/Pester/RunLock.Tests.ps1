# One run at a time per workflow state: real pwsh processes racing for one checkpoint, and a holder killed with SIGKILL.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path

    function Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Gave up waiting for $What" }
            Start-Sleep -Milliseconds 20
        }
    }

    # A child pwsh that runs $Command; it prints 'ERRORID:<id>' for each error and exits 3 when the command failed.
    function Start-Runner([string] $Command, [string] $Name) {
        $pwsh = Get-PwshCommand
        $script = @"
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$manifest'
`$result = $Command -ErrorVariable problems -ErrorAction SilentlyContinue 3>&1 4>&1 | ForEach-Object {
    if (`$_ -is [System.Management.Automation.WarningRecord]) { 'WARNING:' + `$_.Message }
    elseif (`$_ -is [System.Management.Automation.VerboseRecord]) { [Console]::Out.WriteLine('VERBOSE:' + `$_.Message); [Console]::Out.Flush() }
    else { `$_ }
}
foreach (`$p in `$problems) { 'ERRORID:' + `$p.FullyQualifiedErrorId + ' ' + `$p.Exception.Message }
`$result | Where-Object { `$_ -is [string] }
`$run = `$result | Where-Object { `$_ -isnot [string] } | Select-Object -Last 1
if (`$run) { 'RUNID:' + `$run.RunId; 'STATUS:' + `$run.Status }
exit ([int](`$problems.Count -gt 0) * 3)
"@
        $psi = [Diagnostics.ProcessStartInfo]::new($pwsh.FileName)
        foreach ($arg in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $psi.ArgumentList.Add($arg) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($psi)
        [pscustomobject]@{
            Name    = $Name
            Process = $process
            Seen    = [Text.StringBuilder]::new()
            Stderr  = $process.StandardError.ReadToEndAsync()
        }
    }

    # Reads the runner's stdout line by line until a line matches (or it ends): how a test knows what a child is doing.
    function Read-UntilLine($Runner, [string] $Pattern) {
        while ($null -ne ($line = $Runner.Process.StandardOutput.ReadLine())) {
            [void]$Runner.Seen.AppendLine($line)
            if ($line -match $Pattern) { return $true }
        }
        $false
    }

    function Complete-Runner($Runner, [int] $Seconds = 120) {
        $rest = $Runner.Process.StandardOutput.ReadToEndAsync()
        if (-not $Runner.Process.WaitForExit($Seconds * 1000)) { $Runner.Process.Kill($true); throw "$($Runner.Name) did not end" }
        $Runner.Process.WaitForExit()
        [pscustomobject]@{ Name = $Runner.Name; Exit = $Runner.Process.ExitCode; Text = $Runner.Seen.ToString() + $rest.Result + $Runner.Stderr.Result }
    }

    # A node that holds the run until the test creates 'release'; every run it makes is one file in runs/.
    function New-HoldingWorkflow([string] $Directory) {
        New-Item -ItemType Directory -Force (Join-Path $Directory 'runs') | Out-Null
        New-Workflow -Directory $Directory -Name 'held' @"
nodes:
  hold:
    run: |
      `$me = [guid]::NewGuid().ToString('n')
      Set-Content (Join-Path runs "`$me.started") `$PID
      while (-not (Test-Path release)) { Start-Sleep -Milliseconds 20 }
      Set-Content (Join-Path runs "`$me.ended") `$PID
      `$me
  after:
    needs: hold
    run: "`$Needs.hold + '-after'"
"@
    }
}

Describe 'The run lock' -Skip:$IsWindows {
    BeforeEach {
        $script:dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory $dir | Out-Null
        $script:wf = New-HoldingWorkflow $dir
        Push-Location $dir
    }
    AfterEach { Pop-Location }

    It 'two runs started together: one runs, the other fails at once naming the holder, and the checkpoint is the winner''s, whole' {
        $a = Start-Runner "Invoke-Dag '$wf'" 'a'
        $b = Start-Runner "Invoke-Dag '$wf'" 'b'
        try {
            # The loser ends on its own; the winner waits for 'release'.
            Wait-Until { $a.Process.HasExited -or $b.Process.HasExited } 'one runner to give up'
            $loser, $winner = if ($a.Process.HasExited) { $a, $b } else { $b, $a }
            $lost = Complete-Runner $loser
            Set-Content (Join-Path $dir 'release') 1
            $won = Complete-Runner $winner
        }
        finally { Set-Content (Join-Path $dir 'release') 1 -ErrorAction Ignore }

        $lost.Exit | Should -Be 3
        $lost.Text | Should -Match 'ERRORID:RunLocked'
        $lost.Text | Should -Match "pid $($winner.Process.Id) on host"
        $won.Exit | Should -Be 0 -Because $won.Text
        $won.Text | Should -Match 'STATUS:Succeeded'
        @(Get-ChildItem (Join-Path $dir 'runs') -Filter *.started).Count | Should -Be 1 -Because 'the loser never started a node'

        $state = Get-DagCheckpoint $wf
        $state.Status | Should -Be 'Succeeded'
        "RUNID:$($state.RunId)" | Should -BeIn ($won.Text -split "`n" | ForEach-Object Trim)
        $state.Nodes['after'].Status | Should -Be 'Succeeded'
        $ran = (Get-ChildItem (Join-Path $dir 'runs') -Filter *.ended).BaseName
        $state.Nodes['after'].RestoreOutput() | Should -Be "$ran-after" -Because 'the outputs are the winner''s' 
    }

    It 'a second run with -LockTimeout waits for the first to end, then runs after it, never interleaved' {
        $a = Start-Runner "Invoke-Dag '$wf'" 'a'
        try {
            Wait-Until { @(Get-ChildItem (Join-Path $dir 'runs') -Filter *.started).Count -eq 1 } 'the first run to hold'
            $b = Start-Runner "Invoke-Dag '$wf' -LockTimeout 2m -Verbose" 'b'
            Read-UntilLine $b 'Waiting up to 2m for the run lock' | Should -BeTrue -Because "the second run says it waits: $($b.Seen)"
            $b.Seen.ToString() | Should -Match "held by pid $($a.Process.Id) on host"
            (Get-ChildItem (Join-Path $dir 'runs') -Filter *.started).Count | Should -Be 1 -Because 'nothing of the waiting run has started'
            Set-Content (Join-Path $dir 'release') 1
            $first = Complete-Runner $a
            $second = Complete-Runner $b
        }
        finally { Set-Content (Join-Path $dir 'release') 1 -ErrorAction Ignore }

        $first.Exit | Should -Be 0 -Because $first.Text
        $second.Exit | Should -Be 0 -Because $second.Text
        $runs = @(Get-ChildItem (Join-Path $dir 'runs') -Filter *.started)
        $runs.Count | Should -Be 2
        $state = Get-DagCheckpoint $wf
        $state.Status | Should -Be 'Succeeded'
        "RUNID:$($state.RunId)" | Should -BeIn ($second.Text -split "`n" | ForEach-Object Trim) -Because 'the last run to end wrote the checkpoint'
    }

    It 'a holder killed with SIGKILL leaves an Interrupted checkpoint, and the next run takes the lock over with a warning' {
        $a = Start-Runner "Invoke-Dag '$wf'" 'a'
        Wait-Until { @(Get-ChildItem (Join-Path $dir 'runs') -Filter *.started).Count -eq 1 } 'the run to hold'
        $during = Get-DagCheckpoint $wf
        $a.Process.Kill()   # SIGKILL: no finally, no cleanup
        $a.Process.WaitForExit()

        $during.Status | Should -Be 'Running' -Because 'its process was alive and held the lock'
        $during.Nodes['hold'].Status | Should -Be 'Running'
        $after = Get-DagCheckpoint $wf
        $after.Status | Should -Be 'Interrupted'
        $after.Nodes['hold'].Status | Should -Be 'Interrupted'
        $after.Nodes['after'].Status | Should -Be 'NotRun'

        Set-Content (Join-Path $dir 'release') 1
        $resumed = Resume-Dag $wf -WarningVariable warnings 3>$null
        $resumed.Status | Should -Be 'Succeeded'
        $resumed['hold'].Reason | Should -Be 'PreviouslyInterrupted'
        ($warnings -join "`n") | Should -Match "left by pid $($a.Process.Id) on host"
    }

    # A killed pwsh cannot stop the native processes its nodes started: they run on, orphaned, and the resume would
    # start that node a second time beside them. The takeover names them.
    It 'after a SIGKILL, the run that takes over names the native processes the dead run left running' {
        $native = Join-Path $TestDrive 'leftover.dag.yaml'
        Set-Content $native @"
nodes:
  deploy:
    run: |
      if (Test-Path '$dir/release') { return 'deployed' }
      sleep 4244.25
"@
        $a = Start-Runner "Invoke-Dag '$native'" 'a'
        try {
            Wait-Until { @(pgrep -f 'sleep 4244.25').Count -eq 1 } 'the node''s native process'
            $leftover = [int](pgrep -f 'sleep 4244.25')
            $a.Process.Kill()
            $a.Process.WaitForExit()
            Set-Content (Join-Path $dir 'release') 1

            $resumed = Resume-Dag $native -WarningVariable warnings 3>$null

            $resumed.Status | Should -Be 'Succeeded'
            @(pgrep -f 'sleep 4244.25').Count | Should -Be 1 -Because 'nothing stopped it: the test shows why the takeover must name it'
            $text = $warnings -join "`n"
            $text | Should -Match "left by pid $($a.Process.Id) on host"
            $text | Should -Match "still running: $leftover \(.*sleep 4244\.25\)"
        }
        finally {
            & pkill -f 'sleep 4244.25'
        }
    }

    It 'readers never wait for a run: Get-DagCheckpoint, Get-DagPlan and -WhatIf answer while it holds the lock' {
        $a = Start-Runner "Invoke-Dag '$wf'" 'a'
        try {
            Wait-Until { @(Get-ChildItem (Join-Path $dir 'runs') -Filter *.started).Count -eq 1 } 'the run to hold'
            (Get-DagCheckpoint $wf).Status | Should -Be 'Running'
            (Get-DagPlan $wf).NodeCount | Should -Be 2
            Invoke-Dag $wf -WhatIf 6>$null | Should -BeNullOrEmpty
            Resume-Dag $wf -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null | Should -BeNullOrEmpty
            $problems | Should -BeNullOrEmpty
            { Invoke-Dag $wf -ErrorAction Stop } | Should -Throw -ErrorId 'RunLocked*'
        }
        finally { Set-Content (Join-Path $dir 'release') 1 }
        (Complete-Runner $a).Exit | Should -Be 0
    }

    It 'with -CheckpointPath, the plan reads the history the run wrote beside it' {
        Set-Content (Join-Path $dir 'release') 1
        $elsewhere = Join-Path $dir 'ci/state.json'
        Invoke-Dag $wf -CheckpointPath $elsewhere | Out-Null
        Test-Path (Join-Path $dir 'ci/held.history.json') | Should -BeTrue
        Test-Path (Join-Path $dir '.dagrunner') | Should -BeFalse -Because 'nothing of the run goes to the default folder'
        (Get-DagPlan $wf -CheckpointPath $elsewhere).EstimateSource | Should -Be 'History'
        (Get-DagPlan $wf).EstimateSource | Should -Not -Be 'History'
    }
}
