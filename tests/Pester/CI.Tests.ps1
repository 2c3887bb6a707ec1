# Runs in CI, as a CI job runs them: `pwsh -File script.ps1` in a child process, its exit code, and its stdout and
# stderr read separately. The CI systems are pretended by their own environment variables, set on the child only.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path
    $script:secret = 's3cr3t-Token-Value'

    <#
        Runs $Script as a file in a child pwsh in $Folder, with the module imported and $Environment added to (or, with
        $null values, removed from) the environment: what a CI step does. Returns the exit code, stdout and stderr.
    #>
    function Invoke-CiStep([string] $Folder, [string] $Script, [hashtable] $Environment = @{}, [switch] $Command) {
        $file = Join-Path $Folder 'step.ps1'
        Set-Content -Path $file -Value "Import-Module '$manifest'`n$Script"
        $pwsh = Get-PwshCommand
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FileName)
        foreach ($argument in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive')) { $info.ArgumentList.Add($argument) }
        if ($Command) { $info.ArgumentList.Add('-Command'); $info.ArgumentList.Add("Import-Module '$manifest'; $Script") }
        else { $info.ArgumentList.Add('-File'); $info.ArgumentList.Add($file) }
        $info.WorkingDirectory = $Folder
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        # This suite may itself run in a CI job: the child sees only the CI variables a test gives it.
        foreach ($name in 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE', 'TF_BUILD', 'BUILD_SOURCESDIRECTORY', 'NO_COLOR') {
            $null = $info.Environment.Remove($name)
        }
        $info.Environment['CI_TEST_TOKEN'] = $secret
        foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
        $process = [Diagnostics.Process]::Start($info)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Stdout = $stdout.Replace("`r`n", "`n"); Stderr = $stderr.Result.Replace("`r`n", "`n") }
    }

    # Line numbers matter: test fails at line 13, column 7, flaky at line 18, column 7; node 'build' is at line 5, column 3.
    $script:failingYaml = @'
name: ci
secrets:
  apiToken: env:CI_TEST_TOKEN
nodes:
  build:
    run: |
      Write-Warning "using $apiToken"
      'built'
  test:
    needs: build
    run: |
      'testing'
      throw "3 tests failed, token $($apiToken): see log"
  flaky:
    retry: { attempts: 2, delay: 0s }
    continueOnError: true
    run: |
      throw 'flaky broke'
'@
}

