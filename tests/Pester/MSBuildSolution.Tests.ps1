# RunDag in a solution built in parallel: `dotnet build -m:2` of a solution of two projects generated in $TestDrive,
# each referencing the DagRunner.MSBuild package that ./build.ps1 Package wrote to out/packages. The two projects
# build in two MSBuild node processes at once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MSBuildHelpers.psm1') -Force
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).ModuleVersion
    $script:feed = Get-PackageFeed $root $version

    # As MSBuild.Tests.ps1: tests/MSBuild's Directory.Build.* stop MSBuild's walk up to the repository, the tool
    # manifest gives `dotnet pwsh`, nuget.config names the local feed alone, and a packages folder of its own.
    $script:solution = Join-Path $TestDrive 'solution'
    New-Item -ItemType Directory -Force (Join-Path $solution '.config'), (Join-Path $solution 'shared') | Out-Null
    Copy-Item (Join-Path $root 'tests/MSBuild/Directory.*') $solution
    Copy-Item (Join-Path $root '.config/dotnet-tools.json') (Join-Path $solution '.config')
    Set-NuGetSources $solution ([ordered]@{ local = $feed })
    $script:packages = Join-Path $TestDrive 'packages'
    $script:markers = Join-Path $solution 'markers'

    $script:savedEnvironment = Set-BuildEnvironment

    # A run writes markers/<project>.<workflow>.run.txt: its start and end as Stopwatch timestamps (one clock for
    # every process on the machine), and whether what it waited for came. It waits, bounded, before it ends: with its
    # own workflow, for both runs to have started (so two runs that can overlap do); with the shared one, for both
    # projects to have reached their <RunDag> (markers/<project>.arrived): were the lock not held across processes,
    # both runs would then be inside their node at once.
    $node = @'
      $run = Join-Path $Markers "$Project.$Workflow.run.txt"
      $start = [Diagnostics.Stopwatch]::GetTimestamp()
      Set-Content -Path (Join-Path $Markers "$Project.$Workflow.started") -Value $start
      $awaited = if ($Workflow -eq 'own') { '*.own.started' } else { '*.arrived' }
      $deadline = [DateTime]::UtcNow.AddSeconds(60)
      while (@(Get-ChildItem $Markers -Filter $awaited).Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) {
          Start-Sleep -Milliseconds 50
      }
      $both = @(Get-ChildItem $Markers -Filter $awaited).Count -eq 2
      $end = [Diagnostics.Stopwatch]::GetTimestamp()
      Set-Content -Path $run -Value "$start $end $both"
'@
    $workflow = "name: NAME`nvariables: { Project: none, Markers: none, Workflow: none }`nnodes:`n  mark:`n    run: |`n$node`n"
    $workflow.Replace('NAME', 'shared') | Set-Content (Join-Path $solution 'shared/shared.dag.yaml') -Encoding utf8NoBOM

    Push-Location $solution
    try {
        & dotnet new sln -n Two 2>&1 | Out-Null
        foreach ($project in 'Alpha', 'Beta') {
            $folder = New-Item -ItemType Directory -Force (Join-Path $solution $project)
            $workflow.Replace('NAME', "own-$($project.ToLowerInvariant())") | Set-Content (Join-Path $folder 'own.dag.yaml') -Encoding utf8NoBOM
            @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Mode Condition="'$(Mode)' == ''">own</Mode>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="DagRunner.MSBuild" Version="$(DagRunnerVersion)" />
  </ItemGroup>
  <Target Name="RunWorkflow" AfterTargets="Build">
    <PropertyGroup>
      <DagMarkers>$(MSBuildThisFileDirectory)../markers</DagMarkers>
      <DagWorkflow Condition="'$(Mode)' == 'own'">own.dag.yaml</DagWorkflow>
      <DagWorkflow Condition="'$(Mode)' == 'shared'">../shared/shared.dag.yaml</DagWorkflow>
    </PropertyGroup>
    <MakeDir Directories="$(DagMarkers)" />
    <Touch Files="$(DagMarkers)/$(MSBuildProjectName).arrived" AlwaysCreate="true" />
    <RunDag Path="$(DagWorkflow)" LockTimeout="5m" Parameters="Project=$(MSBuildProjectName);Markers=$(DagMarkers);Workflow=$(Mode)" />
  </Target>
</Project>
'@ | Set-Content (Join-Path $folder "$project.csproj") -Encoding utf8NoBOM
            & dotnet sln add (Join-Path $folder "$project.csproj") 2>&1 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "dotnet sln add $project failed." }
        }
    } finally { Pop-Location }
    $script:solutionFile = @(Get-ChildItem $solution -Filter 'Two.sln*')[0].FullName

    # One `dotnet build -m:2` of the solution, from clean markers.
    function Invoke-SolutionBuild([string] $Mode) {
        Remove-Item $markers -Recurse -Force -ErrorAction Ignore
        $arguments = @('build', $solutionFile, '-m:2', '-nodeReuse:false', '-tl:off', '-nologo', '-v:n', '-p:UseSharedCompilation=false',
            "-p:RestorePackagesPath=$packages", "-p:DagRunnerVersion=$version", "-p:Mode=$Mode")
        $lines = & dotnet @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Exit = $LASTEXITCODE; Text = $lines -join "`n" }
    }

    # The runs of one build: project, start, end (Stopwatch ticks), earliest first.
    function Get-Run([string] $Mode) {
        Get-ChildItem $markers -Filter "*.$Mode.run.txt" | ForEach-Object {
            $start, $end, $both = (Get-Content $_.FullName -Raw).Trim() -split ' '
            [pscustomobject]@{ Project = $_.Name.Split('.')[0]; Start = [long]$start; End = [long]$end; BothArrived = $both -eq 'True' }
        } | Sort-Object Start
    }
}

AfterAll {
    Restore-BuildEnvironment $savedEnvironment
}

Describe 'RunDag in a solution built with dotnet build -m' {
    Context 'each project runs a workflow of its own' {
        BeforeAll { $script:build = Invoke-SolutionBuild 'own' }

        It 'builds both projects and runs each workflow once' {
            $build.Exit | Should -Be 0 -Because $build.Text
            $runs = @(Get-Run 'own')
            $runs.Project | Sort-Object | Should -Be @('Alpha', 'Beta')
        }

        It 'runs them at the same time: neither waits for the other''s lock' {
            $runs = @(Get-Run 'own')
            $runs[1].Start | Should -BeLessThan $runs[0].End -Because 'the two projects build in two MSBuild nodes'
            $runs[0].BothArrived | Should -BeTrue
        }

        It 'gives each project its own checkpoint beside its own workflow' {
            foreach ($project in 'Alpha', 'Beta') {
                $checkpoint = Join-Path $solution "$project/.dagrunner/own-$($project.ToLowerInvariant()).checkpoint.json"
                $checkpoint | Should -Exist
            }
        }
    }

    Context 'both projects run the same workflow file, so the same state' {
        BeforeAll { $script:build = Invoke-SolutionBuild 'shared' }

        It 'builds both projects and runs the workflow once for each' {
            $build.Exit | Should -Be 0 -Because $build.Text
            @(Get-Run 'shared').Project | Sort-Object | Should -Be @('Alpha', 'Beta')
        }

        It 'holds the run lock across the two MSBuild nodes: one runs, the other waits, then runs, never interleaved' {
            $first, $second = @(Get-Run 'shared')
            $second.Start | Should -BeGreaterThan $first.End
            # Both projects had reached <RunDag> before the first run ended: the second waited for the lock meanwhile.
            $first.BothArrived | Should -BeTrue
        }
    }
}
