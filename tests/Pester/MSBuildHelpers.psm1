# What the real-`dotnet build` tests share (MSBuild.Tests.ps1, MSBuildSolution.Tests.ps1): the package feed that
# ./build.ps1 Package wrote, a nuget.config naming only the feeds a test allows, and the environment that keeps
# MSBuild from leaving node processes or a build server behind.

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

# Sets the build environment for this process; returns what it replaced, for Restore-BuildEnvironment.
function Set-BuildEnvironment {
    $saved = @{}
    foreach ($pair in @{ DOTNET_CLI_TELEMETRY_OPTOUT = '1'; DOTNET_NOLOGO = '1'; MSBUILDDISABLENODEREUSE = '1'; DOTNET_CLI_USE_MSBUILD_SERVER = '0' }.GetEnumerator()) {
        $saved[$pair.Key] = [Environment]::GetEnvironmentVariable($pair.Key)
        [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value)
    }
    $saved
}

function Restore-BuildEnvironment([hashtable] $Saved) {
    if (-not $Saved) { return }
    foreach ($pair in $Saved.GetEnumerator()) { [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value) }
}

Export-ModuleMember -Function Get-PackageFeed, Set-NuGetSources, New-ConsumerCopy, Set-BuildEnvironment, Restore-BuildEnvironment
