# The warm pwsh of the RunDag task with real `dotnet build`s: a build leaves a pwsh that has loaded the module, and
# the next build of the same kind runs its workflow there instead of starting pwsh. The socket protocol, the lock
# and the address key are tested in tests/DagRunner.MSBuild.Tests/WarmPwsh/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MSBuildHelpers.psm1') -Force
    Import-DagRunner
    $script:workspace = New-ConsumerWorkspace $TestDrive
    $script:sample = Join-Path $workspace.Work 'Sample'

    # The warm pwsh's folder is under $TMPDIR: a short one of this file's own (a socket path holds ~100 bytes), so
    # the warm pwshes here are this file's alone. The build environment sets MSBUILDDISABLENODEREUSE=1, which turns
    # the warm pwsh off by default: DAGRUNNER_WARM_PWSH=1 turns it on, as a user would.
    $script:tmp = Join-Path ([IO.Path]::GetTempPath()) "dw-$(Get-Random)"
    New-Item -ItemType Directory $tmp | Out-Null
    $script:warmFolder = Join-Path $tmp "dagrunner-warm-$([Environment]::UserName)"
    $script:savedVariables = @{}
    foreach ($pair in @{ TMPDIR = $tmp; DAGRUNNER_WARM_PWSH = '1'; DAGRUNNER_WARM_PWSH_IDLE_SECONDS = '300' }.GetEnumerator()) {
        $savedVariables[$pair.Key] = [Environment]::GetEnvironmentVariable($pair.Key)
        [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value)
    }

    function Invoke-SampleBuild([string[]] $Extra) { Invoke-ConsumerBuild $workspace $sample $Extra }

    # The warm pwshes of this file: the process ids whose command line runs WarmPwsh.ps1 with a socket in its folder.
    function Get-WarmPwsh { @(pgrep -f "WarmPwsh.ps1 .*$([regex]::Escape($warmFolder))" | ForEach-Object { [int]$_ }) }

    # Waits for a warm pwsh other than those in Except to listen: its socket is (re)made once it has loaded the
    # module. Polls files and processes (the warm pwsh signals nothing else); only a hang reaches the limit.
    function Wait-WarmPwsh([int[]] $Except = @()) {
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while ($true) {
            $new = @(Get-WarmPwsh | Where-Object { $_ -notin $Except })
            $socket = Get-ChildItem $warmFolder -Filter '*.sock' -ErrorAction Ignore | Where-Object { $_.LastWriteTimeUtc -ge $script:since }
            if ($new.Count -eq 1 -and $socket) { return $new[0] }
            if ([DateTime]::UtcNow -gt $deadline) { throw "No warm pwsh listened in $warmFolder (processes: $(Get-WarmPwsh)); log: $(Get-Content (Join-Path $warmFolder '*.log') -Raw -ErrorAction Ignore)" }
            Start-Sleep -Milliseconds 50
        }
    }

    function Get-NodeResultLines($Build) { @($Build.Lines | Where-Object { $_ -match 'NodeResult:' } | ForEach-Object { $_ -replace 'DurationMs=\d+', '' }) }
}

AfterAll {
    foreach ($id in Get-WarmPwsh) { Stop-Process -Id $id -Force -ErrorAction Ignore }
    foreach ($pair in $savedVariables.GetEnumerator()) { [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value) }
    Restore-BuildEnvironment $workspace.SavedEnvironment
    Remove-Item $tmp -Recurse -Force -ErrorAction Ignore
}