Describe 'Invoke-Dag -CI' {
    It 'ends the process with exit code 1 after the summary and the error, when a node failed' {
        $folder = Join-Path $TestDrive 'fail'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ci' -Yaml $failingYaml
        $step = Invoke-CiStep $folder "Invoke-Dag ./ci.dag.yaml -CI`n'after the run'"

        $step.ExitCode | Should -Be 1
        $step.Stdout | Should -Match "Workflow 'ci' Failed in"
        # Measured durations pick the path: build -> test and flaky's two quick attempts take about as long here.
        $step.Stdout | Should -Match '(?m)^Critical path: (build -> test|flaky)\s*$'
        $step.Stderr | Should -Match "Node 'test' failed: 3 tests failed"
        $step.Stdout | Should -Not -Match 'after the run'
    }

    It 'writes no VT colour sequence' {
        $folder = Join-Path $TestDrive 'plain'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ci' -Yaml $failingYaml
        $step = Invoke-CiStep $folder 'Invoke-Dag ./ci.dag.yaml -CI'

        $step.ExitCode | Should -Be 1
        ($step.Stdout + $step.Stderr) | Should -Not -Match ([regex]::Escape([string][char]27))
        $step.Stderr | Should -Match '(?m)^Invoke-Dag: '
        $step.Stdout | Should -Match 'WARNING: \[build\] using \*\*\*'
    }

    It 'lets the script go on, with exit code 0, when the run succeeded' {
        $folder = Join-Path $TestDrive 'ok'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ok' -Yaml "nodes:`n  a:`n    run: `"'fine'`""
        $step = Invoke-CiStep $folder "Invoke-Dag ./ok.dag.yaml -CI`n'after the run'"

        $step.ExitCode | Should -Be 0
        $step.Stdout | Should -Match "Workflow 'ok' Succeeded"
        $step.Stdout | Should -Match 'after the run'
    }

    It 'exits with 1 when <Case> stops the run before it starts' -ForEach @(
        @{ Case = 'a workflow error'; Yaml = "nodes:`n  a:`n    needs: ghost`n    run: 'x'"; Id = 'DAG\d{4}' }
        @{ Case = 'a secret without a value'; Yaml = "secrets:`n  key: env:DAGRUNNER_CI_TEST_UNSET`nnodes:`n  a:`n    run: 'x'"; Id = 'DAG0042' }
    ) {
        $folder = Join-Path $TestDrive ($Case -replace '\W', '-')
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'bad' -Yaml $Yaml
        $step = Invoke-CiStep $folder "Invoke-Dag ./bad.dag.yaml -CI`n'after the run'"

        $step.ExitCode | Should -Be 1
        $step.Stderr | Should -Match $Id
        $step.Stdout | Should -Not -Match 'after the run'
    }

    It 'releases the run lock before exiting: Resume-Dag -CI runs next and exits 1 again while the node still fails' {
        $folder = Join-Path $TestDrive 'resume'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ci' -Yaml $failingYaml
        $first = Invoke-CiStep $folder 'Invoke-Dag ./ci.dag.yaml -CI'
        $second = Invoke-CiStep $folder "Resume-Dag ./ci.dag.yaml -CI`n'after the run'"

        $first.ExitCode | Should -Be 1
        $second.ExitCode | Should -Be 1
        $second.Stderr | Should -Not -Match 'RunLocked|LockTakenOver'
        $second.Stdout | Should -Match "Workflow 'ci' Failed"
        $second.Stdout | Should -Not -Match 'after the run'
    }
}

Describe 'Progress with -CI' {
    # The node's sleep only makes the run long enough for a progress bar (drawn at most every 250 ms) without -CI.
    It 'writes <Expected> progress records with Invoke-Dag <Switch>' -ForEach @(
        @{ Switch = ''; Expected = 'some' }
        @{ Switch = '-CI'; Expected = 'none' }
    ) {
        $folder = Join-Path $TestDrive "progress$Switch"
        $null = New-Item -ItemType Directory -Path $folder -Force
        $wf = New-Workflow -Directory $folder -Name 'slow' -Yaml "nodes:`n  wait:`n    run: Start-Sleep -Milliseconds 1500"
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$manifest'; Invoke-Dag '$wf' $Switch").Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $count = $ps.Streams.Progress.Count
        }
        finally { $ps.Dispose() }

        if ($Expected -eq 'none') { $count | Should -Be 0 } else { $count | Should -BeGreaterThan 0 }
    }
}

Describe 'Failing the step without -CI' {
    It 'exits 0 from pwsh -File after a failed run: the error alone does not fail the step' {
        $folder = Join-Path $TestDrive 'plain-file'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ci' -Yaml $failingYaml
        $step = Invoke-CiStep $folder "Invoke-Dag ./ci.dag.yaml`n'after the run'"

        $step.ExitCode | Should -Be 0
        $step.Stdout | Should -Match 'after the run'
    }

    It '-ErrorAction Stop makes the NodeFailed error terminating: the summary is written, the script stops, pwsh exits 1' {
        $folder = Join-Path $TestDrive 'stop'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ci' -Yaml $failingYaml
        $step = Invoke-CiStep $folder "Invoke-Dag ./ci.dag.yaml -ErrorAction Stop`n'after the run'"

        $step.ExitCode | Should -Be 1
        $step.Stdout | Should -Match "Workflow 'ci' Failed in"
        $step.Stderr | Should -Match "Node 'test' failed"
        $step.Stdout | Should -Not -Match 'after the run'
    }
}

