# A full (or read-only) disk under the state folder: a real one (a small tmpfs, which needs root to mount), so the writes fail as they
# do on a user's machine. What a user must be able to rely on: the run stops cleanly when a record cannot be written,
# says so and what to do, leaves a checkpoint that resumes; and a snapshot that does not fit loses nothing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    $script:disk = Join-Path $TestDrive 'disk'
    $script:marks = Join-Path $TestDrive 'marks'
    New-Item -ItemType Directory -Path $disk, $marks | Out-Null
    $script:noDisk = $null
    if ($IsWindows -or $IsMacOS) {
        $noDisk = 'a tmpfs mount is Linux only'
    }
    elseif ((id -u) -ne '0') {
        $noDisk = 'mounting a tmpfs needs root (the suite runs as root in CI)'
    }
    else {
        $mounted = & mount -t tmpfs -o size=4m tmpfs $disk 2>&1
        if ($LASTEXITCODE -ne 0) { $noDisk = "mount -t tmpfs failed: $mounted" }
    }

    $script:filler = Join-Path $disk 'filler'

    # Fills the disk until $Free bytes are left; removing the filler gives them back.
    function Set-FreeSpace([long] $Free) {
        Remove-Item -LiteralPath $filler -ErrorAction Ignore
        $available = [System.IO.DriveInfo]::new($disk).AvailableFreeSpace
        [System.IO.File]::WriteAllBytes($filler, [byte[]]::new($available - $Free))
    }

    # Each run of a node adds a line to the node's own file, outside the full disk.
    function Get-Runs([string] $Node) {
        $file = Join-Path $marks $Node
        if (Test-Path -LiteralPath $file) { @(Get-Content -LiteralPath $file).Count } else { 0 }
    }
}

AfterAll {
    if (-not $noDisk) { & umount $disk }
}

Describe 'A full disk under the checkpoint' -Skip:($IsWindows -or $IsMacOS) {
    BeforeEach {
        # The same disk for each test: what the last one left goes first.
        Get-ChildItem -LiteralPath $disk -Force | Remove-Item -Recurse -Force
        Get-ChildItem -LiteralPath $marks | Remove-Item
    }

    It 'stops the run when a record cannot be written, stops its running nodes, and a resume after freeing space goes on (fsync: <Fsync>)' -TestCases @(
        @{ Fsync = $false }, @{ Fsync = $true }
    ) {
        if ($noDisk) { Set-ItResult -Skipped -Because $noDisk; return }
        $gate = Join-Path $TestDrive 'gate'
        Remove-Item -LiteralPath $gate -ErrorAction Ignore
        $wf = New-Workflow -Directory $disk -Yaml @"
checkpoint: { fsync: $($Fsync.ToString().ToLowerInvariant()) }
nodes:
  first:
    run: Add-Content -LiteralPath '$marks/first' x; 'small'
  big:
    needs: first
    run: Add-Content -LiteralPath '$marks/big' x; 'x' * 600KB
  waiting:
    run: |
      Add-Content -LiteralPath '$marks/waiting' x
      if (-not (Test-Path -LiteralPath '$gate')) { sleep 317.25 }
"@
        Set-FreeSpace (300KB)
        $open = Get-RunRunspaceCount

        $r = Invoke-Dag $wf -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue

        $r | Should -BeNullOrEmpty
        $errs.FullyQualifiedErrorId | Should -Be 'CheckpointWriteFailed,DagRunner.PowerShell.InvokeDagCommand'
        $errs[0].Exception.InnerException.GetType().Name | Should -Be 'CheckpointWriteException' -Because 'the error tells a run that stopped from one that never started'
        Get-RunRunspaceCount | Should -Be $open -Because 'the waiting node was stopped and its runspace closed or kept idle, not left running'
        @(pgrep -f 'sleep 317.25').Count | Should -Be 0 -Because 'the native process the waiting node ran was stopped with it'
        $checkpoint = Get-DagCheckpoint $wf
        ($checkpoint.Nodes | Where-Object Name -EQ 'first').Status | Should -Be 'Succeeded'
        ($checkpoint.Nodes | Where-Object Name -EQ 'big').Status | Should -Not -Be 'Succeeded' -Because 'its record did not fit'
        ($checkpoint.Nodes | Where-Object Name -EQ 'waiting').Status | Should -Be 'Interrupted'

        Remove-Item -LiteralPath $filler
        New-Item -ItemType File -Path $gate | Out-Null
        $resumed = Resume-Dag $wf -OutputMode Silent

        $resumed.Status | Should -Be 'Succeeded'
        $resumed['first'].Reason | Should -Be 'Resumed'
        Get-Runs first | Should -Be 1 -Because 'its success was recorded before the disk filled'
        Get-Runs big | Should -Be 2
        $resumed['big'].Output[0].Length | Should -Be 600KB
        $resumed['waiting'].Status | Should -Be 'Succeeded'
    }

    It 'finishes a run whose last snapshot does not fit, with a warning, and the journal holds the whole run' {
        if ($noDisk) { Set-ItResult -Skipped -Because $noDisk; return }
        $wf = New-Workflow -Directory $disk -Yaml @"
nodes:
  one:
    run: Add-Content -LiteralPath '$marks/one' x; 'y' * 250KB
  two:
    needs: one
    run: Add-Content -LiteralPath '$marks/two' x; 'z' * 250KB
"@
        Set-FreeSpace (700KB)

        $r = Invoke-Dag $wf -OutputMode Silent -WarningVariable warns -WarningAction SilentlyContinue

        $r.Status | Should -Be 'Succeeded'
        @($warns | Where-Object Message -Match '\[CheckpointNotCompacted\]$').Count | Should -Be 1
        $checkpoint = Get-DagCheckpoint $wf
        $checkpoint.Status | Should -Be 'Succeeded'
        $checkpoint.Nodes.Status | Should -Be @('Succeeded', 'Succeeded')

        Remove-Item -LiteralPath $filler
        $resumed = Resume-Dag $wf -Rerun two -OutputMode Silent
        $resumed['one'].Reason | Should -Be 'Resumed'
        $resumed['one'].Output[0].Length | Should -Be 250KB
        Get-Runs one | Should -Be 1
        Get-Runs two | Should -Be 2
    }

    It 'goes on without its log files when they fill the disk, and says so once' {
        if ($noDisk) { Set-ItResult -Skipped -Because $noDisk; return }
        $wf = New-Workflow -Yaml @'
nodes:
  chatty:
    run: 1..200 | ForEach-Object { Write-Output ('z' * 1000) } | Out-Null; 1..200 | ForEach-Object { Write-Warning ('w' * 1000) }
  after:
    needs: chatty
    run: "'after ran'"
'@
        Set-FreeSpace (64KB)

        $r = Invoke-Dag $wf -OutputMode Silent -LogDirectory $disk -WarningVariable warns -WarningAction SilentlyContinue

        $r.Status | Should -Be 'Succeeded' -Because 'the log files are a copy of what the run shows, not its state'
        $r['after'].Output | Should -Be 'after ran'
        @($warns | Where-Object Message -Match '\[LogWriteFailed\]$').Count | Should -Be 1
        (Get-Item -LiteralPath (Join-Path $disk 'chatty.log')).Length | Should -BeGreaterThan 0 -Because 'the lines before the disk filled are kept'
    }
}

