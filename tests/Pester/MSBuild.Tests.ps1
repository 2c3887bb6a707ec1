# The RunDag MSBuild task for real: `dotnet build` of tests/MSBuild/Sample, a consumer project that references the
# DagRunner.MSBuild package ./build.ps1 Package wrote to out/packages, from that folder alone.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MSBuildHelpers.psm1') -Force
    Import-DagRunner
    $script:workspace = New-ConsumerWorkspace $TestDrive
    $script:sample = Join-Path $workspace.Work 'Sample'

    # One `dotnet build` of the sample; returns its exit code and every line it printed.
    function Invoke-SampleBuild([string[]] $Extra) { Invoke-ConsumerBuild $workspace $sample $Extra }

    function Get-LineOf([string] $File, [string] $Pattern) {
        $lines = Get-Content $File
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match $Pattern) { return [pscustomobject]@{ Line = $i + 1; Text = $lines[$i] } }
        }
        throw "No line of $File matches $Pattern"
    }

    function Get-RunCount([string] $Name) {
        $path = Join-Path $sample "markers/$Name.txt"
        if (Test-Path $path) { @(Get-Content $path).Count } else { 0 }
    }
}

AfterAll {
    Restore-BuildEnvironment $workspace.SavedEnvironment
}

Describe 'RunDag in a real dotnet build' {
    Context 'a workflow that succeeds' {
        BeforeAll {
            $script:build = Invoke-SampleBuild @('-v:d', '-p:Workflow=success.dag.yaml', '-p:AllowedToFail=allowed-to-fail.dag.yaml')
        }

        It 'builds, logs node starts, ends and output lines, and never prints the JSON protocol' {
            $build.Exit | Should -Be 0 -Because $build.Text
            $build.Text | Should -Match "DagRunner: workflow 'sample-success' run \S+: 2 nodes, parallelism unlimited"
            $build.Lines | Should -Contain '         [hello] started [0/2 done; running: hello]'
            $build.Lines | Should -Contain '         [hello] hello from Debug'
            $build.Lines | Should -Contain '         [hello] a host line'
            $build.Text | Should -Match '\[echo\] Succeeded in \d+\S+ \[2/2 done\]'
            $build.Text | Should -Not -Match '"event":'
        }

        It 'passes Parameters as literal text: quotes, $(...), backticks and an escaped ; arrive unchanged' {
            $build.Lines | Should -Contain '         [echo] message=[it''s "quoted" $(Get-Date) `whoami` a;b]'
        }

        It 'produces one NodeResults item per node with Status, Reason, Attempts, DurationMs and OutputText' {
            $build.Text | Should -Match 'NodeResult: hello Status=Succeeded Reason=None Attempts=1 DurationMs=\d+ OutputText=hello from Debug'
            $build.Text | Should -Match 'NodeResult: echo Status=Succeeded Reason=None Attempts=1 DurationMs=\d+ OutputText=message=\[it''s "quoted" \$\(Get-Date\) `whoami` a;b\]'
            $build.Text | Should -Match 'RunStatus: Succeeded'
        }

        It 'makes a node warning an MSBuild warning at the node''s line' {
            $workflow = Join-Path $sample 'success.dag.yaml'
            $node = Get-LineOf $workflow '^  echo:'
            $build.Lines | Where-Object { $_ -like "*$workflow($($node.Line),3): warning DAG2002: ``[echo``] a warning from echo*" } | Should -Not -BeNullOrEmpty
        }

        It 'honours ContinueOnError: the failed node is a warning and the build goes on' {
            $workflow = Join-Path $sample 'allowed-to-fail.dag.yaml'
            $build.Text | Should -Match ([regex]::Escape("$workflow(4,10): warning DAG2001: node 'broken' failed: expected failure"))
            $build.Text | Should -Match 'After the failed workflow: the build went on.'
            $build.Text | Should -Not -Match 'error DAG2001'
        }
    }

    Context 'a workflow that fails, then is fixed and resumed' {
        BeforeAll {
            $script:workflow = Join-Path $sample 'fail.dag.yaml'
            Remove-Item (Join-Path $sample 'markers'), (Join-Path $sample '.dagrunner') -Recurse -Force -ErrorAction Ignore
            $script:failed = Invoke-SampleBuild @('-v:n', '-p:Workflow=fail.dag.yaml')
        }

        It 'fails the build' {
            $failed.Exit | Should -Not -Be 0
            $failed.Text | Should -Match 'Build FAILED'
            $failed.Text | Should -Not -Match 'MSB4181'
        }

        It 'reports an inline script''s failure in canonical form at the line that threw' {
            $throw = Get-LineOf $workflow "throw 'boom"
            $column = $throw.Text.IndexOf('throw') + 1
            $expected = "$workflow($($throw.Line),$column): error DAG2001: node 'second' failed: boom: not fixed yet"
            @($failed.Lines | Where-Object { $_.TrimStart().StartsWith($expected) }).Count | Should -BeGreaterThan 0 -Because $failed.Text
        }

        It 'reports a script file''s failure at the line in the script file that threw' {
            $script = Join-Path $sample 'scripts/fails-until-fixed.ps1'
            $throw = Get-LineOf $script "throw 'script says"
            $column = $throw.Text.IndexOf('throw') + 1
            $expected = "$script($($throw.Line),$column): error DAG2001: node 'scripted' failed: script says: not fixed yet"
            @($failed.Lines | Where-Object { $_.TrimStart().StartsWith($expected) }).Count | Should -BeGreaterThan 0 -Because $failed.Text
        }

        It 'shows a node''s Write-Host lines at normal verbosity (-v:n)' {
            $failed.Text | Should -Match '\[scripted\] scripted: checking the marker'
        }

        It 'ran the first node and the failing ones once, and skipped what needs them' {
            Get-RunCount 'first' | Should -Be 1
            Get-RunCount 'second' | Should -Be 1
            Get-RunCount 'scripted' | Should -Be 1
            Get-RunCount 'third' | Should -Be 0
            $failed.Text | Should -Match '\[third\] Skipped \(UpstreamFailed\)'
        }

        It 'with Resume=true runs only the failed nodes onwards' {
            Set-Content (Join-Path $sample 'markers/fixed') 'yes'
            $resumed = Invoke-SampleBuild @('-v:n', '-p:Workflow=fail.dag.yaml', '-p:Resume=true')

            $resumed.Exit | Should -Be 0 -Because $resumed.Text
            Get-RunCount 'first' | Should -Be 1 -Because 'first succeeded before and was restored'
            Get-RunCount 'second' | Should -Be 2
            Get-RunCount 'scripted' | Should -Be 2
            Get-RunCount 'third' | Should -Be 1
            $resumed.Text | Should -Match 'NodeResult: first Status=Succeeded Reason=Resumed'
            $resumed.Text | Should -Match 'NodeResult: third Status=Succeeded'
        }
    }

    Context 'Resume="true" kept in a project' {
        It 'starts a new run when there is no checkpoint yet, and runs nothing when the last run succeeded' {
            Remove-Item (Join-Path $sample '.dagrunner/sample-success.*') -Force -ErrorAction Ignore
            $first = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:Resume=true')
            $first.Exit | Should -Be 0 -Because $first.Text
            $first.Text | Should -Match '\[hello\] started'
            $first.Text | Should -Match 'RunStatus: Succeeded'

            $again = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:Resume=true')
            $again.Exit | Should -Be 0 -Because $again.Text
            $again.Text | Should -Match 'nothing to resume'
            $again.Text | Should -Match 'build with Resume="false"'
            $again.Text | Should -Not -Match 'Invoke-Dag'
            $again.Text | Should -Not -Match '\[hello\] started'
            # The outputs are filled as after any run: every node restored.
            $again.Text | Should -Match 'RunStatus: Succeeded'
            $again.Text | Should -Match 'NodeResult: hello Status=Succeeded Reason=Resumed Attempts=1 DurationMs=0 OutputText=hello from Debug' -Because 'restored nodes carry their restored output'
            $again.Text | Should -Not -Match 'error '
        }
    }

    Context 'a workflow with a secret from the environment' {
        BeforeAll {
            $script:secretWorkflow = Join-Path $sample 'secrets.dag.yaml'
            $script:secretValue = 'msbuild-LEAKED-token'
            Remove-Item (Join-Path $sample '.dagrunner') -Recurse -Force -ErrorAction Ignore
            $env:DAGRUNNER_SAMPLE_TOKEN = $secretValue
            try { $script:secretBuild = Invoke-SampleBuild @('-v:d', '-p:Workflow=secrets.dag.yaml') }
            finally { Remove-Item Env:DAGRUNNER_SAMPLE_TOKEN }
            $script:unsetBuild = Invoke-SampleBuild @('-v:n', '-p:Workflow=secrets.dag.yaml')
        }

        It 'masks the value in every build message: lines, warnings and the failed node''s error' {
            $secretBuild.Exit | Should -Not -Be 0
            $secretBuild.Text | Should -Match ([regex]::Escape('deploying with ***'))
            $node = Get-LineOf $secretWorkflow '^  deploy:'
            $secretBuild.Text | Should -Match ([regex]::Escape("$secretWorkflow($($node.Line),3): warning DAG2002: [deploy] token *** expires soon"))
            $secretBuild.Text | Should -Match ([regex]::Escape("error DAG2001: node 'verify' failed: verify refused ***"))
            @($secretBuild.Lines | Where-Object { $_ -match 'LEAKED' }) | Should -BeNullOrEmpty
            foreach ($file in Get-ChildItem (Join-Path $sample '.dagrunner') -File -Recurse) {
                (Get-Content $file.FullName -Raw) | Should -Not -Match 'LEAKED' -Because $file.Name
            }
        }

        It 'masks the value in a node''s OutputText (deploy alone, so the run succeeds and the outputs are read)' {
            $env:DAGRUNNER_SAMPLE_TOKEN = $secretValue
            try { $deployOnly = Invoke-SampleBuild @('-v:n', '-p:Workflow=secrets.dag.yaml', '-p:DagNodes=deploy') }
            finally { Remove-Item Env:DAGRUNNER_SAMPLE_TOKEN }
            $deployOnly.Exit | Should -Be 0 -Because $deployOnly.Text
            $deployOnly.Text | Should -Match 'NodeResult: deploy Status=Succeeded .* OutputText=output \*\*\*'
            @($deployOnly.Lines | Where-Object { $_ -match 'LEAKED' }) | Should -BeNullOrEmpty
        }

        It 'without the environment variable, fails with DAG0042 at the secret''s line and runs nothing' {
            $unsetBuild.Exit | Should -Not -Be 0
            $line = Get-LineOf $secretWorkflow '^  apiToken:'
            $unsetBuild.Text | Should -Match ([regex]::Escape("$secretWorkflow($($line.Line),3): error DAG0042: Secret 'apiToken' (env:DAGRUNNER_SAMPLE_TOKEN)"))
            $unsetBuild.Text | Should -Not -Match 'deploying with'
        }
    }

    Context 'mistakes' {
        It 'a workflow with a validation error fails the build with the DAG id at its position, and runs nothing' {
            $workflow = Join-Path $sample 'invalid.dag.yaml'
            $build = Invoke-SampleBuild @('-v:n', '-p:Workflow=invalid.dag.yaml')

            $build.Exit | Should -Not -Be 0
            $line = Get-LineOf $workflow 'needs: \[bild\]'
            $build.Text | Should -Match ([regex]::Escape("$workflow($($line.Line),") + '\d+\): error DAG0003: ')
            $build.Text | Should -Not -Match '\[build\] started'
        }

        It 'a PwshPath that does not exist is error DAGMSB001 naming the ways to provide pwsh' {
            $build = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:DagPwshPath=/no/such/pwsh')

            $build.Exit | Should -Not -Be 0
            $task = Get-LineOf (Join-Path $sample 'Sample.csproj') '<RunDag Path="\$\(Workflow\)"'
            $column = $task.Text.IndexOf('<RunDag') + 1
            $build.Text | Should -Match ([regex]::Escape("Sample.csproj($($task.Line),$column): error DAGMSB001: PwshPath '/no/such/pwsh' was not found"))
        }

        It 'an unknown node in Nodes is error DAG2102 at the workflow file, and runs nothing' {
            $workflow = Join-Path $sample 'success.dag.yaml'
            $build = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:DagNodes=zzz')

            $build.Exit | Should -Not -Be 0
            $build.Text | Should -Match ([regex]::Escape($workflow) + " ?: error DAG2102: .*'zzz'")
            $build.Text | Should -Not -Match '\[hello\] started'
        }
    }

    Context 'Ctrl+C, or SIGTERM from a cancelled CI job, during dotnet build' {
        # SIGINT reaches the task as MSBuild's Cancel; SIGTERM ends MSBuild's process (it exits 0: MSBuild's own
        # behaviour), and the task stops pwsh from its ProcessExit handler before the process is gone.
        It 'on <Signal>: stops the workflow, the checkpoint records the node Cancelled, and no pwsh is left behind' -Skip:$IsWindows -TestCases @(
            @{ Signal = 'INT' }
            @{ Signal = 'TERM' }
        ) {
            try {
                $stopped = Stop-LongSampleBuild $workspace $sample $Signal
                if ($Signal -eq 'INT') {
                    $stopped.ExitCode | Should -Not -Be 0
                    $stopped.Stdout | Should -Match 'error DAG2004: The build was cancelled'
                }
                # The task waited for pwsh to end (or ended it) before MSBuild's process was gone: no orphan holds the lock.
                @(pgrep -f 'RunDag.ps1.*long.dag.yaml').Count | Should -Be 0
                Assert-LongRunCancelled $sample
            }
            finally {
                foreach ($orphan in @(pgrep -f 'RunDag.ps1.*long.dag.yaml')) { & kill -9 $orphan }
            }
        }

        # pwsh ignores Ctrl+C while it starts, and the task once learned pwsh's id only from the run's first event, which
        # comes after the module loaded: a signal in between left pwsh to run the whole workflow on its own. So, later,
        # did SIGTERM in the instant between pwsh's start and the task noting its id (this test polls for that pwsh).
        It 'on <Signal> as pwsh starts, before the run has: the build ends, no pwsh is left behind, and no run is left Running' -Skip:$IsWindows -TestCases @(
            @{ Signal = 'INT' }
            @{ Signal = 'TERM' }
        ) {
            # A workflow of its own, so the checkpoints of the test above do not count.
            $workflow = Join-Path $sample "early-$Signal.dag.yaml"
            Copy-Item (Join-Path $sample 'long.dag.yaml') $workflow -Force
            $pattern = "RunDag.ps1.*early-$Signal"
            try {
                $stopped = Stop-LongSampleBuild $workspace $sample $Signal -Workflow (Split-Path -Leaf $workflow) -AsPwshStarts
                if ($Signal -eq 'INT') {
                    $stopped.ExitCode | Should -Not -Be 0
                    $stopped.Stdout | Should -Match 'error DAG2004: '
                }
                @(pgrep -f $pattern).Count | Should -Be 0 -Because 'pwsh must not run the workflow on after the build has gone'
                # Stopped before the run began there is no checkpoint; after, the run was stopped, not left Running.
                $state = Get-DagCheckpoint $workflow -ErrorAction SilentlyContinue
                if ($state) {
                    $state.Status | Should -Be 'Cancelled'
                    $state.Nodes['after'].Status | Should -Be 'NotRun'
                }
            }
            finally {
                foreach ($orphan in @(pgrep -f $pattern)) { & kill -9 $orphan }
            }
        }
    }
}

