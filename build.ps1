#Requires -Version 7.4
<#
.SYNOPSIS
    The one entry point for building, testing and trying DagRunner.
.DESCRIPTION
    Build : compiles the engine and cmdlets into out/bin (what ./DagRunner.psd1 loads).
    Test  : Build, then every xunit and Pester test; ends with "Tests: N passed, N failed".
    Demo  : Build, then runs module/examples/build-test-package.dag.yaml with Invoke-Dag.
    Every step fails loudly: a failed command stops the script with a non-zero exit code.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$bin = Join-Path $out 'bin'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    Write-Host "==> $What" -ForegroundColor Cyan
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).ModuleVersion
}

function Invoke-Build {
    $version = Get-ModuleVersion
    Invoke-Native "Build DagRunner $version ($Configuration)" {
        dotnet build (Join-Path $root 'src/DagRunner.PowerShell/DagRunner.PowerShell.csproj') -c $Configuration -o $bin -p:Version=$version --nologo -v:q
    }
    # The module folder must hold everything the manifest and the cmdlets load.
    $expected = 'DagRunner.PowerShell.dll', 'DagRunner.Engine.dll', 'YamlDotNet.dll', 'Polly.Core.dll', 'System.Text.Json.dll', 'Microsoft.Bcl.TimeProvider.dll'
    $missing = $expected | Where-Object { -not (Test-Path (Join-Path $bin $_)) }
    if ($missing) { throw "Build output is missing: $($missing -join ', ')" }
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0) { throw 'dotnet nuget locals failed.' }
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-XunitTests {
    $resultsDir = Join-Path $out 'test/xunit'
    Remove-Item $resultsDir -Recurse -Force -ErrorAction Ignore
    dotnet test (Join-Path $root 'tests/DagRunner.Engine.Tests/DagRunner.Engine.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=engine.trx' --logger 'console;verbosity=minimal' --results-directory $resultsDir | Out-Host
    $exit = $LASTEXITCODE
    $trx = Get-ChildItem $resultsDir -Filter *.trx -Recurse | Select-Object -First 1
    if (-not $trx) { throw "xunit produced no results (dotnet test exit code $exit)." }
    $counters = ([xml](Get-Content $trx.FullName -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Suite   = 'xunit'
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
        Exit    = $exit
    }
}

function Invoke-PesterTests {
    Invoke-Native 'Restore test tools (Pester 5.7.1)' {
        dotnet restore (Join-Path $root 'tests/Pester/tools.proj') --nologo -v:q
    }
    $pester = Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester was restored but $pester is missing." }
    $summary = Join-Path $out 'test/pester.json'
    New-Item -ItemType Directory -Force (Split-Path $summary) | Out-Null
    # A child pwsh, so the module loaded by the tests never locks this session's build output.
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') -PesterPath $pester -SummaryPath $summary | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path $summary)) { throw "Pester produced no summary (exit code $exit)." }
    $counts = Get-Content $summary -Raw | ConvertFrom-Json
    [pscustomobject]@{ Suite = 'Pester'; Passed = $counts.Passed; Failed = $counts.Failed; Skipped = $counts.Skipped; Exit = $exit }
}

function Invoke-Test {
    Invoke-Build
    $suites = @(Invoke-XunitTests; Invoke-PesterTests)
    $passed = ($suites | Measure-Object Passed -Sum).Sum
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    $skipped = ($suites | Measure-Object Skipped -Sum).Sum
    foreach ($s in $suites) {
        Write-Host ("{0,-7} {1} passed, {2} failed, {3} skipped" -f $s.Suite, $s.Passed, $s.Failed, $s.Skipped)
    }
    $crashed = @($suites | Where-Object { $_.Exit -ne 0 -and $_.Failed -eq 0 })
    if ($crashed) { $failed += $crashed.Count; Write-Host "A suite exited with an error but reported no failed test: $($crashed.Suite -join ', ')" }
    $line = "Tests: $passed passed, $failed failed"
    if ($skipped) { $line += ", $skipped skipped" }
    Write-Host $line
    if ($failed) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $example = Join-Path $root 'module/examples/build-test-package.dag.yaml'
    dotnet pwsh -NoProfile -NonInteractive -Command "
        `$ErrorActionPreference = 'Stop'
        Import-Module '$(Join-Path $root 'DagRunner.psd1')'
        Write-Host 'Plan:' -ForegroundColor Cyan
        Invoke-Dag -Path '$example' -WhatIf
        Write-Host ''
        Write-Host 'Run:' -ForegroundColor Cyan
        `$result = Invoke-Dag -Path '$example' -Parameters @{ Configuration = 'Release' }
        `$result
        `$result.Nodes | Format-Table -AutoSize
    "
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
}
