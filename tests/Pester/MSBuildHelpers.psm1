# What the real-`dotnet build` tests share (MSBuild*.Tests.ps1): the package feed that
# ./build.ps1 Package wrote, a nuget.config naming only the feeds a test allows, and the environment that keeps
# MSBuild from leaving node processes or a build server behind.

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') # Wait-Until

# The local feed (out/packages) holding DagRunner.MSBuild.<version>.nupkg; throws when the package is not built.
function Get-PackageFeed([string] $Root, [string] $Version) {
    $feed = Join-Path $Root 'out/packages'
    if (-not (Test-Path (Join-Path $feed "DagRunner.MSBuild.$Version.nupkg"))) {
        throw "out/packages/DagRunner.MSBuild.$Version.nupkg is missing: run ./build.ps1 Package (./build.ps1 Test does) first."
    }
    $feed
}

# Writes <Folder>/nuget.config naming these package sources alone (name = path).
function Set-NuGetSources([string] $Folder, [System.Collections.Specialized.OrderedDictionary] $Sources) {
    $adds = foreach ($source in $Sources.GetEnumerator()) { "    <add key=`"$($source.Key)`" value=`"$($source.Value)`" />" }
    @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
$($adds -join "`n")
  </packageSources>
</configuration>
"@ | Set-Content (Join-Path $Folder 'nuget.config') -Encoding utf8NoBOM
}

# A copy of tests/MSBuild at $Destination, as a consumer's repository: its Directory.Build.props stop MSBuild at the
# sample, the repository's tool manifest beside it gives the pinned pwsh, and Sample's nuget.config names $Feed alone.
function New-ConsumerCopy([string] $Root, [string] $Destination, [string] $Feed) {
    Copy-Item (Join-Path $Root 'tests/MSBuild') $Destination -Recurse
    New-Item -ItemType Directory -Force (Join-Path $Destination '.config') | Out-Null
    Copy-Item (Join-Path $Root '.config/dotnet-tools.json') (Join-Path $Destination '.config')
    Set-NuGetSources (Join-Path $Destination 'Sample') ([ordered]@{ local = $Feed })
}

# Sets the build environment for this process; returns what it replaced, for Restore-BuildEnvironment. MSBuild's own
# texts in English (DOTNET_CLI_UI_LANGUAGE), whatever the machine's language: tests read 'Build FAILED' and its targets.
function Set-BuildEnvironment {
    $saved = @{}
    foreach ($pair in @{ DOTNET_CLI_TELEMETRY_OPTOUT = '1'; DOTNET_NOLOGO = '1'; MSBUILDDISABLENODEREUSE = '1'; DOTNET_CLI_USE_MSBUILD_SERVER = '0'; DOTNET_CLI_UI_LANGUAGE = 'en' }.GetEnumerator()) {
        $saved[$pair.Key] = [Environment]::GetEnvironmentVariable($pair.Key)
        [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value)
    }
    $saved
}

function Restore-BuildEnvironment([hashtable] $Saved) {
    if (-not $Saved) { return }
    foreach ($pair in $Saved.GetEnumerator()) { [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value) }
}

<#
.SYNOPSIS
    The workspace of a test file that builds the consumer projects of tests/MSBuild: a consumer copy in
    <TestDrive>/consumer, a packages folder of its own (a package rebuilt with the same version is never served stale
    from ~/.nuget/packages), and the build environment set (give SavedEnvironment to Restore-BuildEnvironment in
    AfterAll).
#>
function New-ConsumerWorkspace([string] $TestDrive) {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $version = (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).ModuleVersion
    $feed = Get-PackageFeed $root $version
    $work = Join-Path $TestDrive 'consumer'
    New-ConsumerCopy $root $work $feed
    [pscustomobject]@{
        Root = $root; Version = $version; Feed = $feed; Work = $work; Packages = (Join-Path $TestDrive 'packages')
        SavedEnvironment = Set-BuildEnvironment
    }
}

# The arguments of one `dotnet build` of a consumer project, with the workspace's packages folder and package version.
function Get-ConsumerBuildArguments($Workspace, [string] $Project, [string[]] $Extra) {
    @('build', $Project, '-nodeReuse:false', '-nologo', '-p:UseSharedCompilation=false', "-p:RestorePackagesPath=$($Workspace.Packages)", "-p:DagRunnerVersion=$($Workspace.Version)") + $Extra
}

# One `dotnet build` of a consumer project (console logger unless Extra says -tl:on); its exit code and every line it printed.
function Invoke-ConsumerBuild($Workspace, [string] $Project, [string[]] $Extra) {
    $arguments = Get-ConsumerBuildArguments $Workspace $Project $Extra
    if ($Extra -notcontains '-tl:on') { $arguments += '-tl:off' }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $lines = & dotnet @arguments 2>&1 | ForEach-Object { "$_" }
    $exit = $LASTEXITCODE
    Write-Host "    (dotnet build $(Split-Path $Project -Leaf) $($Extra -join ' '): exit $exit in $([int]$clock.Elapsed.TotalSeconds)s)"
    [pscustomobject]@{ Exit = $exit; Lines = @($lines); Text = $lines -join "`n" }
}

# Starts one `dotnet build` of a consumer project (console logger) without waiting: the process and its output, read
# as it comes (Stdout and Stderr are tasks).
function Start-ConsumerBuild($Workspace, [string] $Project, [string[]] $Extra) {
    $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in (Get-ConsumerBuildArguments $Workspace $Project (@($Extra) + '-tl:off'))) { $psi.ArgumentList.Add($argument) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($psi)
    [pscustomobject]@{ Process = $process; Stdout = $process.StandardOutput.ReadToEndAsync(); Stderr = $process.StandardError.ReadToEndAsync() }
}

# Wait-Until for a build: also throws when the build ends before Condition holds.
function Wait-BuildUntil($Build, [string] $What, [scriptblock] $Condition) {
    Wait-Until -What $What -Seconds 90 -Condition {
        if (& $Condition) { return $true }
        if ($Build.Process.HasExited) { throw "The build ended before ${What}: $($Build.Stdout.Result)" }
        $false
    }.GetNewClosure()
}

# Waits for the file a node writes as it starts.
function Wait-BuildMarker($Build, [string] $Path) {
    Wait-BuildUntil $Build "$Path appeared" ({ Test-Path $Path }.GetNewClosure())
}

# Builds tests/MSBuild/Sample with long.dag.yaml (its node sleeps 600 s), or a copy of it named Workflow, sends the
# build Signal once the node has started (with AsPwshStarts: as soon as the pwsh running the workflow exists, before
# the run has started), and waits for the build to end (60 s: a build that ends by then was interrupted, not waited
# out). Returns its exit code and stdout; the Cancelled state is asserted by Assert-LongRunCancelled.
function Stop-LongSampleBuild($Workspace, [string] $Sample, [string] $Signal, [string] $Workflow = 'long.dag.yaml', [switch] $AsPwshStarts) {
    $started = Join-Path $Sample 'markers/long-started'
    Remove-Item $started -ErrorAction Ignore
    $build = Start-ConsumerBuild $Workspace $Sample @('-v:n', "-p:Workflow=$Workflow")
    try {
        if ($AsPwshStarts) { Wait-BuildPwsh $build $Workflow } else { Wait-BuildMarker $build $started }
        & kill -s $Signal $build.Process.Id
        if (-not $build.Process.WaitForExit(60000)) { throw "dotnet build did not end within 60 s of SIG$Signal." }
        [pscustomobject]@{ ExitCode = $build.Process.ExitCode; Stdout = $build.Stdout.Result }
    }
    finally {
        if (-not $build.Process.HasExited) { $build.Process.Kill($true) }
        $build.Process.Dispose()
    }
}

# Waits for the pwsh the build starts to run Workflow.
function Wait-BuildPwsh($Build, [string] $Workflow) {
    Wait-BuildUntil $Build "pwsh started on $Workflow" ({ @(pgrep -f "RunDag.ps1.*$([regex]::Escape($Workflow))").Count -gt 0 }.GetNewClosure())
}

# What a stopped long.dag.yaml run leaves in its checkpoint: the run and its node Cancelled, the node after it NotRun.
function Assert-LongRunCancelled([string] $Sample) {
    $state = Get-DagCheckpoint (Join-Path $Sample 'long.dag.yaml')
    $state.Status | Should -Be 'Cancelled'
    $state.Nodes['long'].Status | Should -Be 'Cancelled'
    $state.Nodes['after'].Status | Should -Be 'NotRun'
}

Export-ModuleMember -Function New-ConsumerWorkspace, Get-ConsumerBuildArguments, Invoke-ConsumerBuild, Start-ConsumerBuild, Wait-BuildMarker, Stop-LongSampleBuild, Assert-LongRunCancelled, Get-PackageFeed, Set-NuGetSources, New-ConsumerCopy, Set-BuildEnvironment, Restore-BuildEnvironment
