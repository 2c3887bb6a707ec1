<#
.SYNOPSIS
    Runs every *.Tests.ps1 under tests/Pester with Pester 5.7.1 and writes the counts, and each failure's name and
    error, as JSON for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $config
# What failed, for the closing lines build.ps1 prints (CI may keep only the end of the output).
$failures = @(
    foreach ($test in $result.Failed) { @{ Name = $test.ExpandedPath; Error = "$($test.ErrorRecord | Select-Object -First 1)" } }
    foreach ($block in $result.FailedBlocks) { @{ Name = "$($block.Path -join '.') (its setup)"; Error = "$($block.ErrorRecord | Select-Object -First 1)" } }
    foreach ($container in $result.FailedContainers) { @{ Name = "$($container.Item)"; Error = "$($container.ErrorRecord | Select-Object -First 1)" } }
)
[pscustomobject]@{
    Passed   = $result.PassedCount
    Failed   = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped  = $result.SkippedCount
    Failures = $failures
} | ConvertTo-Json -Depth 3 | Set-Content -Path $SummaryPath
exit ([int]($result.Result -ne 'Passed'))
