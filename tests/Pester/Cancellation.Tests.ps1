BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path

    # Only a hang waits this long: every wait here is for a file a node writes.
    function Wait-ForFile([string] $Path, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (Test-Path $Path)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $Path" }
            Start-Sleep -Milliseconds 20
        }
    }

    function New-LongWorkflow([string] $Started, [string] $Stopped) {
        New-Workflow @"
nodes:
  long:
    run: |
      # The marker is written inside the try: once the test sees it, a stop always runs the finally block. The
      # finally writes with a .NET call, not a command: what is tested is that the block runs (DagRunner stops the
      # node's pipeline instead of abandoning it), not whether PowerShell lets a command run in a stopping
      # pipeline's finally block (PowerShell#21552, docs/failure.md).
      try { Set-Content '$Started' 1; Start-Sleep -Seconds 600 } finally { [System.IO.File]::WriteAllText('$Stopped', '1') }
  later:
    needs: long
    run: "'never'"
"@
    }
}

Describe 'Stopping a run (Ctrl+C)' {
    It 'a run stopped from another thread returns without waiting for its running node, whose finally block runs' {
        $started = Join-Path $TestDrive 'thread-started'
        $stopped = Join-Path $TestDrive 'thread-stopped'
        $wf = New-LongWorkflow $started $stopped
        $ps = New-DagPowerShell $manifest
        try {
            $null = $ps.AddCommand('Invoke-Dag').AddParameter('Path', $wf)
            $handle = $ps.BeginInvoke()
            Wait-ForFile $started
            # The node sleeps 600 s: a stop that returns within the 60 s guard interrupted it.
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'Stop must interrupt the node, not wait out its sleep'
            $ps.EndStop($stop)
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # The node's finally block runs: its pipeline was stopped, not abandoned. The run does not wait for it
            # (that is the point of the test), so it may end a moment after Stop returns: wait for its file.
            try { Wait-ForFile $stopped }
            catch {
                # A rare failure (docs/failure.md, known issue): keep what the run said, and whether a runspace is still
                # busy (the node abandoned after the stop grace, its finally never reached) or none is (the node's
                # pipeline ended without running its finally). A stopped run writes nothing more, so no warning says which.
                $said = @($ps.Streams.Information) + @($ps.Streams.Warning) + @($ps.Streams.Error) | ForEach-Object { "$_" }
                $busy = @(Get-Runspace | Where-Object { $_.RunspaceAvailability -eq 'Busy' -and $_.Id -ne [runspace]::DefaultRunspace.Id } | ForEach-Object { "$($_.Id) $($_.Name)" })
                throw "$($_.Exception.Message). Busy runspaces: $(if ($busy) { $busy -join ', ' } else { 'none' }). The run wrote:`n$($said -join "`n")"
            }
            Test-Path $stopped | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'Ctrl+C (SIGINT) in a console pwsh stops the run without waiting for its node and reports it Cancelled' -Skip:$IsWindows {
        $started = Join-Path $TestDrive 'console-started'
        $stopped = Join-Path $TestDrive 'console-stopped'
        $wf = New-LongWorkflow $started $stopped
        $pwsh = Get-PwshCommand
        $psi = [Diagnostics.ProcessStartInfo]::new($pwsh.FileName)
        foreach ($arg in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$manifest'; Invoke-Dag '$wf'")) {
            $psi.ArgumentList.Add($arg)
        }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($psi)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            Wait-ForFile $started
            & kill -s INT $process.Id
            # The node sleeps 600 s: an exit within the 60 s guard means it was interrupted.
            $process.WaitForExit(60000) | Should -BeTrue -Because 'Ctrl+C must interrupt the node, not wait out its sleep'
            Test-Path $stopped | Should -BeTrue
            $stdout.Result | Should -Match "Workflow '.*' Cancelled"
            $stdout.Result | Should -Match '1 Cancelled'
            # The checkpoint says so too, and a resume runs the stopped node again.
            $state = Get-DagCheckpoint $wf
            $state.Status | Should -Be 'Cancelled'
            $state.Nodes['long'].Status | Should -Be 'Cancelled'
            $state.Nodes['later'].Status | Should -Be 'NotRun'
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.Dispose()
        }
    }
}
