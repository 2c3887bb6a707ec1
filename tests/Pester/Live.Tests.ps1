# The live view (-OutputMode Live, the default in a terminal) for real: pwsh in a pseudo-terminal (util-linux
# `script`), the VT stream read as it arrives. The node waits for a file the test writes once the region showed it
# running, so nothing here depends on timing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:esc = [string][char]27
    $script:noTerminal = -not (Get-Command script -CommandType Application -ErrorAction Ignore)
    $script:yaml = @'
name: live
nodes:
  build:
    retry: 2
    run: |
      while (-not (Test-Path go)) { Start-Sleep -Milliseconds 20 }
      'build done'
  test:
    needs: build
    run: "'test done'"
'@

    function New-LiveFolder([string] $Name) {
        $folder = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Force $folder
        Set-Content (Join-Path $folder 'live.dag.yaml') $yaml
        $folder
    }

    function Read-Transcript([string] $Path) {
        if (Test-Path $Path) { [IO.File]::ReadAllText($Path) } else { '' }
    }

    # What pwsh's console itself sends a terminal (keypad modes on and off), which is not DagRunner's doing.
    function Remove-ConsoleSetup([string] $Text) {
        $Text -replace "$([regex]::Escape($esc))\[\?1[hl]", '' -replace "$([regex]::Escape($esc))[=>]", ''
    }
}

