# Real signals to a real child pwsh: SIGTERM and SIGHUP handled like Ctrl+C (then exit code 143 or 129), and what a stopped run still
# writes (cleanup nodes, finally blocks, the closing summary, JSON events) reaching the child's stdout.
# Every wait is on a file a node writes; the deadlines only give up on a hung child.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path

    function Wait-ForFile([string] $Path, [Diagnostics.Process] $Process, [int] $Seconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (Test-Path $Path)) {
            if ($Process -and $Process.HasExited) { throw "The child pwsh ended (exit code $($Process.ExitCode)) before $Path appeared." }
            if ([DateTime]::UtcNow -gt $deadline) { throw "Gave up waiting for $Path" }
            Start-Sleep -Milliseconds 20
        }
    }

    <#
        A workflow whose node 'long' writes $Started, then sleeps until stopped, its finally block writing a host line
        and $Stopped; 'later' needs it (never starts); 'cleanup' (when: always) writes a host line, an output line and
        $Cleaned. Once $Resumed exists, 'long' finishes at once instead, writing $RanAgain.
    #>
    function New-StoppableWorkflow([string] $Folder) {
        $null = New-Item -ItemType Directory -Path $Folder -Force
        $files = @{}
        foreach ($name in 'Started', 'Stopped', 'Cleaned', 'Resumed', 'RanAgain') { $files[$name] = Join-Path $Folder $name.ToLowerInvariant() }
        $files.Path = New-Workflow -Directory $Folder -Yaml @"
nodes:
  long:
    run: |
      if (Test-Path '$($files.Resumed)') { Set-Content '$($files.RanAgain)' 1; return }
      # The marker is written inside the try: once the test sees it, a stop always runs the finally block.
      try { Set-Content '$($files.Started)' 1; Start-Sleep -Seconds 300 }
      finally {
        Write-Host 'finally of long ran'
        Set-Content '$($files.Stopped)' 1
      }
  later:
    needs: long
    run: "'later ran'"
  cleanup:
    needs: long
    when: always
    run: |
      Write-Host 'cleanup host line'
      'cleanup output line'
      Set-Content '$($files.Cleaned)' 1
"@
        $files
    }

    <# Starts Invoke-Dag on $Workflow in a child pwsh, stdout and stderr read as they come; -NoHangup starts it under nohup. #>
    function Start-DagChild([string] $Workflow, [string] $Arguments = '', [switch] $NoHangup) {
        $pwsh = Get-PwshCommand
        $psi = [Diagnostics.ProcessStartInfo]::new($(if ($NoHangup) { 'nohup' } else { $pwsh.FileName }))
        $script = "`$PSStyle.OutputRendering = 'PlainText'; Import-Module '$manifest'; Invoke-Dag '$Workflow' $Arguments"
        $command = @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $script)
        if ($NoHangup) { $command = @($pwsh.FileName) + $command }
        foreach ($arg in $command) { $psi.ArgumentList.Add($arg) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($psi)
        [pscustomobject]@{ Process = $process; Stdout = $process.StandardOutput.ReadToEndAsync(); Stderr = $process.StandardError.ReadToEndAsync() }
    }

    <# Sends each of $Signal once 'long' has started, waits for the child to end and returns its exit code, stdout and stderr. #>
    function Stop-DagChild($Child, [string] $Started, [string[]] $Signal) {
        try {
            Wait-ForFile $Started $Child.Process
            foreach ($one in $Signal) { & kill -s $one $Child.Process.Id }
            if (-not $Child.Process.WaitForExit(120000)) { throw "The child pwsh did not end after SIG$Signal." }
            $Child.Process.WaitForExit()
            [pscustomobject]@{ ExitCode = $Child.Process.ExitCode; Stdout = $Child.Stdout.Result; Stderr = $Child.Stderr.Result }
        }
        finally {
            if (-not $Child.Process.HasExited) { $Child.Process.Kill($true) }
            $Child.Process.Dispose()
        }
    }
}

