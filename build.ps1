#Requires -Version 7.4
<#
.SYNOPSIS
    The one entry point for building, testing and trying DagRunner.
.DESCRIPTION
    Build   : compiles the engine and cmdlets and lays the module out in out/module/DagRunner (what
              ./DagRunner.psd1 loads): the cmdlet assembly at the top, everything else in Dependencies/.
    Test    : Build, then every xunit and Pester test; ends with "Tests: N passed, N failed".
    Package : Build, then out/DagRunner/<version>/ (a module folder that imports by name from
              $env:PSModulePath) and the MSBuild task's NuGet package in out/packages.
    Demo    : Build, then runs module/examples/build-test-package.dag.yaml with Invoke-Dag.
    Bench   : Build, then the benchmarks of bench/ (bench/Invoke-Bench.ps1), each in a fresh pwsh: per-node
              overhead against a raw RunspacePool, Invoke-Build and ForEach-Object -Parallel; makespan on real
              DAGs; memory; checkpoint cost; start-up; adaptive mode; foreach; the MSBuild task. Writes out/bench/results-<mode>.json and
              results-<mode>.md (see docs/benchmarks.md). Quick mode by default (about 2 minutes on a quiet
              machine); -Full runs the sizes of the targets. Benchmarks are never part of Test.
    Every step fails loudly: a failed command stops the script with a non-zero exit code.
.PARAMETER Full
    With Bench: the full benchmarks (10,000-node runs, every workflow DAG at P = 4 and 16) instead of the quick ones.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -Full
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [switch] $Full
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$bin = Join-Path $out 'bin'
$moduleDir = Join-Path $out 'module/DagRunner'

# What the module folder must hold: the cmdlets at the top, the rest out of PowerShell's sight.
$moduleFiles = 'DagRunner.PowerShell.Loader.dll', 'DagRunner.PowerShell.dll', 'DagRunner.format.ps1xml', 'DagRunner.schema.json',
    'en-US/DagRunner.PowerShell.dll-Help.xml', 'en-US/about_DagRunner.help.txt', 'en-US/about_DagRunner_Workflow.help.txt'
# The platforms the packaged module carries ReadyToRun images for; Build makes only this machine's.
$readyToRunPlatforms = 'linux-x64', 'win-x64', 'osx-arm64'
$dependencyFiles = 'DagRunner.Engine.dll', 'YamlDotNet.dll', 'Polly.Core.dll', 'System.Text.Json.dll', 'Microsoft.Bcl.TimeProvider.dll', 'Microsoft.Bcl.AsyncInterfaces.dll'

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
    Write-ModuleLayout -Destination $moduleDir
    $current = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    if ($current -in $readyToRunPlatforms) {
        Write-ReadyToRun -Dependencies (Join-Path $moduleDir 'Dependencies') -RuntimeIdentifier $current
    }
    else {
        Write-Host "No ReadyToRun images for $current (made for $($readyToRunPlatforms -join ', ')): the module JITs its assemblies here."
    }
}

