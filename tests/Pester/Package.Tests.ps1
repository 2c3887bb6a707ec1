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

    # The COFF machine (which OS and processor the native code is for) and the size of the ReadyToRun header.
    function Get-PortableExecutableHeader([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $headers = [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders
            [pscustomobject]@{ Machine = [int]$headers.CoffHeader.Machine; NativeHeaderSize = $headers.CorHeader.ManagedNativeHeaderDirectory.Size }
        }
        finally { $stream.Dispose() }
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

    It 'carries ReadyToRun images of its dependencies for <Platform>, native code for that platform only' -TestCases @(
        @{ Platform = 'linux-x64'; Machine = 0xFD1D }   # AMD64 xor the Linux OS mask
        @{ Platform = 'win-x64'; Machine = 0x8664 }     # AMD64
        @{ Platform = 'osx-arm64'; Machine = 0xEC20 }   # ARM64 xor the Apple OS mask
    ) {
        param($Platform, $Machine)
        $folder = Join-Path $packaged "Dependencies/net10.0-$Platform"
        $images = @(Get-ChildItem $folder -Filter *.dll -ErrorAction Ignore)
        $images.Name | Sort-Object | Should -Be @('DagRunner.Engine.dll', 'Microsoft.Bcl.AsyncInterfaces.dll', 'Microsoft.Bcl.TimeProvider.dll', 'Microsoft.Extensions.FileSystemGlobbing.dll', 'Polly.Core.dll', 'YamlDotNet.dll')
        foreach ($image in $images) {
            $header = Get-PortableExecutableHeader $image.FullName
            $header.Machine | Should -Be $Machine -Because "$($image.Name) is compiled for $Platform"
            $header.NativeHeaderSize | Should -BeGreaterThan 0 -Because "$($image.Name) holds ReadyToRun code"
        }
        # The IL the images were compiled from stays beside them, for every other runtime and platform.
        (Get-PortableExecutableHeader (Join-Path $packaged 'Dependencies/DagRunner.Engine.dll')).NativeHeaderSize | Should -Be 0
    }

    It 'runs the ReadyToRun engine on this platform, JITting far fewer methods than the same module without it' {
        $platform = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        if ($platform -notin 'linux-x64', 'win-x64', 'osx-arm64') { Set-ItResult -Skipped -Because "the package carries no images for $platform"; return }
        # The same module without its images: the IL engine, as on a runtime the images were not compiled for.
        $withoutImages = Join-Path $TestDrive 'modules/DagRunner'
        Copy-Item $packaged $withoutImages -Recurse
        Get-ChildItem (Join-Path $withoutImages 'Dependencies') -Directory | Remove-Item -Recurse -Force
        $workflow = New-Workflow @"
name: one
nodes:
  a: { run: "'x'" }
"@
        $measure = @'
Import-Module '@MODULE@'
$before = [System.Runtime.JitInfo]::GetCompiledMethodCount()
$r = Invoke-Dag -Path '@WORKFLOW@' -NoCheckpoint 6>$null
'status=' + $r.Status
'jitted=' + ([System.Runtime.JitInfo]::GetCompiledMethodCount() - $before)
'engine=' + ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'DagRunner.Engine' }).Location
'@
        $native = Invoke-WithPackagedModule $measure.Replace('@MODULE@', (Join-Path $packaged 'DagRunner.psd1')).Replace('@WORKFLOW@', $workflow)
        $jitted = Invoke-WithPackagedModule $measure.Replace('@MODULE@', (Join-Path $withoutImages 'DagRunner.psd1')).Replace('@WORKFLOW@', $workflow)
        $native.Exit | Should -Be 0 -Because $native.Text
        $jitted.Exit | Should -Be 0 -Because $jitted.Text
        $native.Text | Should -Match 'status=Succeeded'
        $jitted.Text | Should -Match 'status=Succeeded'
        $native.Text | Should -Match ([regex]::Escape("net10.0-$platform/DagRunner.Engine.dll").Replace('/', '[\\/]'))
        $jitted.Text | Should -Match ([regex]::Escape([IO.Path]::Combine($withoutImages, 'Dependencies', 'DagRunner.Engine.dll')))
        $count = { param($text) [int]([regex]::Match($text, 'jitted=(\d+)').Groups[1].Value) }
        # Without images the engine's own methods are JIT-compiled on first use (about 2,200 here); with them
        # about half as many remain (PowerShell's own, and generic code across assemblies).
        (& $count $native.Text) | Should -BeLessThan (0.75 * (& $count $jitted.Text))
    }
}