# SIGHUP is what a closed SSH session or terminal sends: its default ended pwsh at once, leaving the nodes' native
# processes running and the checkpoint saying Interrupted, so a resume started them a second time.
Describe 'SIGTERM or SIGHUP during a run' -Skip:$IsWindows {
    It 'SIG<Signal> stops the run like Ctrl+C (finally and cleanup run, the checkpoint says Cancelled), exits with <ExitCode>, and Resume-Dag runs the stopped node again' -TestCases @(
        @{ Signal = 'TERM'; ExitCode = 143 }, @{ Signal = 'HUP'; ExitCode = 129 }
    ) {
        $wf = New-StoppableWorkflow (Join-Path $TestDrive $Signal)
        $child = Start-DagChild $wf.Path
        $end = Stop-DagChild $child $wf.Started $Signal

        Test-Path $wf.Stopped | Should -BeTrue -Because "the stopped node's finally block runs (stdout: $($end.Stdout) stderr: $($end.Stderr))"
        Test-Path $wf.Cleaned | Should -BeTrue -Because 'the when: always node runs as cleanup'
        $state = Get-DagCheckpoint $wf.Path
        $state.Status | Should -Be 'Cancelled'
        $state.Nodes['long'].Status | Should -Be 'Cancelled'
        $state.Nodes['later'].Status | Should -Be 'NotRun'
        $state.Nodes['cleanup'].Status | Should -Be 'Succeeded'
        $end.Stdout | Should -Match "Workflow '.*' Cancelled after"
        $end.ExitCode | Should -Be $ExitCode

        Set-Content $wf.Resumed 1
        $resumed = Resume-Dag $wf.Path -OutputMode Silent -WarningVariable warnings 3>$null
        $resumed.Status | Should -Be 'Succeeded'
        $warnings | Should -BeNullOrEmpty -Because 'a SIGTERM''d run lets its lock go properly: nothing to take over'
        $resumed['long'].Reason | Should -Be 'PreviouslyCancelled'
        Test-Path $wf.RanAgain | Should -BeTrue
    }

    It 'a terminal that closes under a run stops it like Ctrl+C: cleanup runs, the checkpoint says Cancelled, the lock is let go' {
        $folder = Join-Path $TestDrive 'terminal'
        $wf = New-StoppableWorkflow $folder
        $terminal = Start-InTerminal -Folder $folder -Script "Invoke-Dag '$($wf.Path)'" -Transcript (Join-Path $folder 'typescript')
        if (-not $terminal) { Set-ItResult -Skipped -Because 'util-linux script (a pseudo-terminal) is not installed'; return }
        try {
            Wait-ForFile $wf.Started $terminal
            $terminal.Kill()   # the terminal's end: the kernel sends SIGHUP to the pwsh running in it
            # Ended: either let go properly (its label gone) or died holding the lock (Interrupted).
            Wait-Until {
                $now = Get-DagCheckpoint $wf.Path
                $now.Status -eq 'Interrupted' -or ($now.Status -ne 'Running' -and -not (Test-Path "$($now.Path).lock.json"))
            } 'the run to end'
        }
        finally {
            if (-not $terminal.HasExited) { $terminal.Kill($true) }
        }

        $state = Get-DagCheckpoint $wf.Path
        $state.Status | Should -Be 'Cancelled'
        $state.Nodes['long'].Status | Should -Be 'Cancelled'
        Test-Path "$($state.Path).lock.json" | Should -BeFalse -Because 'the lock was let go, not left to be taken over'
        Test-Path $wf.Stopped | Should -BeTrue -Because "the stopped node's finally block runs"
        Test-Path $wf.Cleaned | Should -BeTrue -Because 'the when: always node runs as cleanup'
    }

    It 'under nohup, SIGHUP leaves the run going: the SIGTERM after it is what stops it (exit code 143, not 129)' {
        $wf = New-StoppableWorkflow (Join-Path $TestDrive 'nohup')
        $child = Start-DagChild $wf.Path -NoHangup
        $end = Stop-DagChild $child $wf.Started HUP, TERM

        $end.ExitCode | Should -Be 143 -Because "nohup set SIGHUP to be ignored, and the run keeps that (stderr: $($end.Stderr))"
        (Get-DagCheckpoint $wf.Path).Nodes['long'].Status | Should -Be 'Cancelled'
    }
}