# ReadyToRun images of the dependencies for PowerShell 7.6's runtime (.NET 10) on one platform, in
# Dependencies/net10.0-<rid>/ (see build/ReadyToRun and src/DagRunner.PowerShell.Loader/ReadyToRunFolder.cs).
function Write-ReadyToRun([string] $Dependencies, [string] $RuntimeIdentifier) {
    $target = Join-Path $Dependencies "net10.0-$RuntimeIdentifier"
    Invoke-Native "ReadyToRun images for net10.0-$RuntimeIdentifier" {
        dotnet publish (Join-Path $root 'build/ReadyToRun/DagRunner.ReadyToRun.csproj') -c Release -r $RuntimeIdentifier `
            "-p:ModuleDependencies=$Dependencies" -o $target --nologo -v:q
    }
    if (-not (Test-Path (Join-Path $target 'DagRunner.Engine.dll'))) { throw "No ReadyToRun engine in $target." }
}

# The cmdlet assembly (and its pdb) at the top; every other assembly in Dependencies/, where the module's
# own load context finds them and PowerShell's does not (see src/DagRunner.PowerShell.Loader).
function Write-ModuleLayout([string] $Destination) {
    Remove-Item $Destination -Recurse -Force -ErrorAction Ignore
    $dependencies = Join-Path $Destination 'Dependencies'
    New-Item -ItemType Directory -Force $dependencies | Out-Null
    foreach ($file in Get-ChildItem $bin -File) {
        if ($file.Extension -notin '.dll', '.pdb') { continue }
        $target = if ($file.BaseName -in 'DagRunner.PowerShell', 'DagRunner.PowerShell.Loader') { $Destination } else { $dependencies }
        Copy-Item $file.FullName $target
    }
    Copy-Item (Join-Path $root 'module/DagRunner.format.ps1xml'), (Join-Path $root 'module/DagRunner.schema.json') $Destination
    Write-Help $Destination
    # Examples as committed: not the .dagrunner checkpoints a local run left beside them.
    $examples = Join-Path $root 'module/examples'
    foreach ($file in Get-ChildItem $examples -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/]\.dagrunner[\\/]' }) {
        $target = Join-Path $Destination ('examples' + $file.FullName.Substring($examples.Length))
        New-Item -ItemType Directory -Force (Split-Path $target) | Out-Null
        Copy-Item $file.FullName $target
    }
    $missing = @($moduleFiles | Where-Object { -not (Test-Path (Join-Path $Destination $_)) }) +
        @($dependencyFiles | Where-Object { -not (Test-Path (Join-Path $dependencies $_)) })
    if ($missing) { throw "The module layout in $Destination is missing: $($missing -join ', ')" }
}

# Help as a build product: MAML for the cmdlets, generated from module/help/*.md and the built cmdlets' own
# metadata (build/New-MamlHelp.ps1 fails on any undocumented cmdlet or parameter), and the about topics.
# PowerShell looks for both under <module base>/en-US, and the module base of ./DagRunner.psd1 is the repository
# root: so the help is copied to en-US/ there too (generated, ignored by git).
function Write-Help([string] $Destination) {
    $culture = Join-Path $Destination 'en-US'
    Invoke-Native 'Generate cmdlet help from module/help' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'build/New-MamlHelp.ps1') -Manifest (Join-Path $root 'DagRunner.psd1') `
            -Source (Join-Path $root 'module/help') -Destination (Join-Path $culture 'DagRunner.PowerShell.dll-Help.xml')
    }
    Copy-Item (Join-Path $root 'module/en-US/about_*.help.txt') $culture
    $rootCulture = Join-Path $root 'en-US'
    Remove-Item $rootCulture -Recurse -Force -ErrorAction Ignore
    Copy-Item $culture $rootCulture -Recurse
}

# out/DagRunner/<version>/: the module as users install it, with a manifest whose paths are its own.
function Invoke-Package {
    Invoke-Build
    $version = Get-ModuleVersion
    $destination = Join-Path $out "DagRunner/$version"
    Remove-Item (Join-Path $out 'DagRunner') -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Force $destination | Out-Null
    Copy-Item (Join-Path $moduleDir '*') $destination -Recurse
    foreach ($platform in $readyToRunPlatforms) {
        if (-not (Test-Path (Join-Path $destination "Dependencies/net10.0-$platform"))) {
            Write-ReadyToRun -Dependencies (Join-Path $destination 'Dependencies') -RuntimeIdentifier $platform
        }
    }
    Copy-Item (Join-Path $root 'LICENSE') $destination
    $manifest = (Get-Content (Join-Path $root 'DagRunner.psd1') -Raw).
        Replace("'out/module/DagRunner/DagRunner.PowerShell.dll'", "'DagRunner.PowerShell.dll'").
        Replace("'out/module/DagRunner/DagRunner.PowerShell.Loader.dll'", "'DagRunner.PowerShell.Loader.dll'").
        Replace("'module/DagRunner.format.ps1xml'", "'DagRunner.format.ps1xml'")
    Set-Content -Path (Join-Path $destination 'DagRunner.psd1') -Value $manifest -Encoding utf8NoBOM
    $data = Import-PowerShellDataFile (Join-Path $destination 'DagRunner.psd1')
    if ($data.RootModule -ne 'DagRunner.PowerShell.dll' -or $data.NestedModules -ne 'DagRunner.PowerShell.Loader.dll' -or $data.FormatsToProcess -ne 'DagRunner.format.ps1xml') {
        throw 'The packaged manifest still points into the repository; check DagRunner.psd1.'
    }
    Write-Host "Module: $destination"
    Invoke-MSBuildPackage
}