Describe 'RunDag under the terminal logger (-tl:on) and the console logger (-tl:off)' {
    BeforeAll {
        # The terminal logger writes VT sequences and redraws its live lines with carriage returns: plain lines for asserting.
        function Invoke-LoggerBuild([string[]] $Extra) {
            $arguments = Get-ConsumerBuildArguments $workspace $sample (@('-p:Workflow=success.dag.yaml') + $Extra)
            $raw = (& dotnet @arguments 2>&1 | ForEach-Object { "$_" }) -join "`n"
            $exit = $LASTEXITCODE
            $plain = $raw -replace '\x1b\][^\x07\x1b]*(\x07|\x1b\\)', '' -replace '\x1b\[[0-9;?]*[A-Za-z]', ''
            [pscustomobject]@{ Exit = $exit; Lines = @($plain -split '[\r\n]+' | Where-Object { $_.Trim() }); Text = $plain }
        }
    }

    It '-tl:on -v:<verbosity>: the live line shows the target running RunDag; node lines are not shown, the warning is, under the project' -ForEach @(
        @{ Verbosity = 'm' }, @{ Verbosity = 'n' }
    ) {
        $build = Invoke-LoggerBuild @('-tl:on', "-v:$Verbosity")
        $build.Exit | Should -Be 0 -Because $build.Text
        $build.Text | Should -Match 'Sample net10\.0 RunWorkflow \(\d+[.,]\ds\)' -Because 'the terminal logger names the running target with its time (in the culture''s number format)'
        $build.Text | Should -Not -Match '\[hello\] (started|Succeeded)' -Because 'the terminal logger shows no task messages below -v:d'
        $build.Text | Should -Match 'success\.dag\.yaml\(7,3\): warning DAG2002: \[echo\] a warning from echo'
    }

    It '-tl:on -v:d: each node''s end with its count, and the run''s summary, under the project when it finishes' {
        $build = Invoke-LoggerBuild @('-tl:on', '-v:d')
        $build.Exit | Should -Be 0 -Because $build.Text
        $build.Lines | Where-Object { $_ -match '^\s+\[hello\] Succeeded in \S+ \[1/2 done\]$' } | Should -Not -BeNullOrEmpty -Because $build.Text
        $build.Lines | Where-Object { $_ -match '^\s+\[echo\] Succeeded in \S+ \[2/2 done\]$' } | Should -Not -BeNullOrEmpty
        $build.Text | Should -Match "DagRunner: workflow 'sample-success' Succeeded in"
        $build.Text | Should -Not -Match '\[hello\] started' -Because 'the terminal logger shows high-importance messages only'
    }

    It '-tl:off -v:n: one start and one end line per node, each with the counts and what runs' {
        $build = Invoke-LoggerBuild @('-tl:off', '-v:n')
        $build.Exit | Should -Be 0 -Because $build.Text
        $nodeLines = @($build.Lines | Where-Object { $_ -match '^\s+\[(hello|echo)\] (started|Succeeded)' } | ForEach-Object { $_.Trim() -replace 'in \S+ \[', 'in T [' })
        $nodeLines | Should -Be @(
            '[hello] started [0/2 done; running: hello]'
            '[hello] Succeeded in T [1/2 done]'
            '[echo] started [1/2 done; running: echo]'
            '[echo] Succeeded in T [2/2 done]')
    }

    It '-tl:off -v:m: only the node ends and the summary, as before' {
        $build = Invoke-LoggerBuild @('-tl:off', '-v:m')
        $build.Exit | Should -Be 0 -Because $build.Text
        $build.Text | Should -Match '\[echo\] Succeeded in \S+ \[2/2 done\]'
        $build.Text | Should -Not -Match '\[hello\] started'
    }
}
