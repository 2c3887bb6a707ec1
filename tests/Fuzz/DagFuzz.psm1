# The workflow fuzzer shared by tests/Pester/Fuzz.Tests.ps1 (a small count) and bench/Fuzz.ps1 (a large one).
# It mutates real workflows (module/examples, tests/MSBuild/Sample, tests/Fuzz/seeds) and checks what a user relies on
# for each mutant: Test-Dag answers within 2 s, writes only DagRunner's own DAGnnnn error records, each with the file,
# line and column, and no node ever starts (every run: block writes a marker file first). A mutant Test-Dag refuses
# is also given to Invoke-Dag, which must refuse it the same way and start nothing.
# The same -Seed gives the same mutants on every machine: mutants come from one System.Random.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script:Kinds = 'DeleteLine', 'DuplicateLine', 'SwapLines', 'Indent', 'Truncate', 'RandomBytes', 'Anchors', 'DeepNesting', 'HugeScalar', 'WrongValue', 'Splice'
$script:Tokens = ':', ' ', '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '#', "`t", "`r", "`0", '---', '...', '<<', '? ', '$(', '${', 'nodes', 'needs', 'run', 'file', '&a', '*a', '!!binary', "`u{FEFF}", "`u{2028}", [string][char]0xD800
$script:Values = '~', 'null', 'true', 'yes', '0x1F', '1e400', '-0', '.nan', '[]', '{}', '[a, [b]]', '{ a: { b: c } }', "''", '"\u0000"', '*nothing', '&x', '!!str 5', '10m', '0ms', '-1', '99999999999999999999', 'a -> b'

<#
.SYNOPSIS
    The workflows to mutate: name, text, and the folder their file: paths start at.
#>
function Get-DagFuzzSeed {
    param([Parameter(Mandatory)] [string] $Root)
    $files = @(Get-ChildItem (Join-Path $Root 'module/examples') -Filter '*.dag.yaml') +
        @(Get-ChildItem (Join-Path $Root 'tests/MSBuild/Sample') -Filter '*.dag.yaml') +
        @(Get-ChildItem (Join-Path $Root 'tests/Fuzz/seeds') -File)
    foreach ($file in $files | Sort-Object Name) {
        [pscustomobject]@{ Name = $file.Name; Text = [IO.File]::ReadAllText($file.FullName); Extension = $file.Extension }
    }
}

<#
.SYNOPSIS
    Puts a marker line first in every literal 'run: |' and 'fallback: |' block, so a node that starts leaves a file.
#>
function Add-DagFuzzMarker {
    param([Parameter(Mandatory)] [string] $Text)
    $lines = [Collections.Generic.List[string]]::new([string[]]($Text -split "`n"))
    for ($i = $lines.Count - 2; $i -ge 0; $i--) {
        if ($lines[$i] -match '^\s*(run|fallback):\s*\|\s*$' -and $lines[$i + 1] -match '^(\s+)\S') {
            $lines.Insert($i + 1, "$($Matches[1])New-Item -ItemType File -Force -Path (Join-Path `$env:DAGFUZZ_MARKERS ([guid]::NewGuid())) | Out-Null")
        }
    }
    $lines -join "`n"
}

<#
.SYNOPSIS
    One mutant of a seed: one to three random mutations. Returns the text and what was done.
#>
function New-DagFuzzMutant {
    param(
        [Parameter(Mandatory)] [string] $Text,
        [Parameter(Mandatory)] [System.Random] $Random,
        [string[]] $Others = @()
    )
    $done = [Collections.Generic.List[string]]::new()
    $count = 1 + $Random.Next(3)
    for ($m = 0; $m -lt $count; $m++) {
        $kind = $script:Kinds[$Random.Next($script:Kinds.Count)]
        $Text = Invoke-Mutation -Kind $kind -Text $Text -Random $Random -Others $Others
        $done.Add($kind)
    }
    [pscustomobject]@{ Text = $Text; Mutations = $done -join '+' }
}