Describe 'The live view' {
    It 'in a terminal, is the default: running nodes with elapsed time and attempt, counts, then erased at the end' -Skip:$noTerminal {
        $folder = New-LiveFolder 'default'
        $transcript = Join-Path $folder 'terminal.txt'
        $process = Start-InTerminal -Folder $folder -Script 'Invoke-Dag ./live.dag.yaml -NoCheckpoint | Out-Null' -Transcript $transcript
        try {
            $running = "$([regex]::Escape($esc))\[\?2026h.*  build\s+\d+\.\ds  attempt 1/2"
            Wait-Until { (Read-Transcript $transcript) -match $running } 'the region to show build running'
            Set-Content (Join-Path $folder 'go') 'go'
            $process.WaitForExit(60000) | Should -BeTrue
            $text = Read-Transcript $transcript
            $text | Should -Match '1 running · 1 waiting'
            $text | Should -Match '\[build\] build done'
            $text | Should -Match '\[test\] test done'
            # The last frame is erased: after its end, the cursor goes back up and clears to the end of the screen.
            $afterLastFrame = $text.Substring($text.LastIndexOf("$esc[?2026l"))
            $afterLastFrame | Should -Match "$([regex]::Escape($esc))\[\d+A\r$([regex]::Escape($esc))\[J"
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }
    }

    # The region's elapsed time is now minus the node's start, both on the run's clock: in a zone behind UTC it once
    # showed the zone's offset instead (5h 00m in New York), because "now" was read in UTC and the start in local time.
    It 'in a time zone other than UTC, shows how long a node has run, not the zone''s offset' -Skip:($noTerminal -or -not (Test-Path /usr/share/zoneinfo/America/New_York)) {
        $folder = New-LiveFolder 'zone'
        $transcript = Join-Path $folder 'terminal.txt'
        $process = Start-InTerminal -Folder $folder -Script 'Invoke-Dag ./live.dag.yaml -NoCheckpoint | Out-Null' -Transcript $transcript -Environment @{ TZ = 'America/New_York' }
        try {
            $running = '  build\s+(\S+(?: \S+)?)  attempt 1/2'
            Wait-Until { (Read-Transcript $transcript) -match $running } 'the region to show build running'
            $elapsed = [regex]::Match((Read-Transcript $transcript), $running).Groups[1].Value
            Set-Content (Join-Path $folder 'go') 'go'
            $process.WaitForExit(60000) | Should -BeTrue
            $elapsed | Should -Match '^\d+\.\ds$' -Because 'build had run for seconds, not for the hours between New York and UTC'
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }
    }

    It 'on Ctrl+C, erases the region and prints the summary that names every node' -Skip:$noTerminal {
        $folder = New-LiveFolder 'ctrlc'
        $transcript = Join-Path $folder 'terminal.txt'
        $process = Start-InTerminal -Folder $folder -Script 'Invoke-Dag ./live.dag.yaml -NoCheckpoint | Out-Null' -Transcript $transcript
        try {
            Wait-Until { (Read-Transcript $transcript) -match '  build\s+\d+\.\ds' } 'the region to show build running'
            $process.StandardInput.Write([string][char]3)
            $process.StandardInput.Flush()
            $process.WaitForExit(60000) | Should -BeTrue
            $text = Read-Transcript $transcript
            $tail = $text.Substring($text.LastIndexOf("$esc[?2026l") + 8)
            # The region goes first (cursor up, clear to the end of the screen), then the summary is written where it was.
            $tail | Should -Match "^[^$([regex]::Escape($esc))]{0,4}$([regex]::Escape($esc))\[\d+A\r$([regex]::Escape($esc))\[J"
            $tail | Should -Match "Workflow 'live' Cancelled"
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }
    }

    # An error that ends the run (here the workflow's setup; also a checkpoint that cannot be written) once left the
    # region drawn again under the error: '0 running' stayed on the screen after the command had returned.
    It 'when an error ends the run, erases the region before the error and draws it no more' -Skip:$noTerminal {
        $folder = Join-Path $TestDrive 'setup-fails'
        $null = New-Item -ItemType Directory -Force $folder
        $go = Join-Path $folder 'go'
        Set-Content (Join-Path $folder 'setup.dag.yaml') @"
name: setupfails
setup: |
  while (-not (Test-Path -LiteralPath '$go')) { Start-Sleep -Milliseconds 20 }
  throw 'no credentials'
nodes:
  a:
    run: "'a'"
"@
        $transcript = Join-Path $folder 'terminal.txt'
        $process = Start-InTerminal -Folder $folder -Script "Invoke-Dag ./setup.dag.yaml -NoCheckpoint -ErrorAction Continue | Out-Null; 'AFTER-RUN'" -Transcript $transcript
        try {
            Wait-Until { (Read-Transcript $transcript) -match "$([regex]::Escape($esc))\[\?2026h" } 'the region to be drawn'
            Set-Content $go 'go'
            $process.WaitForExit(60000) | Should -BeTrue
            $text = Read-Transcript $transcript
            $text | Should -Match 'setup failed'
            $text.LastIndexOf("$esc[?2026l") | Should -BeLessThan $text.IndexOf('setup failed') -Because 'no frame is drawn after the error'
            $beforeError = $text.Substring(0, $text.IndexOf('setup failed'))
            $beforeError.Substring($beforeError.LastIndexOf("$esc[?2026l")) | Should -Match "$([regex]::Escape($esc))\[\d+A\r$([regex]::Escape($esc))\[J" -Because 'the last frame is erased before the error is written'
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
        }
    }

    It 'with -CI in a terminal, draws nothing and writes no VT sequence' -Skip:$noTerminal {
        $folder = New-LiveFolder 'ci'
        Set-Content (Join-Path $folder 'go') 'go'
        $transcript = Join-Path $folder 'terminal.txt'
        $process = Start-InTerminal -Folder $folder -Script 'Invoke-Dag ./live.dag.yaml -NoCheckpoint -CI | Out-Null' -Transcript $transcript
        $process.WaitForExit(60000) | Should -BeTrue
        $text = Remove-ConsoleSetup (Read-Transcript $transcript)
        $text | Should -Match '\[build\] build done'
        $text | Should -Not -Match ([regex]::Escape($esc))
    }

    It 'with output redirected, is Prefixed even when asked for: no VT sequence reaches a file or a pipe' {
        $folder = New-LiveFolder 'redirected'
        Set-Content (Join-Path $folder 'go') 'go'
        $pwsh = Get-PwshCommand
        $manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path
        foreach ($mode in '', '-OutputMode Live') {
            $output = & $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -Command "Set-Location '$folder'; Import-Module '$manifest'; Invoke-Dag ./live.dag.yaml -NoCheckpoint $mode | Out-Null" 2>&1 | Out-String
            $output | Should -Match '\[build\] build done'
            $output | Should -Not -Match ([regex]::Escape($esc))
        }
    }
}
