# <RunDag> in tests/MSBuild/Versioned: a node computes the version `dotnet build` stamps into the assembly.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MSBuildHelpers.psm1') -Force
    $script:workspace = New-ConsumerWorkspace $TestDrive
}

AfterAll {
    Restore-BuildEnvironment $workspace.SavedEnvironment
}

Describe 'RunDag computes the version a build stamps into its assembly (tests/MSBuild/Versioned)' {
    BeforeAll {
        $script:versioned = Join-Path $workspace.Work 'Versioned'
        Set-NuGetSources $versioned ([ordered]@{ local = $workspace.Feed })

        function Invoke-VersionedBuild([string[]] $Extra) { Invoke-ConsumerBuild $workspace $versioned (@('-v:n') + $Extra) }

        function Get-BuiltVersion([string] $Configuration) {
            $dll = Join-Path $versioned "bin/$Configuration/net10.0/Versioned.dll"
            [pscustomobject]@{
                Assembly = [Reflection.AssemblyName]::GetAssemblyName($dll).Version.ToString()
                Product  = [Diagnostics.FileVersionInfo]::GetVersionInfo($dll).ProductVersion
            }
        }
    }

    It 'a node''s output sets Version before GetAssemblyVersion: the dll carries it' {
        $build = Invoke-VersionedBuild @()
        $build.Exit | Should -Be 0 -Because $build.Text
        $build.Text | Should -Match 'Version: 1\.4\.2-debug'
        $built = Get-BuiltVersion 'Debug'
        $built.Assembly | Should -Be '1.4.2.0'
        $built.Product | Should -Be '1.4.2-debug'
    }

    It 'each property of one output object is metadata; names MSBuild or the task reserve get Output_' {
        $build = Invoke-VersionedBuild @()
        $build.Text | Should -Match 'Info: Channel=debug Version=1\.4\.2-debug Output_Filename=version\.txt Output_Status=fresh Output_Target=net10\.0 Status=Succeeded'
    }

    It 'a changed version.txt gives the next build a new version; -c Release one without a suffix' {
        Set-Content (Join-Path $versioned 'version.txt') '2.0.1'
        $build = Invoke-VersionedBuild @()
        $build.Exit | Should -Be 0 -Because $build.Text
        $built = Get-BuiltVersion 'Debug'
        $built.Assembly | Should -Be '2.0.1.0'
        $built.Product | Should -Be '2.0.1-debug'

        $release = Invoke-VersionedBuild @('-c', 'Release')
        $release.Exit | Should -Be 0 -Because $release.Text
        $built = Get-BuiltVersion 'Release'
        $built.Assembly | Should -Be '2.0.1.0'
        $built.Product | Should -Be '2.0.1'
    }
}