Describe 'RunDag with a warm pwsh' -Skip:$IsWindows {
    It 'the first build starts pwsh and leaves a warm one; the next build runs there, with the same log, and leaves the next' {
        $script:since = [DateTime]::UtcNow
        $cold = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml')
        $cold.Exit | Should -Be 0 -Because $cold.Text
        $cold.Text | Should -Not -Match 'in warm pwsh'
        $first = Wait-WarmPwsh

        $script:since = [DateTime]::UtcNow
        $warm = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml')

        $warm.Exit | Should -Be 0 -Because $warm.Text
        $warm.Text | Should -Match "DagRunner: running workflow 'success.dag.yaml' in warm pwsh $first "
        $warm.Lines | Should -Contain '         [hello] a host line'
        $warm.Text | Should -Match 'NodeResult: hello Status=Succeeded .*OutputText=hello from Debug'
        $warm.Text | Should -Match 'warning DAG2002: .*a warning from echo'
        # Parameters arrive as data, as on the command line of a new pwsh.
        $warm.Text | Should -Match ([regex]::Escape('OutputText=message=[it''s "quoted" $(Get-Date) `whoami` a;b]'))
        Get-NodeResultLines $warm | Should -Be (Get-NodeResultLines $cold)
        $warm.Text | Should -Match 'RunStatus: Succeeded'
        # One build per warm pwsh: the one that ran is gone, and another waits.
        Wait-Process -Id $first -Timeout 60 -ErrorAction Ignore
        Get-Process -Id $first -ErrorAction Ignore | Should -BeNullOrEmpty
        $script:next = Wait-WarmPwsh -Except $first
    }

    It 'a node that fails there fails the build at the line that threw' {
        $workflow = Join-Path $sample 'fail.dag.yaml'
        Remove-Item (Join-Path $sample 'markers'), (Join-Path $sample '.dagrunner') -Recurse -Force -ErrorAction Ignore
        $script:since = [DateTime]::UtcNow

        $failed = Invoke-SampleBuild @('-v:n', '-p:Workflow=fail.dag.yaml')

        $failed.Exit | Should -Not -Be 0
        $failed.Text | Should -Match "in warm pwsh $next "
        $failed.Text | Should -Match ([regex]::Escape($workflow) + '\(\d+,\d+\): error DAG2001: node ''second'' failed: boom: not fixed yet')
        $failed.Text | Should -Not -Match 'MSB4181'
        (Get-DagCheckpoint $workflow).Nodes['second'].Status | Should -Be 'Failed'
        $script:next = Wait-WarmPwsh -Except $next
    }

    It 'a build whose environment differs starts its own pwsh: the warm one is not the pwsh it would have started' {
        $env:DAGRUNNER_TEST_OTHER = 'different'
        try {
            $script:since = [DateTime]::UtcNow
            $other = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml')
        }
        finally { Remove-Item Env:DAGRUNNER_TEST_OTHER }

        $other.Exit | Should -Be 0 -Because $other.Text
        $other.Text | Should -Not -Match 'in warm pwsh'
        Get-Process -Id $next -ErrorAction Ignore | Should -Not -BeNullOrEmpty -Because 'the warm pwsh of the usual environment still waits'
        # It left one for its own environment: not needed here.
        $theirs = Wait-WarmPwsh -Except $next
        Stop-Process -Id $theirs -Force
        Wait-Process -Id $theirs -Timeout 60 -ErrorAction Ignore
    }

    It 'a warm pwsh killed while it waits is not waited for: the build starts pwsh, and the next warm one replaces its socket' {
        & kill -9 $next
        Wait-Process -Id $next -Timeout 60 -ErrorAction Ignore
        $script:since = [DateTime]::UtcNow

        $build = Invoke-SampleBuild @('-v:d', '-p:Workflow=success.dag.yaml')

        $build.Exit | Should -Be 0 -Because $build.Text
        $build.Text | Should -Not -Match 'in warm pwsh'
        $build.Text | Should -Match "starting pwsh: the warm pwsh's socket was left by one that is gone"
        $script:next = Wait-WarmPwsh -Except $next
    }

    It '<Signal> stops the run in the warm pwsh: the node is Cancelled, the warm pwsh ends, none is left behind' -TestCases @(
        @{ Signal = 'INT' }
        @{ Signal = 'TERM' }
    ) {
        # A stopped build leaves no warm pwsh: the one for TERM comes from a build of its own.
        if (-not (Get-Process -Id $next -ErrorAction Ignore)) {
            $script:since = [DateTime]::UtcNow
            (Invoke-SampleBuild @('-v:q', '-p:Workflow=success.dag.yaml')).Exit | Should -Be 0
            $script:next = Wait-WarmPwsh
        }
        # To dotnet build alone: the warm pwsh is not in the build's process group, so only the task can stop it
        # (SIGINT: MSBuild's Cancel; SIGTERM: the task's handler as MSBuild's process ends).
        $stopped = Stop-LongSampleBuild $workspace $sample $Signal
        if ($Signal -eq 'INT') {
            $stopped.ExitCode | Should -Not -Be 0
            $stopped.Stdout | Should -Match "in warm pwsh $next "
            $stopped.Stdout | Should -Match 'error DAG2004: The build was cancelled'
        }
        Wait-Process -Id $next -Timeout 60 -ErrorAction Ignore
        Get-Process -Id $next -ErrorAction Ignore | Should -BeNullOrEmpty -Because 'the warm pwsh that ran the workflow ends with it'
        Assert-LongRunCancelled $sample
        # A cancelled build leaves no warm pwsh behind.
        Get-WarmPwsh | Should -BeNullOrEmpty
    }
}
