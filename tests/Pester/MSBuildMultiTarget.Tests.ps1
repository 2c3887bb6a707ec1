# <RunDag> in tests/MSBuild/MultiTarget (TargetFrameworks net10.0;netstandard2.0), built for real against the package
# ./build.ps1 Package wrote to out/packages.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MSBuildHelpers.psm1') -Force
    $script:workspace = New-ConsumerWorkspace $TestDrive
}

AfterAll {
    Restore-BuildEnvironment $workspace.SavedEnvironment
}

Describe 'RunDag in a multi-targeted project (TargetFrameworks)' {
    BeforeAll {
        # The package's own feed, and the NuGet packages folder for netstandard2.0's NETStandard.Library (the
        # engine's own build restores it there).
        $script:multi = Join-Path $workspace.Work 'MultiTarget'
        Set-NuGetSources $multi ([ordered]@{ local = $workspace.Feed; packages = (Get-NuGetPackagesFolder) })

        function Invoke-MultiBuild([string[]] $Extra) { Invoke-ConsumerBuild $workspace $multi $Extra }

        function Get-MarkerCount([string] $Label) {
            $path = Join-Path $multi "markers/$Label.txt"
            if (Test-Path $path) { @(Get-Content $path).Count } else { 0 }
        }
    }

    It 'builds every target framework and runs the workflow once per project build, in the outer build' {
        $build = Invoke-MultiBuild @()
        $build.Exit | Should -Be 0 -Because $build.Text
        $build.Text | Should -Not -Match 'MSB4036'
        Get-MarkerCount 'project' | Should -Be 1
        Get-MarkerCount 'net10.0' | Should -Be 0
        Get-ChildItem (Join-Path $multi 'bin/Debug') -Directory | ForEach-Object Name | Sort-Object | Should -Be @('net10.0', 'netstandard2.0')
    }

    It 'with a condition on TargetFramework runs it once per target framework, each with its own checkpoint' {
        $build = Invoke-MultiBuild @('-p:PerFramework=true')
        $build.Exit | Should -Be 0 -Because $build.Text
        Get-MarkerCount 'net10.0' | Should -Be 1
        Get-MarkerCount 'netstandard2.0' | Should -Be 1
        Join-Path $multi 'obj/net10.0/count.checkpoint.json' | Should -Exist
        Join-Path $multi 'obj/netstandard2.0/count.checkpoint.json' | Should -Exist
    }
}