function Invoke-Mutation([string] $Kind, [string] $Text, [System.Random] $Random, [string[]] $Others) {
    $lines = [Collections.Generic.List[string]]::new([string[]]($Text -split "`n"))
    $pick = { $Random.Next([Math]::Max(1, $lines.Count)) }
    switch ($Kind) {
        'DeleteLine' { if ($lines.Count -gt 1) { $lines.RemoveAt((& $pick)) } }
        'DuplicateLine' { $i = & $pick; $lines.Insert($i, $lines[$i]) }
        'SwapLines' { $i = & $pick; $j = & $pick; $t = $lines[$i]; $lines[$i] = $lines[$j]; $lines[$j] = $t }
        'Indent' {
            $i = & $pick
            $lines[$i] = switch ($Random.Next(4)) {
                0 { (' ' * (1 + $Random.Next(4))) + $lines[$i] }
                1 { $lines[$i].TrimStart() }
                2 { "`t" + $lines[$i] }
                default { $lines[$i] -replace '^  ', '' }
            }
        }
        'Truncate' { return $Text.Substring(0, $Random.Next($Text.Length + 1)) }
        'RandomBytes' {
            $at = $Random.Next($Text.Length + 1)
            $insert = -join (1..(1 + $Random.Next(6)) | ForEach-Object {
                if ($Random.Next(2)) { $script:Tokens[$Random.Next($script:Tokens.Count)] } else { [string][char]$Random.Next(0, 0x3000) }
            })
            return $Text.Insert($at, $insert)
        }
        'Anchors' {
            $i = & $pick
            $lines[$i] = switch ($Random.Next(4)) {
                0 { $lines[$i] -replace ':\s+(\S)', ': &a $1' }
                1 { $lines[$i] -replace ':\s+\S.*$', ': *a' }
                2 { $lines[$i] -replace ':\s+\S.*$', ': &a [*a]' }
                default {
                    # A small billion-laughs chain under a new top-level key.
                    $lines.Add('bomb:')
                    $lines.Add('  l0: &l0 [x, x, x, x, x, x, x, x, x, x]')
                    foreach ($l in 1..(2 + $Random.Next(8))) { $lines.Add("  l$($l): &l$l [" + ((1..10 | ForEach-Object { "*l$($l - 1)" }) -join ', ') + ']') }
                    $lines[$i]
                }
            }
        }
        'DeepNesting' {
            $depth = 50 + $Random.Next(400)
            $open = if ($Random.Next(2)) { '[' } else { '{a: ' }
            $close = if ($open -eq '[') { ']' } else { '}' }
            $i = & $pick
            $closing = if ($Random.Next(3)) { $close * $depth } else { '' }
            $lines[$i] = ($lines[$i] -replace ':\s*$', ':') + ' ' + ($open * $depth) + '1' + $closing
        }
        'HugeScalar' {
            $i = & $pick
            $big = [string]::new([char](97 + $Random.Next(26)), 1000 + $Random.Next(300000))
            $lines[$i] = if ($lines[$i] -match ':') { ($lines[$i] -replace ':.*$', ': ') + $big } else { $lines[$i] + $big }
        }
        'WrongValue' {
            $i = & $pick
            $value = $script:Values[$Random.Next($script:Values.Count)]
            $lines[$i] = if ($lines[$i] -match ':') { ($lines[$i] -replace ':.*$', ': ') + $value } else { "$($lines[$i]) $value" }
        }
        'Splice' {
            if ($Others.Count) {
                $other = $Others[$Random.Next($Others.Count)] -split "`n"
                $from = $Random.Next($other.Count); $take = 1 + $Random.Next(6)
                $lines.InsertRange((& $pick), [string[]]@($other[$from..([Math]::Min($other.Count - 1, $from + $take))]))
            }
        }
    }
    $lines -join "`n"
}

<#
.SYNOPSIS
    The bytes of a mutant's file: its text as UTF-8 (a lone surrogate becomes U+FFFD), and one time in eight
    a few random raw bytes too, which need not be UTF-8 at all.
