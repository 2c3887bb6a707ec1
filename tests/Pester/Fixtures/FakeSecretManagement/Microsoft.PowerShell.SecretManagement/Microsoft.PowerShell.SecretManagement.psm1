# Get-Secret as Microsoft.PowerShell.SecretManagement has it: -Name, -Vault, -AsPlainText; a SecureString unless
# -AsPlainText; a terminating error naming the secret (not a value) when no vault has it.
function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [string] $Vault,
        [switch] $AsPlainText
    )
    $store = if ($env:DAGRUNNER_FAKE_VAULT -and (Test-Path $env:DAGRUNNER_FAKE_VAULT)) { Get-Content $env:DAGRUNNER_FAKE_VAULT -Raw | ConvertFrom-Json -AsHashtable } else { @{} }
    if (-not $store.ContainsKey($Name)) {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."), 'GetSecretNotFound', 'ObjectNotFound', $Name))
    }
    if ($AsPlainText) { return $store[$Name] }
    ConvertTo-SecureString $store[$Name] -AsPlainText -Force
}
