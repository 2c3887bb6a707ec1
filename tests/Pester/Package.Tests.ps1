BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).ModuleVersion
    $script:packaged = Join-Path $root "out/DagRunner/$version"
    $script:oldYaml = Join-Path (Get-NuGetPackagesFolder) 'yamldotnet/13.7.1/lib/net7.0/YamlDotNet.dll'

    # Runs a script in a child pwsh whose PSModulePath starts with out/, where the packaged module lives.
    function Invoke-WithPackagedModule([string] $Script) {
        $pwsh = Get-PwshCommand
        $full = "`$ErrorActionPreference = 'Stop'; `$env:PSModulePath = '$(Join-Path $root 'out')' + [IO.Path]::PathSeparator + `$env:PSModulePath; $Script"
        $output = & $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -Command $full 2>&1
        [pscustomobject]@{ Exit = $LASTEXITCODE; Text = ($output | ForEach-Object { "$_" }) -join "`n" }
    }

    function Get-AssemblyReferences([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
            $reader = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            foreach ($handle in $reader.AssemblyReferences) { $reader.GetString($reader.GetAssemblyReference($handle).Name) }
        }
        finally { $stream.Dispose() }
    }
}

Describe 'The packaged module (build.ps1 Package)' {
    It 'is a versioned folder whose manifest names its cmdlets and formats explicitly' {
        Test-Path (Join-Path $packaged 'DagRunner.psd1') | Should -BeTrue
        $manifest = Import-PowerShellDataFile (Join-Path $packaged 'DagRunner.psd1')
        $manifest.ModuleVersion | Should -Be $version
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.CmdletsToExport | Sort-Object | Should -Be @('Export-DagGraph', 'Export-DagReport', 'Export-DagResult', 'Export-DagTimeline', 'Get-DagCheckpoint', 'Get-DagPlan', 'Invoke-Dag', 'Resume-Dag', 'Test-Dag')
        $manifest.FormatsToProcess | Should -Be 'DagRunner.format.ps1xml'
        foreach ($file in $manifest.RootModule, $manifest.NestedModules, $manifest.FormatsToProcess) {
            Test-Path (Join-Path $packaged $file) | Should -BeTrue -Because "$file is named by the manifest"
        }
        (Get-Item (Join-Path $packaged 'DagRunner.PowerShell.dll')).VersionInfo.FileVersion | Should -BeLike "$version*"
        # The manifest says MIT: the license travels with the module.
        Get-Content (Join-Path $packaged 'LICENSE') -Raw | Should -Match 'MIT License'
    }

    It 'keeps third-party assemblies out of the cmdlet assembly''s references and out of the module root' {
        $references = Get-AssemblyReferences (Join-Path $packaged 'DagRunner.PowerShell.dll')
        $references | Should -Not -Contain 'YamlDotNet'
        $references | Should -Not -Contain 'Polly.Core'
        Test-Path (Join-Path $packaged 'YamlDotNet.dll') | Should -BeFalse
        Test-Path (Join-Path $packaged 'Dependencies/YamlDotNet.dll') | Should -BeTrue
        Test-Path (Join-Path $packaged 'Dependencies/Polly.Core.dll') | Should -BeTrue
    }

    It 'imports by name from PSModulePath and runs a workflow' {
        $result = Invoke-WithPackagedModule @'
Import-Module DagRunner
(Get-Module DagRunner).ModuleBase
(Invoke-Dag (Join-Path (Get-Module DagRunner).ModuleBase 'examples/inventory-report.dag.yaml') -NoCheckpoint 6>$null).Status
'@
        $result.Exit | Should -Be 0 -Because $result.Text
        $result.Text | Should -Match ([regex]::Escape($packaged))
        $result.Text | Should -Match 'Succeeded'
    }

    It 'works when an older YamlDotNet is already loaded in the session' {
        Test-Path $oldYaml | Should -BeTrue -Because 'tests/Pester/tools.proj downloads YamlDotNet 13.7.1'
        $result = Invoke-WithPackagedModule @"
Add-Type -Path '$oldYaml'
`$null = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize[object]('a: 1')
Import-Module DagRunner
`$r = Invoke-Dag (Join-Path (Get-Module DagRunner).ModuleBase 'examples/build-test-package.dag.yaml') -NoCheckpoint 6>`$null 3>`$null
'status=' + `$r.Status
'engine=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$r.GetType().Assembly)
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } |
    ForEach-Object { 'yaml=' + `$_.GetName().Version.Major + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_) }
"@
        $result.Exit | Should -Be 0 -Because $result.Text
        $result.Text | Should -Match 'status=Succeeded'
        $result.Text | Should -Match 'engine=DagRunner'
        $result.Text | Should -Match 'yaml=13@"Default"'
        $result.Text | Should -Match 'yaml=16@DagRunner'
    }
}
