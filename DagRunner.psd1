@{
    # The module as built in this repository: Import-Module ./DagRunner.psd1 after `./build.ps1 Build`.
    # ./build.ps1 Package writes a copy whose paths are the module folder's own (out/DagRunner/<version>/).
    RootModule           = 'out/module/DagRunner/DagRunner.PowerShell.dll'
    # Imported first: installs the resolver that keeps YamlDotNet, Polly and the engine in their own load context.
    NestedModules        = @('out/module/DagRunner/DagRunner.PowerShell.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c8f1e-5b3a-4d2e-9a57-3c1d2b8e4f10'
    Author               = 'DagRunner contributors'
    CompanyName          = 'DagRunner'
    Copyright            = '(c) DagRunner contributors. MIT License.'
    Description          = 'Runs DAG workflows of PowerShell script blocks: parallel runspaces, ready-queue scheduling, retries and resumable checkpoints.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('module/DagRunner.format.ps1xml')
    CmdletsToExport      = @('Invoke-Dag', 'Resume-Dag', 'Test-Dag', 'Get-DagPlan', 'Get-DagCheckpoint', 'Export-DagGraph', 'Export-DagTimeline', 'Export-DagResult', 'Export-DagReport')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('DAG', 'Workflow', 'Parallel', 'Runspace', 'Build', 'Automation')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
