#Requires -Version 7.4
<#
.SYNOPSIS
    Target 5: start-up cost: Import-Module DagRunner and a one-node run, against a bare pwsh that exits.
.DESCRIPTION
    Starts fresh pwsh processes, alternating the two commands, and takes the median wall-clock time of each:
    `pwsh -NoProfile -NonInteractive -c exit` and the same pwsh running Import-Module + Invoke-Dag of a one-node
    inline workflow (-NoCheckpoint -OutputMode Silent). pwsh is started the way this benchmark was started
    (`dotnet pwsh.dll` under the pinned tool).
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

$repeats = if ($Mode -eq 'Full') { 11 } else { 3 }
$manifest = Join-Path (Get-RepoRoot) 'DagRunner.psd1'
$pwsh = Get-PwshCommand
$exe = $pwsh[0]
$prefix = @($pwsh | Select-Object -Skip 1) + '-NoProfile', '-NonInteractive', '-Command'
$oneNode = "Import-Module '$manifest'; `$r = Invoke-Dag -Definition @{ name = 'one'; nodes = @{ a = @{ run = '`$x = 1 + 1' } } } -NoCheckpoint -OutputMode Silent; if (`$r.Status -ne 'Succeeded') { exit 3 }"

function Measure-Start([string] $Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $exe @prefix $Command | Out-Null
    $ms = $watch.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed with exit code $LASTEXITCODE." }
    return $ms
}

$result = New-BenchResult -Name 'Startup' -Title 'Target 5: start-up' -Mode $Mode
$result.settings = [ordered]@{ repeats = $repeats; pwsh = ($pwsh -join ' ') }
Measure-Start 'exit' | Out-Null # warm the file cache
Measure-Start $oneNode | Out-Null
$bare = [Collections.Generic.List[double]]::new()
$dag = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $repeats; $i++) {
    $bare.Add((Measure-Start 'exit'))
    $dag.Add((Measure-Start $oneNode))
}
$bareMs = Get-Median $bare.ToArray()
$dagMs = Get-Median $dag.ToArray()
Add-BenchTable $result "Wall-clock ms of a fresh process, medians of $repeats (alternating)" 'Command', 'median ms', 'min ms', 'max ms' @(
    , @('pwsh -NoProfile -c exit', (Format-Num $bareMs 0), (Format-Num ($bare | Measure-Object -Minimum).Minimum 0), (Format-Num ($bare | Measure-Object -Maximum).Maximum 0))
    , @('pwsh -NoProfile -c "Import-Module DagRunner; Invoke-Dag (1 node)"', (Format-Num $dagMs 0), (Format-Num ($dag | Measure-Object -Minimum).Minimum 0), (Format-Num ($dag | Measure-Object -Maximum).Maximum 0))
    , @('difference', (Format-Num ($dagMs - $bareMs) 0), '', '')
)
Add-BenchTarget $result '5' 'Import-Module + 1-node run over bare pwsh (medians)' ($dagMs - $bareMs) 300 'ms'
Save-BenchResult $result $OutFile