#>
function ConvertTo-MutantBytes {
    param([Parameter(Mandatory)] $Mutant, [Parameter(Mandatory)] [System.Random] $Random)
    $bytes = [Collections.Generic.List[byte]]::new([Text.UTF8Encoding]::new($false, $false).GetBytes($Mutant.Text))
    if ($Random.Next(8) -eq 0) {
        $raw = [byte[]]::new(1 + $Random.Next(8))
        $Random.NextBytes($raw)
        $bytes.InsertRange($Random.Next($bytes.Count + 1), $raw)
        $Mutant.Mutations += '+RawBytes'
    }
    , $bytes.ToArray()
}

<#
.SYNOPSIS
    Fuzzes Test-Dag (and Invoke-Dag on what it refuses) with -Count mutants from -Seed; returns the counts and failures.
.DESCRIPTION
    Each Test-Dag runs in a PowerShell of its own on one runspace that has the module, so a hang is stopped after
    -TimeoutSeconds and counted as a failure instead of hanging the caller.
#>
function Invoke-DagFuzz {
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [int] $Count,
        [Parameter(Mandatory)] [int] $Seed,
        [Parameter(Mandatory)] [string] $Directory,
        [double] $TimeoutSeconds = 2,
        [int] $InvokeEvery = 1
    )
    $random = [System.Random]::new($Seed)
    $seeds = @(Get-DagFuzzSeed -Root $Root)
    $texts = @($seeds | ForEach-Object { Add-DagFuzzMarker $_.Text })
    $markers = Join-Path $Directory 'markers'
    New-Item -ItemType Directory -Force $markers | Out-Null
    Copy-Item (Join-Path $Root 'module/examples/scripts') $Directory -Recurse -Force
    $previousMarkers = $env:DAGFUZZ_MARKERS
    $env:DAGFUZZ_MARKERS = $markers

    $state = [InitialSessionState]::CreateDefault2()
    $state.ImportPSModule((Join-Path $Root 'DagRunner.psd1'))
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $failures = [Collections.Generic.List[object]]::new()
    $tried = 0; $refused = 0; $slowest = 0.0
    try {
        # The first Test-Dag in a runspace loads and compiles what every later one reuses: not what the timeout is for.
        $warmUp = Join-Path $Directory 'warm-up.dag.yaml'
        [IO.File]::WriteAllText($warmUp, $texts[0])
        $ps = [powershell]::Create(); $ps.Runspace = $runspace
        $null = $ps.AddCommand('Test-Dag').AddParameter('Path', $warmUp).Invoke()
        $ps.Dispose(); Remove-Item $warmUp

        for ($n = 0; $n -lt $Count; $n++) {
            $s = $random.Next($seeds.Count)
            $mutant = New-DagFuzzMutant -Text $texts[$s] -Random $random -Others $texts
            $path = Join-Path $Directory ("mutant-{0:d5}{1}" -f $n, $seeds[$s].Extension.Replace('.yaml', '.dag.yaml'))
            [IO.File]::WriteAllBytes($path, (ConvertTo-MutantBytes -Mutant $mutant -Random $random))
            $tried++
            $problems = @(Test-Mutant -Runspace $runspace -Path $path -TimeoutSeconds $TimeoutSeconds -Markers $markers -Invoke:($n % $InvokeEvery -eq 0))
            if ($problems[-1] -is [double]) { $slowest = [Math]::Max($slowest, $problems[-1]); $problems = @($problems | Select-Object -SkipLast 1) }
            if ($problems -contains 'refused') { $refused++; $problems = @($problems | Where-Object { $_ -ne 'refused' }) }
            if ($problems.Count) {
                $failures.Add([pscustomobject]@{ Index = $n; Seed = $seeds[$s].Name; Mutations = $mutant.Mutations; Path = $path; Problems = $problems -join '; ' })
            } else {
                Remove-Item $path
            }
        }
    } finally {
        $runspace.Dispose()
        $env:DAGFUZZ_MARKERS = $previousMarkers
    }
    [pscustomobject]@{ Seed = $Seed; Tried = $tried; Passed = $tried - $failures.Count; Refused = $refused; SlowestSeconds = $slowest; Failures = $failures }
}

