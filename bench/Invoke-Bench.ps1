#Requires -Version 7.4
<#
.SYNOPSIS
    Runs DagRunner's benchmarks and writes out/bench/results-<mode>.json and results-<mode>.md.
.DESCRIPTION
    Each benchmark (Overhead, Makespan, Memory, Checkpoint, Startup, Adaptive, ForEach, MSBuild) runs in a fresh pwsh process of its
    own, started the way this script was started (`dotnet pwsh` runs the pinned PowerShell). Before each one the
    load average is read from /proc/loadavg and kept with its result, so numbers from a busy machine can be told
    apart. The results, with the machine's facts, go to out/bench/results-<mode>.json; bench/Format-BenchReport.ps1
    turns them into the Markdown tables of out/bench/results-<mode>.md (the tables docs/benchmarks.md shows).
    Quick mode uses smaller sizes and fewer repeats (about 2 minutes on a quiet 2-core machine); Full mode runs the
    sizes of the targets. Needs a built module: ./build.ps1 Bench builds first.
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -Full
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Bench.ps1 -Mode Quick -Only Overhead, Startup
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    # Some of: Overhead, Makespan, Memory, Checkpoint, Startup, Adaptive, ForEach, MSBuild (a list, or one comma-separated string,
    # as `pwsh -File` passes it).
    [string[]] $Only,
    [string] $OutDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$root = Get-RepoRoot
if (-not $OutDirectory) { $OutDirectory = Join-Path $root 'out/bench' }
New-Item -ItemType Directory -Force $OutDirectory | Out-Null

$all = 'Overhead', 'Makespan', 'Memory', 'Checkpoint', 'Startup', 'Adaptive', 'ForEach', 'MSBuild'
if ($Only) {
    $Only = @($Only | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    $unknown = @($Only | Where-Object { $_ -notin $all })
    if ($unknown) { throw "Unknown benchmark: $($unknown -join ', '). Known: $($all -join ', ')." }
}
$names = if ($Only) { @($all | Where-Object { $_ -in $Only }) } else { $all }

# Invoke-Build for the Overhead and Startup comparisons, from NuGet (bench/tools.proj), into the NuGet packages folder.
$invokeBuild = $null
if ('Overhead' -in $names -or 'Startup' -in $names) {
    dotnet restore (Join-Path $PSScriptRoot 'tools.proj') --nologo -v:q | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'Restoring bench/tools.proj (Invoke-Build 5.14.23) failed.' }
    $invokeBuild = Join-Path (Get-NuGetPackagesFolder) 'invoke-build/5.14.23/tools/Invoke-Build.ps1'
    if (-not (Test-Path $invokeBuild)) { throw "Invoke-Build was restored but $invokeBuild is missing." }
}

$suite = [ordered]@{
    mode       = $Mode
    command    = "./build.ps1 Bench$(if ($Mode -eq 'Full') { ' -Full' })$(if ($Only) { " (bench/Invoke-Bench.ps1 -Only $($names -join ', '))" })"
    machine    = Get-MachineFacts
    started    = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss') + ' UTC'
    benchmarks = [Collections.Generic.List[object]]::new()
}
$suiteWatch = [Diagnostics.Stopwatch]::StartNew()
foreach ($name in $names) {
    $load = Get-LoadAverage
    Write-Host "==> Bench $name ($Mode; load average $load)" -ForegroundColor Cyan
    $json = Join-Path $OutDirectory "$name-$Mode.json"
    Remove-Item $json -ErrorAction Ignore
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot "$name.ps1"), '-Mode', $Mode, '-OutFile', $json)
    if ($name -in 'Overhead', 'Startup') { $arguments += '-InvokeBuildPath', $invokeBuild }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $exit = Invoke-Pwsh -Arguments $arguments
    $seconds = [Math]::Round($watch.Elapsed.TotalSeconds, 1)
    $entry = if ($exit -eq 0 -and (Test-Path $json)) { Get-Content $json -Raw | ConvertFrom-Json -AsHashtable }
    else { [ordered]@{ name = $name; title = $name; error = "The benchmark failed (exit code $exit): see the output above." } }
    $entry.loadAverageBefore = $load
    $entry.seconds = $seconds
    $entry.date = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm') + ' UTC'
    $suite.benchmarks.Add($entry)
    Write-Host "    $name took $seconds s" -ForegroundColor Cyan
}
$suite.seconds = [Math]::Round($suiteWatch.Elapsed.TotalSeconds, 1)
$suite.finished = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss') + ' UTC'

$jsonPath = Join-Path $OutDirectory "results-$($Mode.ToLowerInvariant()).json"
$markdownPath = Join-Path $OutDirectory "results-$($Mode.ToLowerInvariant()).md"
# With -Only, the benchmarks not run now keep their last results (each says when it ran, at what load).
if ($Only -and (Test-Path $jsonPath)) {
    $previous = Get-Content $jsonPath -Raw | ConvertFrom-Json -AsHashtable
    $merged = [Collections.Generic.List[object]]::new()
    foreach ($name in $all) {
        $entry = @($suite.benchmarks | Where-Object { $_.name -eq $name }) + @($previous.benchmarks | Where-Object { $_.name -eq $name }) | Select-Object -First 1
        if ($entry) { $merged.Add($entry) }
    }
    $suite.benchmarks = $merged
    $suite.seconds = [Math]::Round((@($merged | ForEach-Object { $_.seconds }) | Measure-Object -Sum).Sum, 1)
    $suite.command = "./build.ps1 Bench$(if ($Mode -eq 'Full') { ' -Full' }), then bench/Invoke-Bench.ps1 -Mode $Mode -Only $($names -join ', ')"
}
Set-Content $jsonPath ($suite | ConvertTo-Json -Depth 12) -Encoding utf8NoBOM
& (Join-Path $PSScriptRoot 'Format-BenchReport.ps1') -Path $jsonPath -Destination $markdownPath
Write-Host "Results: $jsonPath"
Write-Host "Report:  $markdownPath ($($suite.seconds) s in all)"
$failed = @($suite.benchmarks | Where-Object { $_.Contains('error') })
if ($failed) { throw "Benchmarks that failed: $($failed.name -join ', ')" }
