#Requires -Version 7.4
<#
.SYNOPSIS
    What modules: and setup: cost: no-op workflows of 1,000 and 4,000 nodes with and without a module file and a
    setup (a function and a variable), medians of 9 runs each. The slope between the two sizes is the cost per node
    (setup runs once per runspace, so it should not move); the difference at one size is the cost per run.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./bench/SharedCodeOverhead.ps1            # shared-code runs first
    dotnet pwsh -NoProfile -File ./bench/SharedCodeOverhead.ps1 -PlainFirst
#>
[CmdletBinding()]
param([switch] $PlainFirst, [int] $Repeats = 9)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-DagRunnerForBench
$folder = New-BenchFolder 'shared-code'
Set-Content (Join-Path $folder 'Shared.psm1') 'function Get-Shared { 1 }'

function New-Flat([int] $Count, [bool] $Shared) {
    $sb = [Text.StringBuilder]::new()
    [void]$sb.AppendLine("name: flat-$Count-$Shared")
    if ($Shared) { [void]$sb.AppendLine("modules: [./Shared.psm1]`nsetup: |`n  function Get-Setup { 2 }`n  `$SetupValue = 3") }
    [void]$sb.AppendLine('nodes:')
    for ($i = 0; $i -lt $Count; $i++) { [void]$sb.AppendLine("  n$($i): { run: '`$null' }") }
    $path = Join-Path $folder "flat-$Count-$Shared.dag.yaml"
    Set-Content $path $sb.ToString()
    $path
}

$p = [Environment]::ProcessorCount
$order = if ($PlainFirst) { $false, $true } else { $true, $false }
$rows = foreach ($count in 1000, 4000) {
    foreach ($shared in $order) {
        $path = New-Flat $count $shared
        Invoke-Dag $path -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p | Out-Null # warm-up
        $times = foreach ($k in 1..$Repeats) {
            [GC]::Collect()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $r = Invoke-Dag $path -NoCheckpoint -OutputMode Silent -Mode Parallel -Parallelism $p
            if ($r.Status -ne 'Succeeded') { throw "$path ended $($r.Status)." }
            $watch.Elapsed.TotalMilliseconds
        }
        $sorted = @($times | Sort-Object)
        [pscustomobject]@{ Nodes = $count; Shared = $shared; MedianMs = [math]::Round($sorted[[int][math]::Floor($sorted.Count / 2)], 1); Range = '{0:N0}-{1:N0}' -f $sorted[0], $sorted[-1] }
    }
}
$rows | Format-Table -AutoSize | Out-String -Width 200
$plain = @($rows | Where-Object { -not $_.Shared } | Sort-Object Nodes)
$with = @($rows | Where-Object { $_.Shared } | Sort-Object Nodes)
'per node (slope 1,000 -> 4,000): without {0:N1} µs, with modules: and setup: {1:N1} µs' -f (($plain[1].MedianMs - $plain[0].MedianMs) / 3), (($with[1].MedianMs - $with[0].MedianMs) / 3)
'per run at 1,000 nodes (with - without): {0:N1} ms' -f ($with[0].MedianMs - $plain[0].MedianMs)
