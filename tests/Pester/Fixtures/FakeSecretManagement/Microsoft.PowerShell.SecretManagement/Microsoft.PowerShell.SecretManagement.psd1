# A stand-in for Microsoft.PowerShell.SecretManagement in tests/Pester/Secrets.Tests.ps1 (the real module is not on
# NuGet, and DagRunner must never depend on it): same module name, a Get-Secret with the real one's parameters.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '0.0.1'
    GUID              = '6f1c2a9e-3b0d-4d6e-9a57-0c1e2d3f4a5b'
    Author            = 'DagRunner tests'
    Description       = 'Fake SecretManagement for DagRunner tests: secrets come from the JSON file named by $env:DAGRUNNER_FAKE_VAULT.'
    FunctionsToExport = @('Get-Secret')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
