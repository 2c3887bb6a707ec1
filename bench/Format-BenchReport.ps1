#Requires -Version 7.4
<#
.SYNOPSIS
    Turns the JSON written by bench/Invoke-Bench.ps1 into Markdown: the machine, a summary of the targets with
    pass or miss, and every benchmark's tables and notes. docs/benchmarks.md shows this output.
.EXAMPLE
    dotnet pwsh ./bench/Format-BenchReport.ps1 -Path out/bench/results-full.json -Destination out/bench/results-full.md
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $Destination
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$suite = Get-Content $Path -Raw | ConvertFrom-Json -AsHashtable

function Format-Cell($Value) {
    if ($null -eq $Value) { return '' }
    if ($Value -is [double] -or $Value -is [decimal]) { return $Value.ToString('#,0.###', [Globalization.CultureInfo]::InvariantCulture) }
    if ($Value -is [long] -or $Value -is [int]) { return $Value.ToString('#,0', [Globalization.CultureInfo]::InvariantCulture) }
    return "$Value".Replace('|', '\|').Replace("`n", ' ')
}

function Format-MarkdownTable([string[]] $Columns, $Rows) {
    '| ' + (($Columns | ForEach-Object { Format-Cell $_ }) -join ' | ') + ' |'
    '|' + (($Columns | ForEach-Object { '---' }) -join '|') + '|'
    foreach ($row in $Rows) { '| ' + ((@($row) | ForEach-Object { Format-Cell $_ }) -join ' | ') + ' |' }
}

$m = $suite.machine
$lines = [Collections.Generic.List[string]]::new()
$lines.Add("### Results: $($suite.mode) mode, $($suite.started)")
$lines.Add('')
$lines.Add("Machine: $($m.cores) cores ($($m.cpu)), $($m.memory), $($m.os), kernel $($m.kernel), .NET $($m.dotnet), pwsh $($m.pwsh); DagRunner $($m.dagrunner) at commit $($m.commit).")
$lines.Add("Command: ``$($suite.command)``; $($suite.seconds) s in all. Load average (1, 5, 15 min) at the start: $($m.loadAverage).")
$lines.Add('')
$lines.Add('| Target | measured | limit | result | benchmark (load average before) |')
$lines.Add('|---|---|---|---|---|')
foreach ($b in $suite.benchmarks) {
    if ($b.Contains('error')) { $lines.Add("| $($b.name) | failed | | error | $($b.error) |"); continue }
    foreach ($t in $b.targets) {
        $lines.Add("| $($t.id). $(Format-Cell $t.text) | $(Format-Cell $t.measured) $($t.unit) | ≤ $(Format-Cell $t.limit) $($t.unit) | $(if ($t.pass) { 'pass' } else { '**miss**' }) | $($b.name) ($($b.loadAverageBefore)) |")
    }
}
foreach ($b in $suite.benchmarks) {
    $lines.Add('')
    $lines.Add("#### $($b.title)")
    $lines.Add('')
    if ($b.Contains('error')) { $lines.Add($b.error); continue }
    $settings = @($b.settings.GetEnumerator() | ForEach-Object { "$($_.Key) = $(@($_.Value) -join ', ')" }) -join '; '
    $when = if ($b.Contains('date')) { ", ran $($b.date)" } else { '' }
    $lines.Add("bench/$($b.name).ps1 -Mode $($b.mode): $($b.seconds) s$when; load average before $($b.loadAverageBefore), after $($b.loadAverageAfter). Settings: $settings.")
    foreach ($table in $b.tables) {
        $lines.Add('')
        $lines.Add("$($table.title):")
        $lines.Add('')
        foreach ($line in Format-MarkdownTable $table.columns $table.rows) { $lines.Add($line) }
    }
    if ($b.notes.Count) {
        $lines.Add('')
        foreach ($note in $b.notes) { $lines.Add("- $note") }
    }
}
$text = ($lines -join "`n") + "`n"
if ($Destination) { Set-Content -Path $Destination -Value $text -Encoding utf8NoBOM -NoNewline } else { $text }
