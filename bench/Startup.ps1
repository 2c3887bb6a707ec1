#Requires -Version 7.4
<#
.SYNOPSIS
    Target 5: start-up cost: Import-Module DagRunner and a one-node run, against a bare pwsh that exits; and how soon
    the first nodes start once planning has ended.
.DESCRIPTION
    Starts fresh pwsh processes, alternating the two commands, and takes the median wall-clock time of each:
    `pwsh -NoProfile -NonInteractive -c exit` and the same pwsh running Import-Module + Invoke-Dag of a one-node
    inline workflow (-NoCheckpoint -OutputMode Silent). pwsh is started the way this benchmark was started
    (`dotnet pwsh.dll` under the pinned tool). Alternating with them, a fresh pwsh runs a one-node workflow file with
    its checkpoint and `-OutputMode Json` (what the MSBuild task's pwsh does), and another runs a workflow of 16
    independent nodes (-Mode Parallel -Parallelism 16) twice: each node outputs the time its script started, and the
    gaps from the run's start (DagRunResult.StartTime, taken as the scheduler starts, once planning has ended) to the
    first and to the 16th node's script are the first-node delay of each run.
    The bare and one-node commands, the 16-node workflow, and Invoke-Build running a one-task build file (when
    -InvokeBuildPath is given) run again with a copy of the same pwsh whose assemblies carry ReadyToRun code (Get-ReadyToRunPwsh): the pinned
    global tool's are IL only, so its fresh processes JIT PowerShell's own code, while PowerShell's per-platform
    packages ship it precompiled.
#>
[CmdletBinding()]
param(
    [ValidateSet('Quick', 'Full')] [string] $Mode = 'Quick',
    [string] $OutFile,
    # Invoke-Build.ps1 (bench/tools.proj restores it): the start-up of a one-task build, to compare with.
    [string] $InvokeBuildPath
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

$folder = New-BenchFolder 'startup'
$jsonFile = Join-Path $folder 'one.dag.yaml'
Set-Content -Path $jsonFile -Value "name: one`nnodes:`n  a:`n    run: '`$x = 1 + 1'" -Encoding utf8NoBOM
$jsonRun = "Import-Module '$manifest'; Invoke-Dag -Path '$jsonFile' -OutputMode Json | Out-Null; if (-not `$?) { exit 3 }"
$wide = "Import-Module '$manifest'; `$nodes = [ordered]@{}; foreach (`$i in 1..16) { `$nodes[""n`$i""] = @{ run = '[DateTime]::Now' } }; " +
    "foreach (`$run in 1, 2) { `$r = Invoke-Dag -Definition @{ name = 'wide'; nodes = `$nodes } -Mode Parallel -Parallelism 16 -NoCheckpoint -OutputMode Silent; " +
    "if (`$r.Status -ne 'Succeeded') { exit 3 }; `$starts = @(`$r.Nodes | ForEach-Object { ([DateTime]`$_.Output[0] - `$r.StartTime).TotalMilliseconds } | Sort-Object); " +
    "'{0} {1}' -f `$starts[0], `$starts[-1] }"

$ibFile = Join-Path $folder 'one.build.ps1'
Set-Content -Path $ibFile -Value 'task a { $x = 1 + 1 }' -Encoding utf8NoBOM
$ibRun = if ($InvokeBuildPath -and (Test-Path $InvokeBuildPath)) { "& '$InvokeBuildPath' -Task a -File '$ibFile' | Out-Null; if (-not `$?) { exit 3 }" }
$r2r = Get-ReadyToRunPwsh
$r2rNote = if ($r2r -is [string]) { $r2r } else { $null }
$r2rPrefix = if (-not $r2rNote) { @($r2r | Select-Object -Skip 1) + '-NoProfile', '-NonInteractive', '-Command' }

function Measure-Start([string] $Command, [switch] $ReadyToRun) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    if ($ReadyToRun) { & $r2r[0] @r2rPrefix $Command | Out-Null } else { & $exe @prefix $Command | Out-Null }
    $ms = $watch.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed with exit code $LASTEXITCODE." }
    return $ms
}

# Adds to $Into (four lists) the first-node gaps of the wide workflow's two runs in one fresh process: first run
# (first, last), second run (first, last).
function Measure-FirstNodes($Into, [switch] $ReadyToRun) {
    $lines = if ($ReadyToRun) { @(& $r2r[0] @r2rPrefix $wide) } else { @(& $exe @prefix $wide) }
    if ($LASTEXITCODE -ne 0) { throw "The 16-node run failed with exit code $LASTEXITCODE." }
    $measured = @($lines | ForEach-Object { $_ -split ' ' | ForEach-Object { [double]::Parse($_, [Globalization.CultureInfo]::InvariantCulture) } })
    for ($g = 0; $g -lt 4; $g++) { $Into[$g].Add($measured[$g]) }
}

$result = New-BenchResult -Name 'Startup' -Title 'Target 5: start-up' -Mode $Mode
$result.settings = [ordered]@{ repeats = $repeats; pwsh = ($pwsh -join ' ') }
Measure-Start 'exit' | Out-Null # warm the file cache
Measure-Start $oneNode | Out-Null
$json = [Collections.Generic.List[double]]::new()
$gaps = 0..3 | ForEach-Object { , [Collections.Generic.List[double]]::new() }
$r2rGaps = 0..3 | ForEach-Object { , [Collections.Generic.List[double]]::new() }
# [pwsh][command]: pwsh 0 is the tool, 1 the ReadyToRun copy; command 0 bare, 1 DagRunner, 2 Invoke-Build.
$kinds = 0..1 | ForEach-Object { , @(0..2 | ForEach-Object { , [Collections.Generic.List[double]]::new() }) }
$bare = $kinds[0][0]
$dag = $kinds[0][1]
if (-not $r2rNote) { Measure-Start 'exit' -ReadyToRun | Out-Null; Measure-Start $oneNode -ReadyToRun | Out-Null }
for ($i = 0; $i -lt $repeats; $i++) {
    $bare.Add((Measure-Start 'exit'))
    $dag.Add((Measure-Start $oneNode))
    $json.Add((Measure-Start $jsonRun))
    Measure-FirstNodes $gaps
    if ($ibRun) { $kinds[0][2].Add((Measure-Start $ibRun)) }
    if (-not $r2rNote) {
        $kinds[1][0].Add((Measure-Start 'exit' -ReadyToRun))
        $kinds[1][1].Add((Measure-Start $oneNode -ReadyToRun))
        if ($ibRun) { $kinds[1][2].Add((Measure-Start $ibRun -ReadyToRun)) }
        Measure-FirstNodes $r2rGaps -ReadyToRun
    }
}
Remove-BenchFolder $folder
$bareMs = Get-Median $bare.ToArray()
$dagMs = Get-Median $dag.ToArray()
$jsonMs = Get-Median $json.ToArray()
function Format-Spread($values) { "$(Format-Num (Get-Median $values.ToArray()) 1) ($(Format-Num ($values | Measure-Object -Minimum).Minimum 1)–$(Format-Num ($values | Measure-Object -Maximum).Maximum 1))" }
Add-BenchTable $result "Wall-clock ms of a fresh process, medians of $repeats (alternating)" 'Command', 'median ms', 'min ms', 'max ms' @(
    , @('pwsh -NoProfile -c exit', (Format-Num $bareMs 0), (Format-Num ($bare | Measure-Object -Minimum).Minimum 0), (Format-Num ($bare | Measure-Object -Maximum).Maximum 0))
    , @('pwsh -NoProfile -c "Import-Module DagRunner; Invoke-Dag (1 node)"', (Format-Num $dagMs 0), (Format-Num ($dag | Measure-Object -Minimum).Minimum 0), (Format-Num ($dag | Measure-Object -Maximum).Maximum 0))
    , @('difference', (Format-Num ($dagMs - $bareMs) 0), '', '')
)
Add-BenchTable $result "Fresh process: Import-Module + a one-node workflow file with its checkpoint, -OutputMode Json (what the MSBuild task runs), medians of $repeats" 'Command', 'median ms', 'over bare pwsh ms' @(
    , @('pwsh -c "Import-Module DagRunner; Invoke-Dag one.dag.yaml -OutputMode Json"', (Format-Num $jsonMs 0), (Format-Num ($jsonMs - $bareMs) 0))
)
$firstNodeRows = @(
    , @('PowerShell global tool (IL only)', 'first run in the process', (Format-Spread $gaps[0]), (Format-Spread $gaps[1]))
    , @('', 'second run in the same process', (Format-Spread $gaps[2]), (Format-Spread $gaps[3]))
)
if (-not $r2rNote) {
    $firstNodeRows += @(
        , @('the same, its assemblies ReadyToRun-compiled', 'first run in the process', (Format-Spread $r2rGaps[0]), (Format-Spread $r2rGaps[1]))
        , @('', 'second run in the same process', (Format-Spread $r2rGaps[2]), (Format-Spread $r2rGaps[3]))
    )
}
Add-BenchTable $result "First nodes after planning: 16 independent nodes, -Mode Parallel -Parallelism 16, ms from DagRunResult.StartTime to the node's script start, median (min–max) of $repeats fresh processes" 'pwsh', 'Run', 'first node ms', '16th node ms' $firstNodeRows
function Get-MedianOf($values) { if ($values.Count) { Get-Median $values.ToArray() } else { [double]::NaN } }
$rows = foreach ($p in 0, 1) {
    $b = Get-MedianOf $kinds[$p][0]; $d = Get-MedianOf $kinds[$p][1]; $ib = Get-MedianOf $kinds[$p][2]
    , @(@('PowerShell global tool (IL only)', 'the same, its assemblies ReadyToRun-compiled')[$p], (Format-Num $b 0), (Format-Num $d 0), (Format-Num ($d - $b) 0), (Format-Num $ib 0), (Format-Num ($ib - $b) 0), (Format-Num (($d - $b) / ($ib - $b)) 2))
}
Add-BenchTable $result "Fresh processes by pwsh, medians of $repeats (alternating): bare exit, Import-Module DagRunner + a one-node Invoke-Dag, Invoke-Build 5.14.23 running a one-task build file" 'pwsh', 'bare ms', 'DagRunner ms', 'DagRunner over bare ms', 'Invoke-Build ms', 'Invoke-Build over bare ms', 'DagRunner / Invoke-Build (over bare)' $rows
if ($r2rNote) { $result.notes.Add("No ReadyToRun pwsh: $r2rNote.") }
if (-not $ibRun) { $result.notes.Add('Invoke-Build was not given (-InvokeBuildPath); its columns are n/a.') }
Add-BenchTarget $result '3' 'First node after planning, a fresh process''s first run' (Get-MedianOf $gaps[0]) 20 'ms'
Add-BenchTarget $result '3r' 'The same with ReadyToRun PowerShell assemblies' (Get-MedianOf $r2rGaps[0]) 20 'ms'
Add-BenchTarget $result '5' 'Import-Module + 1-node run over bare pwsh (medians)' ($dagMs - $bareMs) 250 'ms'
Add-BenchTarget $result '5i' 'Its start-up over bare pwsh / Invoke-Build''s' (($dagMs - $bareMs) / ((Get-MedianOf $kinds[0][2]) - (Get-MedianOf $kinds[0][0]))) 0.5 '×'
$r2rOver = (Get-MedianOf $kinds[1][1]) - (Get-MedianOf $kinds[1][0])
Add-BenchTarget $result '5r' 'The same with ReadyToRun PowerShell assemblies' $r2rOver 250 'ms'
Add-BenchTarget $result '5ri' 'Its start-up over bare pwsh / Invoke-Build''s (ReadyToRun pwsh)' ($r2rOver / ((Get-MedianOf $kinds[1][2]) - (Get-MedianOf $kinds[1][0]))) 0.5 '×'
Save-BenchResult $result $OutFile