Describe '-CI on GitHub Actions' {
    BeforeAll {
        $script:ghFolder = Join-Path $TestDrive 'github'
        $null = New-Item -ItemType Directory -Path $ghFolder -Force; $null = New-Workflow -Directory $ghFolder -Name 'ci' -Yaml $failingYaml
        $script:summaryFile = Join-Path $TestDrive 'step-summary.md'
        Set-Content -Path $summaryFile -Value '## An earlier step' -NoNewline
        $script:gh = Invoke-CiStep $ghFolder 'Invoke-Dag ./ci.dag.yaml -CI -OutputMode Grouped' -Environment @{
            GITHUB_ACTIONS = 'true'; GITHUB_WORKSPACE = $TestDrive; GITHUB_STEP_SUMMARY = $summaryFile
        }
        $script:ghLines = $gh.Stdout -split "`n"
    }

    It 'writes an ::error at the failing line for the failed node, after the summary' {
        $gh.ExitCode | Should -Be 1
        $ghLines | Should -Contain '::error file=github/ci.dag.yaml,line=13,col=7,title=test failed::3 tests failed, token ***: see log'
        $summaryAt = [array]::FindIndex([string[]]$ghLines, [Predicate[string]] { param($l) $l -like "Workflow 'ci' Failed*" })
        $errorAt = [array]::IndexOf([string[]]$ghLines, '::error file=github/ci.dag.yaml,line=13,col=7,title=test failed::3 tests failed, token ***: see log')
        $summaryAt | Should -BeLessThan $errorAt
    }

    It "writes a ::warning for a node's warning, a retry, and a failure continueOnError allows" {
        $ghLines | Should -Contain '::warning file=github/ci.dag.yaml,line=5,col=3,title=build::using ***'
        $ghLines | Should -Contain '::warning file=github/ci.dag.yaml,line=18,col=7,title=flaky retrying::attempt 1 of 2 failed: flaky broke; next attempt in 0s.'
        $ghLines | Should -Contain '::warning file=github/ci.dag.yaml,line=18,col=7,title=flaky failed (allowed by continueOnError)::flaky broke'
    }

    It "folds each node's lines into a group in Grouped mode" {
        $start = [array]::IndexOf([string[]]$ghLines, '::group::test')
        $start | Should -BeGreaterThan -1
        $ghLines[$start + 1] | Should -BeLike '--- test: Failed*'
        $ghLines[$start + 2] | Should -Be '[test] testing'
        $ghLines[$start + 3] | Should -Be '::endgroup::'
        $ghLines | Should -Contain '::group::build'
    }

    It 'appends the job summary: the results table, the critical path and the coloured graph' {
        $summary = Get-Content -Raw $summaryFile
        $summary | Should -BeLike '## An earlier step### ❌ Workflow ''ci'' Failed in *'
        $summary | Should -Match '\| build \| ✅ Succeeded \|  \| 1 \| \d+\.\d{3}s \|'
        $summary | Should -Match '\| test \| ❌ Failed \|  \| 1 \| \d+\.\d{3}s \|'
        $summary | Should -Match '\*\*Critical path:\*\* (build → test|flaky)' # measured durations pick it (see the first test)
        $summary | Should -Match '(?s)```mermaid\n.*classDef failed.*class n_test failed.*```'
    }

    It 'masks the secret in stdout, stderr and the job summary' {
        $gh.Stdout | Should -Not -Match $secret
        $gh.Stderr | Should -Not -Match $secret
        Get-Content -Raw $summaryFile | Should -Not -Match $secret
        $gh.Stdout | Should -Match ([regex]::Escape('token ***'))
    }
}

