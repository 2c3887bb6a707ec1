BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path

    function Wait-ForFile([string] $Path, [int] $Seconds = 20) {
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
      Set-Content '$Started' 1
      try { Start-Sleep -Seconds 30 } finally { Set-Content '$Stopped' 1 }
  later:
    needs: long
    run: "'never'"
"@
    }
}

Describe 'Stopping a run (Ctrl+C)' {
    It 'a run stopped from another thread returns within 2 s and stops its running node' {
        $started = Join-Path $TestDrive 'thread-started'
        $stopped = Join-Path $TestDrive 'thread-stopped'
        $wf = New-LongWorkflow $started $stopped
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $manifest).AddStatement().AddCommand('Invoke-Dag').AddParameter('Path', $wf)
            $handle = $ps.BeginInvoke()
            Wait-ForFile $started
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # The node's finally block ran: its pipeline was stopped, not abandoned.
            Test-Path $stopped | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'Ctrl+C (SIGINT) in a console pwsh stops the run within 2 s and reports it Cancelled' -Skip:$IsWindows {
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
            $clock = [Diagnostics.Stopwatch]::StartNew()
            & kill -s INT $process.Id
            $exited = $process.WaitForExit(2000)
            $clock.Stop()
            $exited | Should -BeTrue -Because "the run should stop within 2 s (took $($clock.Elapsed))"
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