# The MSBuild task's NuGet package, out/packages/DagRunner.MSBuild.<version>.nupkg: the task in tasks/, its props and
# targets in build/, tools/RunDag.ps1 and the module of out/DagRunner/<version>/ in tools/DagRunner/.
function Invoke-MSBuildPackage {
    $version = Get-ModuleVersion
    $module = Join-Path $out "DagRunner/$version"
    $packages = Join-Path $out 'packages'
    $nupkg = Join-Path $packages "DagRunner.MSBuild.$version.nupkg"
    Remove-Item $nupkg -Force -ErrorAction Ignore
    Invoke-Native "Pack DagRunner.MSBuild $version" {
        dotnet pack (Join-Path $root 'src/DagRunner.MSBuild/DagRunner.MSBuild.csproj') -c $Configuration -o $packages `
            -p:Version=$version "-p:DagRunnerModuleDir=$module" --nologo -v:q
    }
    if (-not (Test-Path $nupkg)) { throw "dotnet pack wrote no $nupkg." }
    $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
    try {
        $entries = @($zip.Entries.FullName)
        $reader = New-Object System.IO.StreamReader ($zip.GetEntry('DagRunner.MSBuild.nuspec').Open())
        try { $nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
    } finally { $zip.Dispose() }
    $expected = 'tasks/netstandard2.0/DagRunner.MSBuild.dll', 'build/DagRunner.MSBuild.props', 'build/DagRunner.MSBuild.targets', 'buildMultiTargeting/DagRunner.MSBuild.props', 'buildMultiTargeting/DagRunner.MSBuild.targets',
        'tools/RunDag.ps1', 'tools/DagRunner/DagRunner.psd1', 'tools/DagRunner/DagRunner.PowerShell.dll'
    $missing = @($expected | Where-Object { $_ -notin $entries })
    if ($missing) { throw "$nupkg is missing: $($missing -join ', ')" }
    if ($entries -like 'lib/*') { throw "$nupkg has a lib/ folder: consumers would reference the task assembly." }
    $symbols = @($entries -like '*.pdb')
    if ($symbols) { throw "$nupkg holds symbol files: $($symbols -join ', ')" }
    $metadata = $nuspec.package.metadata
    if ($metadata.license.'#text' -ne 'MIT' -or $metadata.license.type -ne 'expression') { throw "$nupkg declares no MIT licence expression." }
    if ($metadata.readme -ne 'README.md' -or 'README.md' -notin $entries) { throw "$nupkg has no README.md readme." }
    Write-Host "MSBuild package: $nupkg ($((Get-Item $nupkg).Length) bytes)"
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
    $exit = 0
    $projects = @{
        engine     = 'tests/DagRunner.Engine.Tests/DagRunner.Engine.Tests.csproj'
        msbuild    = 'tests/DagRunner.MSBuild.Tests/DagRunner.MSBuild.Tests.csproj'
        powershell = 'tests/DagRunner.PowerShell.Tests/DagRunner.PowerShell.Tests.csproj'
    }
    foreach ($name in $projects.Keys | Sort-Object) {
        Invoke-SuiteProcess dotnet test (Join-Path $root $projects[$name]) -c $Configuration --nologo `
            --logger "trx;LogFileName=$name.trx" --logger 'console;verbosity=minimal' --results-directory $resultsDir
        if ($LASTEXITCODE -ne 0) { $exit = $LASTEXITCODE }
    }
    $failures = [System.Collections.Generic.List[object]]::new()
    $counters = foreach ($name in $projects.Keys) {
        $trx = Get-ChildItem $resultsDir -Filter "$name.trx" -Recurse | Select-Object -First 1
        if (-not $trx) { throw "xunit ($name) produced no results (dotnet test exit code $exit)." }
        $run = ([xml](Get-Content $trx.FullName -Raw)).TestRun
        foreach ($result in $run.SelectNodes("//*[local-name()='UnitTestResult'][@outcome!='Passed' and @outcome!='NotExecuted']")) {
            $message = $result.SelectSingleNode(".//*[local-name()='ErrorInfo']/*[local-name()='Message']")
            $failures.Add(@{ Name = $result.GetAttribute('testName'); Error = if ($message) { $message.InnerText } else { $result.GetAttribute('outcome') } })
        }
        $run.ResultSummary.Counters
    }
    $sum = { param($field) ($counters | ForEach-Object { [int]$_.$field } | Measure-Object -Sum).Sum }
    [pscustomobject]@{
        Suite   = 'xunit'
        Passed  = & $sum 'passed'
        Failed  = (& $sum 'failed') + (& $sum 'error') + (& $sum 'timeout') + (& $sum 'aborted')
        Skipped  = & $sum 'notExecuted'
        Exit     = $exit
        Failures = $failures
    }
}