# The problems of one mutant (none when it passes), then 'refused' when Test-Dag said $false, then Test-Dag's seconds.
function Test-Mutant($Runspace, [string] $Path, [double] $TimeoutSeconds, [string] $Markers, [switch] $Invoke) {
    $ps = [powershell]::Create()
    $ps.Runspace = $Runspace
    $null = $ps.AddCommand('Test-Dag').AddParameter('Path', $Path)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $async = $ps.BeginInvoke()
    $valid = $null
    try {
        if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSeconds))) {
            $ps.Stop()
            'Test-Dag did not return within {0} s' -f $TimeoutSeconds
            $watch.Elapsed.TotalSeconds
            return
        }
        $output = @($ps.EndInvoke($async))
        $seconds = $watch.Elapsed.TotalSeconds
        if ($output.Count -ne 1 -or $output[0] -isnot [bool]) { "Test-Dag returned $($output.Count) objects instead of one bool" } else { $valid = $output[0] }
        $errors = @($ps.Streams.Error)
        foreach ($e in $errors) { Test-ErrorRecord $e $Path }
        if ($valid -eq $true -and $errors.Count) { 'Test-Dag returned $true but wrote errors' }
        if ($valid -eq $false -and -not $errors.Count) { 'Test-Dag returned $false without an error' }
    } catch {
        "Test-Dag threw: $($_.Exception.GetType().FullName): $($_.Exception.Message)"
        $seconds = $watch.Elapsed.TotalSeconds
    } finally {
        $ps.Dispose()
    }
    if (@(Get-ChildItem $Markers).Count) { 'a node started during Test-Dag (a marker file appeared)' }
    if ($valid -eq $false -and $Invoke) { Test-InvokeRefuses $Runspace $Path $Markers ([Math]::Max(10, $TimeoutSeconds)) }
    if ($valid -eq $false) { 'refused' }
    $seconds
}

# A DagRunner error record for a workflow problem: a DAGnnnn id, the mutant's path, a line and a column.
function Test-ErrorRecord($Record, [string] $Path) {
    $id = $Record.FullyQualifiedErrorId
    if ($id -notmatch '^DAG\d{4}(,|$)') { return "an error that is not DagRunner's: $id ($($Record.Exception.GetType().FullName): $($Record.Exception.Message))" }
    $location = $Record.Exception.Diagnostic.Location
    # A problem inside a node's script file (a syntax error, a bad $Needs read) is reported in that file.
    $inScript = $location.File -like '*.ps1' -and (Test-Path -LiteralPath $location.File)
    if (($location.File -ne $Path -and -not $inScript) -or $location.Line -lt 1 -or $location.Column -lt 1) {
        "error $($id.Split(',')[0]) has no file/line/column: '$($location.File)'($($location.Line),$($location.Column))"
    }
}

# Invoke-Dag on a refused mutant: no result, only DAGnnnn errors with positions, no marker.
function Test-InvokeRefuses($Runspace, [string] $Path, [string] $Markers, [double] $TimeoutSeconds) {
    $ps = [powershell]::Create()
    $ps.Runspace = $Runspace
    $null = $ps.AddCommand('Invoke-Dag').AddParameter('Path', $Path).AddParameter('NoCheckpoint')
    try {
        $async = $ps.BeginInvoke()
        if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSeconds))) { $ps.Stop(); return "Invoke-Dag did not return within $TimeoutSeconds s" }
        $output = @($ps.EndInvoke($async))
        if ($output.Count) { "Invoke-Dag returned $($output.Count) objects for a workflow Test-Dag refused" }
        if (-not $ps.Streams.Error.Count) { 'Invoke-Dag wrote no error for a workflow Test-Dag refused' }
        foreach ($e in @($ps.Streams.Error)) { Test-ErrorRecord $e $Path }
    } catch {
        "Invoke-Dag threw: $($_.Exception.GetType().FullName): $($_.Exception.Message)"
    } finally {
        $ps.Dispose()
    }
    if (@(Get-ChildItem $Markers).Count) { 'a node started during Invoke-Dag of a refused workflow (a marker file appeared)' }
}

Export-ModuleMember -Function Get-DagFuzzSeed, Add-DagFuzzMarker, New-DagFuzzMutant, ConvertTo-MutantBytes, Invoke-DagFuzz
