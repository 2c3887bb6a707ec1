# No-change builds with a real `dotnet build`: when nothing a workflow depends on changed since its last run, <RunDag>
# starts no pwsh and reports every node as the next run would (UpToDate, or Resumed); any change sends it back to pwsh.
# Each node leaves one file per run in markers/<node>/, so "pwsh did not run the node" is counted, not assumed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MSBuildHelpers.psm1') -Force
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).ModuleVersion
    $script:feed = Get-PackageFeed $root $version

    $script:work = Join-Path $TestDrive 'consumer'
    New-ConsumerCopy $root $work $feed
    $script:sample = Join-Path $work 'Sample'
    $script:packages = Join-Path $TestDrive 'packages'
    $script:savedEnvironment = Set-BuildEnvironment

    New-Item -ItemType Directory -Force (Join-Path $sample 'inputs') | Out-Null
    Set-Content (Join-Path $sample 'inputs/a.txt') 'a'
    Set-Content (Join-Path $sample 'inputs/b.txt') 'b'
    @'
name: sample-incremental
nodes:
  gen:
    inputs: [inputs/*.txt]
    outputs: [obj/dag/gen.txt]
    run: |
      New-Item -ItemType Directory -Force obj/dag, markers/gen | Out-Null
      (Get-Content inputs/*.txt) -join ',' | Set-Content obj/dag/gen.txt
      New-Item "markers/gen/$([guid]::NewGuid())" | Out-Null
  pack:
    needs: [gen]
    inputs: [obj/dag/gen.txt]
    outputs: [obj/dag/pack.txt]
    run: |
      New-Item -ItemType Directory -Force markers/pack | Out-Null
      Copy-Item obj/dag/gen.txt obj/dag/pack.txt
      New-Item "markers/pack/$([guid]::NewGuid())" | Out-Null
      [pscustomobject]@{ Version = (Get-Content obj/dag/pack.txt) }
'@ | Set-Content (Join-Path $sample 'incremental.dag.yaml')

    function Invoke-SampleBuild([string[]] $Extra) {
        $arguments = @('build', $sample, '-nodeReuse:false', '-tl:off', '-nologo', '-p:UseSharedCompilation=false', "-p:RestorePackagesPath=$packages", "-p:DagRunnerVersion=$version") + $Extra
        $lines = & dotnet @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Exit = $LASTEXITCODE; Lines = @($lines); Text = $lines -join "`n" }
    }

    function Get-Runs([string] $Node) {
        $folder = Join-Path $sample "markers/$Node"
        if (Test-Path $folder) { @(Get-ChildItem $folder).Count } else { 0 }
    }

    $script:shortcut = "is up to date: nothing it depends on changed since run \S+ \(2 nodes, \d+ files and folders checked in \d+ ms\); pwsh not started"
}

AfterAll {
    Restore-BuildEnvironment $savedEnvironment
}

Describe 'A no-change build starts no pwsh' {
    Context 'a workflow whose nodes all have inputs: and outputs:' {
        BeforeAll {
            $script:first = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
        }

        It 'runs every node in pwsh the first time' {
            $first.Exit | Should -Be 0 -Because $first.Text
            $first.Text | Should -Match '\[gen\] started'
            $first.Text | Should -Not -Match 'pwsh not started'
            Get-Runs 'gen' | Should -Be 1
            Get-Runs 'pack' | Should -Be 1
        }

        It 'then, with nothing changed, starts no pwsh and reports each node UpToDate with its results' {
            $again = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
            $again.Exit | Should -Be 0 -Because $again.Text
            $again.Text | Should -Match $shortcut
            $again.Text | Should -Not -Match '\[gen\] started'
            $again.Text | Should -Match 'NodeResult: gen Status=Succeeded Reason=UpToDate'
            $again.Text | Should -Match 'NodeResult: pack Status=Succeeded Reason=UpToDate Attempts=0 DurationMs=0 OutputText=@\{Version=a,b\}'
            $again.Text | Should -Match 'RunStatus: Succeeded'
            Get-Runs 'gen' | Should -Be 1
            Get-Runs 'pack' | Should -Be 1
        }

        It 'keeps the shortcut when an input is rewritten with the same content (its content decides, not its time)' {
            (Get-Item (Join-Path $sample 'inputs/a.txt')).LastWriteTimeUtc = [DateTime]::UtcNow.AddMinutes(1)
            $touched = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
            $touched.Text | Should -Match $shortcut
            Get-Runs 'gen' | Should -Be 1
        }

        It 'starts pwsh, and the node runs, when an input file changes' {
            Set-Content (Join-Path $sample 'inputs/a.txt') 'a2'
            $edited = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
            $edited.Exit | Should -Be 0 -Because $edited.Text
            $edited.Text | Should -Not -Match 'pwsh not started'
            Get-Runs 'gen' | Should -Be 2
            Get-Runs 'pack' | Should -Be 2

            (Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')).Text | Should -Match $shortcut
        }

        It 'starts pwsh when a file appears that an input glob matches' {
            Set-Content (Join-Path $sample 'inputs/c.txt') 'c'
            $added = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
            $added.Text | Should -Not -Match 'pwsh not started'
            Get-Runs 'gen' | Should -Be 3
            (Get-Content (Join-Path $sample 'obj/dag/pack.txt')) | Should -Be 'a2,b,c'
        }

        It 'starts pwsh when an output is deleted, and only the node that made it runs' {
            Remove-Item (Join-Path $sample 'obj/dag/pack.txt')
            $deleted = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
            $deleted.Text | Should -Not -Match 'pwsh not started'
            $deleted.Text | Should -Match 'NodeResult: gen Status=Succeeded Reason=UpToDate'
            Get-Runs 'gen' | Should -Be 3
            Get-Runs 'pack' | Should -Be 4
        }

        It 'starts pwsh when the workflow file is edited' {
            Add-Content (Join-Path $sample 'incremental.dag.yaml') '# a comment'
            $edited = Invoke-SampleBuild @('-v:d', '-p:Workflow=incremental.dag.yaml')
            $edited.Text | Should -Not -Match 'pwsh not started'
            $edited.Text | Should -Match ("starting pwsh for workflow 'incremental.dag.yaml': " + [regex]::Escape((Join-Path $sample 'incremental.dag.yaml')) + ' changed')
        }

        It 'keeps a record per command: other Parameters start pwsh once, and the first command keeps its shortcut' {
            (Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml', '-p:DagMessage=other')).Text | Should -Not -Match 'pwsh not started'
            (Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml', '-p:DagMessage=other')).Text | Should -Match $shortcut
            (Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')).Text | Should -Match $shortcut
        }

        It 'starts pwsh after a console run changed the state, even when every input is back as the record saw it' {
            # The console run makes gen from a3; the file goes back to a2, as the record saw it. The engine would run gen
            # again (its state says a3), so the build must not trust the record: the incremental state is one of its facts.
            $before = Get-Runs 'gen'
            Set-Content (Join-Path $sample 'inputs/a.txt') 'a3'
            $pwsh = Join-Path $PSHOME 'pwsh'
            & $pwsh -NoProfile -c "Import-Module '$(Join-Path $root 'DagRunner.psd1')'; Set-Location '$sample'; Invoke-Dag ./incremental.dag.yaml -OutputMode Silent | Out-Null"
            $LASTEXITCODE | Should -Be 0
            Get-Runs 'gen' | Should -Be ($before + 1)
            Set-Content (Join-Path $sample 'inputs/a.txt') 'a2'

            $after = Invoke-SampleBuild @('-v:n', '-p:Workflow=incremental.dag.yaml')
            $after.Text | Should -Not -Match 'pwsh not started'
            Get-Runs 'gen' | Should -Be ($before + 2)
            (Get-Content (Join-Path $sample 'obj/dag/pack.txt')) | Should -Be 'a2,b,c'
        }
    }

    Context 'a workflow with a node that has no inputs:' {
        It 'always starts pwsh, and says at -v:d why no shortcut is kept' {
            $null = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml')
            $again = Invoke-SampleBuild @('-v:d', '-p:Workflow=success.dag.yaml')
            $again.Exit | Should -Be 0 -Because $again.Text
            $again.Text | Should -Match '\[hello\] started'
            $again.Text | Should -Match "No no-change record: node 'hello' has no inputs: or outputs:, so it runs every time"
        }
    }

    Context 'Resume="true" and a finished run' {
        It 'starts no pwsh once a resume found nothing to resume, and reports every node Resumed' {
            Remove-Item (Join-Path $sample '.dagrunner/sample-success.*') -Force -ErrorAction Ignore
            $null = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:Resume=true')
            $nothing = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:Resume=true')
            $nothing.Text | Should -Match 'nothing to resume'
            $third = Invoke-SampleBuild @('-v:n', '-p:Workflow=success.dag.yaml', '-p:Resume=true')
            $third.Exit | Should -Be 0 -Because $third.Text
            $third.Text | Should -Match 'is up to date: nothing it depends on changed since run \S+ \(2 nodes'
            $third.Text | Should -Match 'NodeResult: hello Status=Succeeded Reason=Resumed'
            $third.Text | Should -Not -Match '\[hello\] started'
        }
    }
}