# A disk the system remounted read-only after errors (ext4's errors=remount-ro): root cannot write it either, so the
# same tmpfs, remounted read-only, stands for it. What was recorded stays readable and resumes from a copy.
Describe 'A state folder on a disk that became read-only' -Skip:($IsWindows -or $IsMacOS) {
    BeforeEach {
        Get-ChildItem -LiteralPath $disk -Force | Remove-Item -Recurse -Force
        Get-ChildItem -LiteralPath $marks | Remove-Item
    }

    AfterEach {
        if (-not $noDisk) { & mount -o remount,rw $disk }
    }

    It 'refuses to run there, reads the checkpoint where it is, and a copy of the folder resumes' {
        if ($noDisk) { Set-ItResult -Skipped -Because $noDisk; return }
        $fixed = Join-Path $marks 'fixed'
        $wf = New-Workflow -Directory $disk -Yaml @"
nodes:
  built:
    run: Add-Content -LiteralPath '$marks/built' x; 'artifact'
  deployed:
    needs: built
    run: |
      Add-Content -LiteralPath '$marks/deployed' x
      if (-not (Test-Path -LiteralPath '$fixed')) { throw 'the target was down' }
      "deployed `$(`$Needs.built)"
"@
        $first = Invoke-Dag $wf -OutputMode Silent -ErrorAction SilentlyContinue
        $first.Status | Should -Be 'Failed'
        $never = New-Workflow -Directory $disk -Yaml "nodes:`n  a:`n    run: Add-Content -LiteralPath '$marks/never' x"
        & mount -o remount,ro $disk
        $LASTEXITCODE | Should -Be 0 -Because 'no file on the disk may still be open for writing once a run has returned'

        $checkpoint = Get-DagCheckpoint $wf
        ($checkpoint.Nodes | Where-Object Name -EQ 'built').Status | Should -Be 'Succeeded'
        ($checkpoint.Nodes | Where-Object Name -EQ 'deployed').Status | Should -Be 'Failed'

        New-Item -ItemType File -Path $fixed | Out-Null
        $r = Resume-Dag $wf -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs.FullyQualifiedErrorId | Should -Be 'CheckpointWriteFailed,DagRunner.PowerShell.ResumeDagCommand'
        $errs[0].Exception.Message | Should -Match 'copy .*-CheckpointPath' -Because 'it says how to go on: from a copy'
        $errs[0].Exception.Message | Should -Not -Match '-NoCheckpoint' -Because 'Resume-Dag has no such parameter'
        Get-Runs deployed | Should -Be 1 -Because 'nothing ran without a checkpoint to record it'

        $r = Invoke-Dag $never -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -Be 'CheckpointWriteFailed,DagRunner.PowerShell.InvokeDagCommand'
        Get-Runs never | Should -Be 0
        $r = Resume-Dag $never -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -Be 'CheckpointNotFound,DagRunner.PowerShell.ResumeDagCommand' -Because 'that there is nothing to resume comes before where it would be written'

        $copy = Join-Path $TestDrive 'state-copy'
        Copy-Item -LiteralPath (Split-Path $checkpoint.Path) -Destination $copy -Recurse
        $resumed = Resume-Dag $wf -CheckpointPath (Join-Path $copy (Split-Path $checkpoint.Path -Leaf)) -OutputMode Silent

        $resumed.Status | Should -Be 'Succeeded'
        $resumed['built'].Reason | Should -Be 'Resumed'
        Get-Runs built | Should -Be 1
        $resumed['deployed'].Output | Should -Be 'deployed artifact'
        Get-Runs deployed | Should -Be 2
    }
}