function Invoke-PesterTests {
    Invoke-Native 'Restore test tools (Pester 5.7.1, YamlDotNet 13.7.1)' {
        dotnet restore (Join-Path $root 'tests/Pester/tools.proj') --nologo -v:q
    }
    $pester = Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester was restored but $pester is missing." }
    $summary = Join-Path $out 'test/pester.json'
    New-Item -ItemType Directory -Force (Split-Path $summary) | Out-Null
    # A child pwsh, so the module loaded by the tests never locks this session's build output.
    $suite = @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'), '-PesterPath', $pester, '-SummaryPath', $summary)
    Invoke-SuiteProcess dotnet @suite
    $exit = $LASTEXITCODE
    if (-not (Test-Path $summary)) { throw "Pester produced no summary (exit code $exit)." }
    $counts = Get-Content $summary -Raw | ConvertFrom-Json
    [pscustomobject]@{ Suite = 'Pester'; Passed = $counts.Passed; Failed = $counts.Failed; Skipped = $counts.Skipped; Exit = $exit; Failures = @($counts.Failures) }
}

# Runs one test suite's process, its output to the host. Started in the background by a shell without job control,
# this process ignores SIGINT, and so would every process a suite starts (xunit's and Pester's Ctrl+C tests alike):
# those tests would then test nothing, or fail. The suite gets SIGINT's default back through perl.
function Invoke-SuiteProcess {
    if (Test-SigintIgnored) {
        Write-Host "SIGINT is ignored in this process (started in the background?); $($args[0]) $($args[1]) gets it back through perl."
        perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' @args | Out-Host
    }
    else {
        & $args[0] @($args | Select-Object -Skip 1) | Out-Host
    }
}

# True on Linux when this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), and perl can undo it.
function Test-SigintIgnored {
    if (-not $IsLinux -or -not (Get-Command perl -ErrorAction Ignore)) { return $false }
    $line = Select-String -Path /proc/self/status -Pattern '^SigIgn:\s*([0-9a-f]+)' | Select-Object -First 1
    $line -and (([Convert]::ToUInt64($line.Matches[0].Groups[1].Value, 16) -band 2) -ne 0)
}

# Each failed test's name and the first lines of its error, next to the closing line: a CI that keeps only the end of
# the output still says what failed. The full message is in the suite's own output above.
function Write-FailureList($Suites) {
    $shown = 0
    foreach ($s in $Suites) {
        foreach ($failure in @($s.Failures) | Where-Object { $_ }) {
            if ($shown -eq 0) { Write-Host 'Failed:' }
            if (++$shown -gt 20) { Write-Host '  (more above)'; return }
            $first = ("$($failure.Error)" -split '\r?\n' | ForEach-Object Trim | Where-Object { $_ } | Select-Object -First 3) -join ' | '
            if ($first.Length -gt 300) { $first = $first.Substring(0, 300) + '...' }
            Write-Host "  $($s.Suite): $($failure.Name)"
            if ($first) { Write-Host "    $first" }
        }
    }
}

function Invoke-Test {
    # The packaged module and the MSBuild package are under test too.
    Invoke-Package
    $suites = @(Invoke-XunitTests; Invoke-PesterTests)
    $passed = ($suites | Measure-Object Passed -Sum).Sum
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    $skipped = ($suites | Measure-Object Skipped -Sum).Sum
    Write-FailureList $suites
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
        Write-Host ''
        Write-Host 'The result is objects: `$result[''test''].Output' -ForegroundColor Cyan
        `$result['test'].Output | Format-List
    "
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

# The benchmarks in a child pwsh (bench/Invoke-Bench.ps1 starts one more per benchmark), so nothing they load stays
# in this session.
function Invoke-Bench {
    Invoke-Package # builds too; the MSBuild benchmark consumes the package
    $mode = if ($Full) { 'Full' } else { 'Quick' }
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'bench/Invoke-Bench.ps1') -Mode $mode | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The benchmarks failed (exit code $LASTEXITCODE)." }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
}