Describe 'Output after Ctrl+C (SIGINT)' -Skip:$IsWindows {
    Context 'Prefixed output' {
        BeforeAll {
            $wf = New-StoppableWorkflow (Join-Path $TestDrive 'int')
            $script:end = Stop-DagChild (Start-DagChild $wf.Path) $wf.Started INT
            Test-Path $wf.Cleaned | Should -BeTrue -Because "the cleanup node ran (stdout: $($end.Stdout) stderr: $($end.Stderr))"
        }

        It 'what the cleanup node and the stopped node''s finally block write reaches stdout, tagged [node]' {
            $end.Stdout | Should -Match '(?m)^\[long\] finally of long ran$'
            $end.Stdout | Should -Match '(?m)^\[cleanup\] cleanup host line$'
            $end.Stdout | Should -Match '(?m)^\[cleanup\] cleanup output line$'
        }

        It 'the closing summary keeps the counts and names each node with its state and reason' {
            $end.Stdout | Should -Match "Workflow '.*' Cancelled after [\d.]+s: 1 Cancelled, 1 NotRun, 1 Succeeded\."
            $end.Stdout | Should -Match '(?m)^\s+long\s+Cancelled\s+RunCancelled$'
            $end.Stdout | Should -Match '(?m)^\s+later\s+NotRun\s+RunCancelled$'
            $end.Stdout | Should -Match '(?m)^\s+cleanup\s+Succeeded$'
        }
    }

    Context 'Json output' {
        It 'stdout still gets the stopped node''s nodeFinished, the cleanup node''s lines and runFinished with status Cancelled' {
            $wf = New-StoppableWorkflow (Join-Path $TestDrive 'json')
            $end = Stop-DagChild (Start-DagChild $wf.Path '-OutputMode Json') $wf.Started INT

            $events = @($end.Stdout -split '\r?\n' | Where-Object { $_ -like '{*' } | ForEach-Object { $_ | ConvertFrom-Json })
            $finished = @($events | Where-Object event -EQ 'runFinished')
            $finished.Count | Should -Be 1 -Because "stdout: $($end.Stdout) stderr: $($end.Stderr)"
            $finished[0].status | Should -Be 'Cancelled'
            ($events | Where-Object { $_.event -eq 'nodeFinished' -and $_.node -eq 'long' }).status | Should -Be 'Cancelled'
            ($events | Where-Object { $_.event -eq 'log' -and $_.node -eq 'cleanup' }).text | Should -Contain 'cleanup host line'
        }
    }
}

Describe 'The summary after a stop' {
    It 'past 50 nodes names failed and cancelled nodes first, then counts the rest' {
        $nodes = foreach ($i in 1..60) {
            $name = 'n{0:d2}' -f $i
            if ($i -eq 60) { "  ${name}:`n    continueOnError: true`n    run: throw 'boom'" } else { "  ${name}:`n    run: `"'$name'`"" }
        }
        $wf = New-Workflow ("nodes:`n" + ($nodes -join "`n"))
        $result = Invoke-Dag $wf -NoCheckpoint -OutputMode Silent -Parallelism 2 -WarningAction SilentlyContinue

        $type = (Get-Command Invoke-Dag).ImplementingType.Assembly.GetType('DagRunner.PowerShell.Hosting.RunSummaryText', $true)
        $lines = $type::Stopped($result) -split '\r?\n'
        $lines[0] | Should -Match ': 59 Succeeded, 1 Failed\.$|: 1 Failed, 59 Succeeded\.$'
        $lines.Count | Should -Be 52
        $lines[1] | Should -Match '^\s+n60\s+Failed\s+AllowedFailure$'
        $lines[2] | Should -Match '^\s+n01\s+Succeeded$'
        $lines[51] | Should -Be '  ... and 10 more.'
    }
}

Describe 'The signal registration helper' {
    BeforeAll {
        $script:signal = (Get-Command Invoke-Dag).ImplementingType.Assembly.GetType('DagRunner.PowerShell.Hosting.TerminationSignal', $true)
        $script:tryRegister = $signal.GetMethod('TryRegister', [Reflection.BindingFlags]'NonPublic, Static')
    }

    It 'is a no-op, not an error, where PosixSignalRegistration does not exist (Windows PowerShell 5.1)' {
        $registration = $tryRegister.Invoke($null, @('No.Such.PosixSignalRegistration, No.Such.Assembly', 'SIGTERM', [Action[object]] { }))
        $registration | Should -BeNullOrEmpty
    }

    It 'finds PosixSignalRegistration by reflection on PowerShell 7.4+ and registers for <Name>' -TestCases @(@{ Name = 'SIGTERM' }, @{ Name = 'SIGHUP' }) {
        $typeName = $signal.GetField('RegistrationTypeName', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
        $registration = $tryRegister.Invoke($null, @($typeName, $Name, [Action[object]] { }))
        try {
            $registration | Should -Not -BeNullOrEmpty
            $registration.GetType().Name | Should -Be 'PosixSignalRegistration'
        }
        finally {
            if ($registration) { $registration.Dispose() }
        }
    }
}
