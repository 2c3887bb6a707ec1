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

    # Waits (up to a minute) for a warm pwsh listening in Folder: its socket appears once it has loaded the module.
    function Wait-WarmPwsh([string] $Folder) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        while (-not (Get-ChildItem $Folder -Filter '*.sock' -ErrorAction Ignore)) {
            if ($clock.Elapsed.TotalSeconds -gt 60) { throw "No warm pwsh listened in $Folder within 60 s (see the .log file there)." }
            Start-Sleep -Milliseconds 50
        }
    }

    # Ends the warm pwsh the last build left (it would otherwise wait out its idle time).
    function Stop-WarmPwsh([string] $Folder) {
        Get-Process -Name dotnet, pwsh -ErrorAction Ignore | Where-Object { $_.CommandLine -like "*$Folder*WarmPwsh.ps1*" } | Stop-Process -Force -ErrorAction Ignore
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
    # The warm pwsh's folder is $TMPDIR's: a folder of the bench's own, so the spare it waits for is this bench's.
    $warmFolder = Join-Path $folder "tmp/dagrunner-warm-$([Environment]::UserName)"
    New-Item -ItemType Directory -Force (Join-Path $folder 'tmp') | Out-Null
    $savedTmp = $env:TMPDIR
    $savedWarm = $env:DAGRUNNER_WARM_PWSH
    $env:TMPDIR = Join-Path $folder 'tmp'

    # One node must run, with the warm pwsh off (every build starts pwsh) and on (the previous build left one). With
    # it on, each build waits until the warm pwsh is listening, so its start-up never overlaps a measured build.
    $oneNode = [ordered]@{}
    $version = 0
    try {
        foreach ($warm in '0', '1') {
            $env:DAGRUNNER_WARM_PWSH = $warm
            $series = [ordered]@{ plain = [Collections.Generic.List[double]]::new(); app = [Collections.Generic.List[double]]::new(); node = [Collections.Generic.List[double]]::new() }
            for ($i = -1; $i -lt $repeats; $i++) {
                Set-Content (Join-Path $folder 'App/version.txt') "1.0.$((++$version))"
                if ($warm -eq '1' -and $i -ge 0) { Wait-WarmPwsh $warmFolder }
                $plainMs = Invoke-DotnetBuild 'Plain'
                $appMs = Invoke-DotnetBuild 'App'
                $node = (Get-DagCheckpoint -CheckpointPath $checkpoint).Nodes['stamp']
                if ($node.Status -ne 'Succeeded' -or $node.Reason -eq 'UpToDate') { throw "The stamp node did not run (status $($node.Status), reason $($node.Reason))." }
                # The first round of each only sets the stage (with the warm pwsh on, it leaves the first one).
                if ($i -lt 0) { continue }
                $series.plain.Add($plainMs); $series.app.Add($appMs); $series.node.Add($node.Duration.TotalMilliseconds)
            }
            $oneNode[$warm] = $series
        }
    }
    finally {
        $env:TMPDIR = $savedTmp
        $env:DAGRUNNER_WARM_PWSH = $savedWarm
        Stop-WarmPwsh $folder
    }

    $noChange = (Get-Median $app.ToArray()) / (Get-Median $plain.ToArray())
    function Get-TaskCost($Series) {
        $costs = for ($i = 0; $i -lt $Series.app.Count; $i++) { $Series.app[$i] - $Series.plain[$i] - $Series.node[$i] }
        (Get-Median @($costs)) / 1000
    }
    $coldCost = Get-TaskCost $oneNode['0']
    $taskCost = Get-TaskCost $oneNode['1']

    $result = New-BenchResult -Name 'MSBuild' -Title '<RunDag> in dotnet build' -Mode $Mode
    $result.settings = [ordered]@{ repeats = $repeats; package = $package.Name; build = 'dotnet build --no-restore -nologo -v:q'; warmPwsh = 'DAGRUNNER_WARM_PWSH=0, then 1' }
    Add-BenchTable $result "Wall-clock ms of dotnet build, medians of $repeats (alternating)" 'Build', 'Plain (no RunDag)', 'App (RunDag)', 'node''s own ms', 'task cost ms' @(
        , @('no change', (Format-Num (Get-Median $plain.ToArray()) 0), (Format-Num (Get-Median $app.ToArray()) 0), '-', (Format-Num ((Get-Median $app.ToArray()) - (Get-Median $plain.ToArray())) 0))
        , @('one node must run, a new pwsh (DAGRUNNER_WARM_PWSH=0)', (Format-Num (Get-Median $oneNode['0'].plain.ToArray()) 0), (Format-Num (Get-Median $oneNode['0'].app.ToArray()) 0), (Format-Num (Get-Median $oneNode['0'].node.ToArray()) 0), (Format-Num ($coldCost * 1000) 0))
        , @('one node must run, the warm pwsh (DAGRUNNER_WARM_PWSH=1)', (Format-Num (Get-Median $oneNode['1'].plain.ToArray()) 0), (Format-Num (Get-Median $oneNode['1'].app.ToArray()) 0), (Format-Num (Get-Median $oneNode['1'].node.ToArray()) 0), (Format-Num ($taskCost * 1000) 0))
    )
    Add-BenchTarget $result 'msb-nochange' 'No-change build with <RunDag> / without' $noChange 1.15 'x'
    Add-BenchTarget $result 'msb-taskcost' 'Task cost over the node''s own time, one node runs (warm pwsh)' $taskCost 0.9 's'
    $result.notes.Add('No change: the task checks the no-change record the last run left (the facts its answer rested on) and starts no pwsh. One node must run: the task cost is App - Plain - the node''s own duration (from the checkpoint). With a new pwsh, pwsh.dll of the restored tool starts with dotnet, imports the module and runs the node; with the warm pwsh (the default on a developer''s machine; this machine sets MSBUILDDISABLENODEREUSE=1, so the bench sets DAGRUNNER_WARM_PWSH=1), the previous build''s warm pwsh runs it, and each round waits until the next warm pwsh listens before building.')
    Save-BenchResult $result $OutFile
}
finally {
    Remove-BenchFolder $folder
}
