# A workflow written in PowerShell instead of YAML: your editor and PSScriptAnalyzer see every line.
# Run it:  Invoke-Dag -Definition (& ./workflow.ps1)
@{
    name   = 'in-powershell'
    setup  = { function Get-Greeting { param($Name) "hello, $Name" } }
    nodes  = @{
        greet = @{ run = { Get-Greeting 'world' } }
        shout = @{ needs = 'greet'; run = { $Needs.greet.ToUpperInvariant() } }
    }
}