Describe '-CI on GitHub Actions, when the command stops before or during the run' {
    # Before, only failed nodes were annotated: a broken workflow file or a failing setup failed the job with no
    # annotation to show on the file.
    It 'writes an ::error for <What>' -ForEach @(
        @{ What = 'a problem in the workflow file, at its line'; Yaml = "nodes:`n  a:`n    needs: [nope]`n    run: '1'"
           Expected = "::error file=github-stop/w.dag.yaml,line=3,col=13,title=DAG0003::Node 'a' needs 'nope', but no node has that id. Valid node ids: a." }
        @{ What = 'a setup that fails, titled with the error id'; Yaml = "setup: throw 'no credentials'`nnodes:`n  a:`n    run: '1'"
           Expected = "::error title=SetupFailed::{folder}/w.dag.yaml(1,8): The workflow's setup failed: no credentials" }
    ) {
        $folder = Join-Path $TestDrive 'github-stop'
        $null = New-Item -ItemType Directory -Path $folder -Force
        $null = New-Workflow -Directory $folder -Name 'w' -Yaml $Yaml
        $step = Invoke-CiStep $folder 'Invoke-Dag ./w.dag.yaml -CI' -Environment @{ GITHUB_ACTIONS = 'true'; GITHUB_WORKSPACE = $TestDrive }

        $step.ExitCode | Should -Be 1
        $step.Stdout -split "`n" | Should -Contain $Expected.Replace('{folder}', $folder)
    }
}

Describe '-CI on Azure Pipelines' {
    It 'writes a task.logissue error at the line of a problem in the workflow file' {
        $folder = Join-Path $TestDrive 'azure-invalid'
        $null = New-Item -ItemType Directory -Path $folder -Force
        $null = New-Workflow -Directory $folder -Name 'w' -Yaml "nodes:`n  a:`n    needs: [nope]`n    run: '1'"
        $step = Invoke-CiStep $folder 'Invoke-Dag ./w.dag.yaml -CI' -Environment @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $TestDrive }

        $step.ExitCode | Should -Be 1
        $step.Stdout -split "`n" | Should -Contain "##vso[task.logissue type=error;sourcepath=azure-invalid/w.dag.yaml;linenumber=3;columnnumber=13;]DAG0003: Node 'a' needs 'nope', but no node has that id. Valid node ids: a."
    }

    It 'writes a task.logissue error at the failing line' {
        $folder = Join-Path $TestDrive 'azure'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'ci' -Yaml $failingYaml
        $step = Invoke-CiStep $folder 'Invoke-Dag ./ci.dag.yaml -CI' -Environment @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $TestDrive }

        $step.ExitCode | Should -Be 1
        $lines = $step.Stdout -split "`n"
        $lines | Should -Contain '##vso[task.logissue type=error;sourcepath=azure/ci.dag.yaml;linenumber=13;columnnumber=7;]test failed: 3 tests failed, token ***: see log'
        $lines | Should -Contain '##vso[task.logissue type=warning;sourcepath=azure/ci.dag.yaml;linenumber=5;columnnumber=3;]build: using ***'
        $step.Stdout | Should -Not -Match $secret
    }
}

Describe 'The summary in redirected output' {
    It 'breaks no word across lines' {
        $folder = Join-Path $TestDrive 'wrap'
        $message = 'Erroneous configuration: the analyzer stopped at rule CA2000 after 42 findings in Contoso.Application.Core'
        $null = New-Item -ItemType Directory -Path $folder -Force; $null = New-Workflow -Directory $folder -Name 'wrap' -Yaml "nodes:`n  compile-everything:`n    run: |`n      throw '$message'"
        $step = Invoke-CiStep $folder 'Invoke-Dag ./wrap.dag.yaml' -Command

        $step.Stdout | Should -Match "Workflow 'wrap' Failed"
        $summary = $step.Stdout -split "`n" | Where-Object { $_ -notmatch '^\s*$' }
        $words = $summary -split ' ' | Where-Object { $_ }
        foreach ($word in ($message -split ' ') + 'Adaptive,', 'parallelism', 'Duration') {
            $words | Should -Contain $word
        }
        $summary | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }
}
