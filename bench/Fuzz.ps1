<#
.SYNOPSIS
    The workflow fuzzer at scale: -Count mutants of the example workflows through Test-Dag (and Invoke-Dag on what it refuses).
.DESCRIPTION
    The test suite runs a small count (tests/Pester/Fuzz.Tests.ps1, and the engine-level WorkflowFuzzTests in xunit);
    run more here, after a build:
        dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/Fuzz.ps1 -Count 5000 -Seed 42
    The same -Seed gives the same mutants. Each failing mutant is kept in -KeepFailures (default: a temp folder) with
    what was wrong; the script prints the counts and exits 1 if any mutant failed.
#>
param(
    [int] $Count = 2000,
    [int] $Seed = 1,
    [string] $KeepFailures,
    # Give every n-th refused mutant to Invoke-Dag too (1: every one).
    [int] $InvokeEvery = 1
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $root 'tests/Fuzz/DagFuzz.psm1') -Force

$folder = if ($KeepFailures) { $KeepFailures } else { Join-Path ([IO.Path]::GetTempPath()) "dagrunner-fuzz-$PID" }
New-Item -ItemType Directory -Force $folder | Out-Null
$watch = [Diagnostics.Stopwatch]::StartNew()
$result = Invoke-DagFuzz -Root $root -Count $Count -Seed $Seed -Directory $folder -InvokeEvery $InvokeEvery
$watch.Stop()
foreach ($f in $result.Failures) {
    '{0,5} {1} [{2}]: {3}  ({4})' -f $f.Index, $f.Seed, $f.Mutations, $f.Problems, $f.Path
}
'Fuzz (seed {0}): {1} tried, {2} passed, {3} refused by Test-Dag; slowest Test-Dag {4:n3} s; {5:n1} s in all' -f
    $result.Seed, $result.Tried, $result.Passed, $result.Refused, $result.SlowestSeconds, $watch.Elapsed.TotalSeconds
if ($result.Failures.Count) {
    "Failing mutants are in $folder"
    exit 1
}
if (-not $KeepFailures) { Remove-Item $folder -Recurse -Force -ErrorAction Ignore }
