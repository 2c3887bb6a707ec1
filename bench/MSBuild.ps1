#Requires -Version 7.4
<#
.SYNOPSIS
    <RunDag> in a real `dotnet build`: what a no-change build costs, and what the task costs when a node must run.
.DESCRIPTION
    Builds two copies of one console project that consumes the DagRunner.MSBuild package from out/packages (made by
    ./build.ps1 Package; Bench packs first): `App` runs a workflow after Build with <RunDag>, `Plain` is the same
    project without it. Each build is `dotnet build --no-restore -nologo -v:q`, alternating the two, medians of the
    repeats (5 in Quick mode, 9 in Full):
    - no change: nothing edited between builds. The task finds the no-change record holding and starts no pwsh.
      Target: App / Plain <= 1.15.
    - one node must run: the node's input file is rewritten before each App build, so the node runs (and pwsh starts).
      The task's cost = App build - Plain build - the node's own duration (from the checkpoint). Target: <= 0.9 s.
    pwsh is found the way a consumer's project finds it: the repository's tool manifest (.config/dotnet-tools.json)
    is copied beside the projects, so the task starts the restored tool's pwsh.dll with dotnet.
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-DagRunnerForBench

$root = Get-RepoRoot
$repeats = if ($Mode -eq 'Full') { 9 } else { 5 }
$package = Get-ChildItem (Join-Path $root 'out/packages') -Filter 'DagRunner.MSBuild.*.nupkg' -ErrorAction Ignore | Sort-Object LastWriteTime | Select-Object -Last 1
if (-not $package) { throw 'No DagRunner.MSBuild package in out/packages: run ./build.ps1 Package (./build.ps1 Bench packs first).' }
$version = $package.Name -replace '^DagRunner\.MSBuild\.', '' -replace '\.nupkg$', ''

$folder = New-BenchFolder 'msbuild'
try {
    Copy-Item -Recurse (Join-Path $root '.config') (Join-Path $folder '.config')
    # A feed of the one fresh package, and a packages folder of the bench's own, so no older 0.1.0 is taken.
    @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources><clear /><add key="local" value="$(Split-Path $package.FullName)" /></packageSources>
  <config><add key="globalPackagesFolder" value="$(Join-Path $folder 'packages')" /></config>
</configuration>
"@ | Set-Content (Join-Path $folder 'nuget.config')
    Set-Content (Join-Path $folder 'Directory.Build.props') '<Project />'
    Set-Content (Join-Path $folder 'Directory.Packages.props') '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>'

    $workflow = @'
name: stamp
nodes:
  stamp:
    inputs: [version.txt]
    outputs: [obj/stamp.txt]
    run: |
      $v = (Get-Content version.txt -Raw).Trim()
      Set-Content obj/stamp.txt $v
      $v
'@
    foreach ($name in 'App', 'Plain') {
        $project = Join-Path $folder $name
        New-Item -ItemType Directory -Force $project | Out-Null
        Set-Content (Join-Path $project 'Program.cs') 'System.Console.WriteLine("hello");'
        Set-Content (Join-Path $project 'version.txt') '1.0.0'
        Set-Content (Join-Path $project 'stamp.dag.yaml') $workflow
        $target = if ($name -eq 'App') { '<Target Name="Stamp" AfterTargets="Build"><RunDag Path="stamp.dag.yaml" /></Target>' } else { '' }
        @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType></PropertyGroup>
  <ItemGroup><PackageReference Include="DagRunner.MSBuild" Version="$version" /></ItemGroup>
  $target
</Project>
"@ | Set-Content (Join-Path $project "$name.csproj")
    }

    Push-Location $folder
    try {
        dotnet tool restore | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'dotnet tool restore failed.' }
    }
    finally { Pop-Location }

    function Invoke-DotnetBuild([string] $Name, [switch] $Restore) {
        $project = Join-Path $folder "$Name/$Name.csproj"
        $arguments = @('build', $project, '-nologo', '-v:q')
        if (-not $Restore) { $arguments += '--no-restore' }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = & dotnet @arguments 2>&1
        $ms = $watch.Elapsed.TotalMilliseconds
        if ($LASTEXITCODE -ne 0) { throw "dotnet build $Name failed:`n$($output -join "`n")" }
        return $ms
    }

    # Restore, first builds, and one more each so every later build is a no-change one.
    foreach ($name in 'App', 'Plain') { Invoke-DotnetBuild $name -Restore | Out-Null; Invoke-DotnetBuild $name | Out-Null }

    $plain = [Collections.Generic.List[double]]::new()
    $app = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $repeats; $i++) {
        $plain.Add((Invoke-DotnetBuild 'Plain'))
        $app.Add((Invoke-DotnetBuild 'App'))
    }

    $checkpoint = Join-Path $folder 'App/.dagrunner/stamp.checkpoint.json'
    $plainRun = [Collections.Generic.List[double]]::new()
    $appRun = [Collections.Generic.List[double]]::new()
    $nodeMs = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $repeats; $i++) {
        Set-Content (Join-Path $folder 'App/version.txt') "1.0.$($i + 1)"
        $plainRun.Add((Invoke-DotnetBuild 'Plain'))
        $appRun.Add((Invoke-DotnetBuild 'App'))
        $node = (Get-DagCheckpoint -CheckpointPath $checkpoint).Nodes['stamp']
        if ($node.Status -ne 'Succeeded' -or $node.Reason -eq 'UpToDate') { throw "The stamp node did not run (status $($node.Status), reason $($node.Reason))." }
        $nodeMs.Add($node.Duration.TotalMilliseconds)
    }

    $noChange = (Get-Median $app.ToArray()) / (Get-Median $plain.ToArray())
    $taskCosts = for ($i = 0; $i -lt $repeats; $i++) { $appRun[$i] - $plainRun[$i] - $nodeMs[$i] }
    $taskCost = (Get-Median @($taskCosts)) / 1000

    $result = New-BenchResult -Name 'MSBuild' -Title '<RunDag> in dotnet build' -Mode $Mode
    $result.settings = [ordered]@{ repeats = $repeats; package = $package.Name; build = 'dotnet build --no-restore -nologo -v:q' }
    Add-BenchTable $result "Wall-clock ms of dotnet build, medians of $repeats (alternating)" 'Build', 'Plain (no RunDag)', 'App (RunDag)', 'node''s own ms', 'task cost ms' @(
        , @('no change', (Format-Num (Get-Median $plain.ToArray()) 0), (Format-Num (Get-Median $app.ToArray()) 0), '-', (Format-Num ((Get-Median $app.ToArray()) - (Get-Median $plain.ToArray())) 0))
        , @('one node must run', (Format-Num (Get-Median $plainRun.ToArray()) 0), (Format-Num (Get-Median $appRun.ToArray()) 0), (Format-Num (Get-Median $nodeMs.ToArray()) 0), (Format-Num ($taskCost * 1000) 0))
    )
    Add-BenchTarget $result 'msb-nochange' 'No-change build with <RunDag> / without' $noChange 1.15 'x'
    Add-BenchTarget $result 'msb-taskcost' 'Task cost over the node''s own time, one node runs' $taskCost 0.9 's'
    $result.notes.Add('No change: the task checks the no-change record the last run left (the facts its answer rested on) and starts no pwsh. One node must run: pwsh.dll of the restored tool starts with dotnet, imports the module, runs the node; the task cost is everything but the node''s own duration.')
    Save-BenchResult $result $OutFile
}
finally {
    Remove-BenchFolder $folder
}
