#Requires -Version 7.4
<#
.SYNOPSIS
    The HTML report of a 2,000-node run: its size, and how long headless Chromium takes to open and render it.
.DESCRIPTION
    Writes a layered 2,000-node workflow (about 45 levels; each node needs two of the level before, writes two log
    lines; one node in 50 fails under continueOnError, one in 100 fails its first attempt and succeeds on its retry,
    and one foreach node has 20 instances), runs it with Invoke-Dag -LogDirectory, and exports the report with
    Export-DagReport -LogDirectory. Then opens the page -Repeats times in headless Chromium (--dump-dom) and reports
    the medians of:

      render ms     the page's own clock (performance.now()) when its script has drawn the facts, the table, the
                    timeline and the graph (over 300 boxes laid out by the page's own layered layout, not dagre):
                    from the start of navigation, as the page reports it in #report-status
      browser ms    the whole chromium process, start to exit, as a user waits for it (the browser's own start
                    included)
      screenshot ms chromium --screenshot of the page (layout and paint included), start to exit, beside the same for
                    an empty page: the difference is what the report costs to show
      layout ms     the same page opened as report.html#layout=all, which lays the 2,000-node graph out with dagre
                    (what the page's own layout spares it)
      on open       a second run of -OnOpenBoxes (300) boxes, whose page lays its graph out as it opens: render
                    ms and layout ms of that page

    Needs Chromium (apt-get install -y chromium). Not part of ./build.ps1 Bench: it needs a browser.
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh -NoProfile -File bench/Report.ps1
#>
[CmdletBinding()]
param(
    [int] $Nodes = 2000,
    [int] $Repeats = 5,
    # The second page: this many boxes in its graph, the most a page lays out when it opens.
    [int] $OnOpenBoxes = 300,
    [string] $Chromium,
    # Keep the workflow, logs and report here (default: a temp folder, removed at the end).
    [string] $WorkDirectory
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Join-Path (Get-RepoRoot) 'tests/Pester/Browser.psm1') -Force
Import-Module (Join-Path (Get-RepoRoot) 'DagRunner.psd1') -Force

if (-not $Chromium) {
    $found = Find-Chromium -NoInstall
    if (-not $found.Path) { throw $found.SkipReason }
    $Chromium = $found.Path
}

$keep = [bool]$WorkDirectory
$work = if ($WorkDirectory) { $WorkDirectory } else { Join-Path ([IO.Path]::GetTempPath()) ('dagrunner-report-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
$null = New-Item -ItemType Directory -Force -Path $work

function New-ReportWorkflow([int] $Total) {
    $Count = $Total - 20 # the foreach node's 20 instances are nodes of the run too
    $levels = [Math]::Max(2, [int][Math]::Round([Math]::Sqrt($Count)))
    $width = [int][Math]::Ceiling($Count / $levels)
    $random = [Random]::new(7)
    $marker = Join-Path $work 'retried'
    $yaml = [Text.StringBuilder]::new("name: report-bench`nparallelism: 16`nnodes:`n")
    for ($i = 0; $i -lt $Count; $i++) {
        $level = [Math]::Floor($i / $width)
        [void]$yaml.Append("  n$($i):`n")
        if ($level -gt 0) {
            $first = ($level - 1) * $width
            $needs = @(($first + $random.Next($width)), ($first + $random.Next($width))) | Sort-Object -Unique
            [void]$yaml.Append("    needs: [$(($needs | ForEach-Object { "n$_" }) -join ', ')]`n")
        }
        if ($i -eq 10) {
            # One foreach node: its 20 instances count among the nodes.
            [void]$yaml.Append("    foreach: [$((1..20 | ForEach-Object { "i$_" }) -join ', ')]`n    run: 'Write-Host `"item `$Item`"'`n")
            continue
        }
        $body = "Write-Host 'node n$i starting'; Write-Host 'node n$i done'"
        if ($i % 50 -eq 49) {
            [void]$yaml.Append("    continueOnError: true`n")
            $body += "; throw 'n$i failed on purpose'"
        }
        elseif ($i % 100 -eq 33) {
            [void]$yaml.Append("    retry: { attempts: 2, delay: 10ms }`n")
            $body = "if (-not (Test-Path '$marker-$i')) { Set-Content '$marker-$i' 1; throw 'first attempt of n$i fails' }; " + $body
        }
        [void]$yaml.Append("    run: `"$body`"`n")
    }
    $path = Join-Path $work 'report-bench.dag.yaml'
    Set-Content -LiteralPath $path -Value $yaml.ToString() -Encoding utf8NoBOM
    $path
}

function Open-Report([string] $Page, [string] $Fragment) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $shown = Invoke-Chromium -Chromium $Chromium -File $Page -DumpDom -Fragment $Fragment
    $browserMs = $watch.Elapsed.TotalMilliseconds
    $m = [regex]::Match($shown.Dom, '<div id="report-status" data-state="(\w+)" data-nodes="(\d+)" data-ms="(\d+)" data-graph-ms="(\d+)" data-graph-laid="(\w+)"')
    if (-not $m.Success -or $m.Groups[1].Value -ne 'rendered') { throw "The report did not render: $(($shown.Log -split "`n" | Select-String 'Uncaught|report-error') -join ' ')" }
    [pscustomobject]@{ RenderMs = [int]$m.Groups[3].Value; GraphMs = [int]$m.Groups[4].Value; GraphLaid = $m.Groups[5].Value; BrowserMs = $browserMs }
}


try {
    function New-Report([int] $Count, [string] $Name) {
        $wf = New-ReportWorkflow $Count
        $logs = Join-Path $work "$Name-logs"
        $run = Invoke-Dag $wf -LogDirectory $logs -OutputMode Silent -NoCheckpoint -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $page = Join-Path $work "$Name.html"
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $run | Export-DagReport -LogDirectory $logs -OutFile $page
        [pscustomobject]@{ Run = $run; Page = $page; ExportMs = $watch.Elapsed.TotalMilliseconds }
    }

    $big = New-Report $Nodes 'report'
    $run = $big.Run; $page = $big.Page; $exportMs = $big.ExportMs
    $null = Open-Report $page '' # warm the file cache and the browser's own files
    $opened = 1..$Repeats | ForEach-Object { Open-Report $page '' }
    $laid = 1..$Repeats | ForEach-Object { Open-Report $page '#layout=all' }
    # The largest graph a page lays out with dagre as it opens: 300 boxes (the foreach node's 20 instances are one box).
    $small = New-Report ($OnOpenBoxes + 20) 'on-open'
    $onOpen = 1..$Repeats | ForEach-Object { Open-Report $small.Page '' }
    if (@($onOpen | Where-Object GraphLaid -ne 'yes').Count) { throw "A page of $OnOpenBoxes boxes did not lay its graph out when it opened." }
    # A screenshot waits for layout and paint: the report's against an empty page's is what the report costs to show.
    $blank = Join-Path $work 'blank.html'
    Set-Content -LiteralPath $blank -Value '<!DOCTYPE html><html><body></body></html>' -Encoding utf8NoBOM
    $png = Join-Path $work 'shot.png'
    $shotReport = 1..$Repeats | ForEach-Object { Measure-Ms { $null = Invoke-Chromium -Chromium $Chromium -File $page -Screenshot $png } }
    $shotBlank = 1..$Repeats | ForEach-Object { Measure-Ms { $null = Invoke-Chromium -Chromium $Chromium -File $blank -Screenshot $png } }
    if (@($opened | Where-Object GraphLaid -ne 'yes').Count) { throw "The $Nodes-node page did not lay its graph out when it opened." }

    [pscustomobject]@{
        Nodes              = $run.Nodes.Count
        Status             = "$($run.Status) ($(@($run.Nodes | Where-Object Attempts -gt 1).Count) retried, $(@($run.FailedNodes).Count) failed)"
        ReportMB           = [Math]::Round((Get-Item $page).Length / 1MB, 2)
        ExportMs           = [Math]::Round($exportMs)
        RenderMsMedian     = Get-Median $opened.RenderMs
        BrowserMsMedian    = [Math]::Round((Get-Median $opened.BrowserMs))
        ScreenshotMsMedian = [Math]::Round((Get-Median $shotReport))
        BlankScreenshotMs  = [Math]::Round((Get-Median $shotBlank))
        LayoutAllMsMedian  = Get-Median $laid.GraphMs
        LayoutAllRenderMs  = Get-Median $laid.RenderMs
        OnOpenBoxes        = $OnOpenBoxes
        OnOpenRenderMs     = Get-Median $onOpen.RenderMs
        OnOpenLayoutMs     = Get-Median $onOpen.GraphMs
        Repeats            = $Repeats
        Chromium           = (& $Chromium --version 2>$null) -join ' '
        Cpus               = [Environment]::ProcessorCount
    }
}
finally {
    if (-not $keep) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore }
}
