# tools/RunDag.ps1, the script the <RunDag> task starts pwsh with, run directly: it imports the module's two assemblies
# when they sit beside the manifest it is given (the package's layout), and the manifest itself otherwise.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:script = Join-Path $root 'src/DagRunner.MSBuild/tools/RunDag.ps1'
    $script:workflow = New-Workflow @'
name: stamp
nodes:
  a: { run: "'stamped'" }
'@

    function Invoke-RunDagScript([string] $Manifest) {
        $pwsh = Get-PwshCommand
        $lines = & $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -File $script -ModulePath $Manifest -Path $workflow 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Exit = $LASTEXITCODE; Text = $lines -join "`n"; Events = @($lines | Where-Object { $_.StartsWith('{') } | ForEach-Object { $_ | ConvertFrom-Json }) }
    }
}

Describe 'RunDag.ps1 imports the module either way' {
    It 'with the packaged module, imports its assemblies without the manifest and runs the workflow' {
        $packaged = Get-ChildItem (Join-Path $root 'out/DagRunner') -Directory | Select-Object -First 1
        $packaged | Should -Not -BeNullOrEmpty -Because './build.ps1 Package (Test does) writes out/DagRunner/<version>'
        # A copy whose manifest cannot be imported: the run succeeds only if the script never imports it.
        $copy = Join-Path $TestDrive 'module'
        Copy-Item $packaged.FullName $copy -Recurse
        $manifest = Join-Path $copy 'DagRunner.psd1'
        Set-Content $manifest '@{ this is not a manifest'
        $run = Invoke-RunDagScript $manifest
        $run.Exit | Should -Be 0 -Because $run.Text
        ($run.Events | Where-Object event -EQ 'runFinished').status | Should -Be 'Succeeded'
        $run.Text | Should -Match 'stamped'
    }

    It 'with a manifest whose assemblies are elsewhere (the repository''s DagRunner.psd1), imports the manifest' {
        $run = Invoke-RunDagScript (Join-Path $root 'DagRunner.psd1')
        $run.Exit | Should -Be 0 -Because $run.Text
        ($run.Events | Where-Object event -EQ 'runFinished').status | Should -Be 'Succeeded'
        $run.Text | Should -Match 'stamped'
    }
}
