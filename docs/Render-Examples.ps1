#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the ops-rollout example with a broken server and renders its graph and timeline into docs/images/.
.DESCRIPTION
    Builds the module, runs module/examples/ops-rollout.dag.yaml with -Parameters @{ BrokenServer = 'web2' } (so the
    picture has a failed, a skipped and a conditional node), and writes to docs/images/:

      graph.mmd  + graph.png       Export-DagGraph -Format Mermaid, coloured by the run
      graph.dot  + graph-dot.png   Export-DagGraph -Format Dot, the same run through Graphviz
      gantt.mmd  + gantt.png       Export-DagTimeline -Format MermaidGantt
      trace.json                   Export-DagTimeline -Format ChromeTrace (open it in ui.perfetto.dev)
      report.png                   Export-DagReport, the HTML page as headless Chromium renders it

    The Mermaid pictures come from the Mermaid CLI (@mermaid-js/mermaid-cli, pinned below) installed with npm into
    out/tools/mermaid, never globally, driving the system's Chromium (Puppeteer's own browser download is skipped).
    The DOT picture comes from Graphviz's dot. On Debian: apt-get install -y chromium graphviz nodejs npm.

    Not part of ./build.ps1 Test, because it needs a browser; the text exporters are tested there. The trace is not
    opened in anything here (no network): its structure is checked instead.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./docs/Render-Examples.ps1
#>
[CmdletBinding()]
param(
    # The Chromium that renders the Mermaid pictures.
    [string] $Chromium = $(if ($env:CHROMIUM) { $env:CHROMIUM } else { '/usr/bin/chromium' }),

    # Where the pictures and their sources go.
    [string] $Destination = (Join-Path $PSScriptRoot 'images')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot
$tools = Join-Path $root 'out/tools/mermaid'
$work = Join-Path $root 'out/docs-run'
$mermaidCli = '@mermaid-js/mermaid-cli@11.17.0'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    Write-Host "==> $What" -ForegroundColor Cyan
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Assert-Tool([string] $Name, [string] $Install) {
    if (-not (Get-Command $Name -ErrorAction Ignore)) { throw "$Name is missing: $Install" }
}

# mmdc from out/tools/mermaid, installed there once; Puppeteer is pointed at the system's Chromium.
function Get-MermaidCli {
    Assert-Tool npm 'install Node.js and npm (Debian: apt-get install -y nodejs npm).'
    if (-not (Test-Path $Chromium)) { throw "Chromium was not found at $Chromium (Debian: apt-get install -y chromium), or pass -Chromium <path>." }
    $mmdc = Join-Path $tools 'node_modules/.bin/mmdc'
    if (-not (Test-Path $mmdc)) {
        $env:PUPPETEER_SKIP_DOWNLOAD = '1'
        Invoke-Native "Install $mermaidCli into $tools" { npm install --prefix $tools --no-audit --no-fund $mermaidCli }
    }
    $config = Join-Path $tools 'puppeteer.json'
    [ordered]@{
        executablePath = $Chromium
        args           = @('--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
                           '--disable-component-update', '--disable-sync', '--no-first-run')
    } | ConvertTo-Json | Set-Content $config -Encoding utf8NoBOM
    @{ Path = $mmdc; Config = $config }
}

# The trace is the one picture not rendered here: check that a trace viewer would find what it needs.
function Assert-ChromeTrace([string] $Path, $Result) {
    $trace = Get-Content $Path -Raw | ConvertFrom-Json
    $slices = @($trace.traceEvents | Where-Object { $_.ph -eq 'X' -and $_.cat -notin 'wait', 'retry' })
    $ran = @($Result.Nodes | Where-Object { $_.StartTime -and $_.EndTime } | ForEach-Object Name | Sort-Object)
    $drawn = @($slices | ForEach-Object { $_.args.node } | Sort-Object -Unique)
    if (Compare-Object $ran $drawn) { throw "trace.json draws nodes $($drawn -join ', '); these ran: $($ran -join ', ')." }
    foreach ($event in $trace.traceEvents) {
        foreach ($field in 'name', 'ph', 'pid', 'tid') {
            if ($null -eq $event.$field) { throw "A trace event has no '$field': $($event | ConvertTo-Json -Compress)" }
        }
        if ($event.ph -eq 'X' -and ($event.ts -lt 0 -or $event.dur -lt 0)) { throw "A slice starts before the run or ends before it starts: $($event | ConvertTo-Json -Compress)" }
    }
    $named = @($trace.traceEvents | Where-Object name -eq 'thread_name' | ForEach-Object tid)
    $unnamed = @($slices.tid | Sort-Object -Unique | Where-Object { $_ -notin $named })
    if ($unnamed) { throw "Tracks without a thread_name: $($unnamed -join ', ')" }
    Write-Host "trace.json: $($slices.Count) slices of $($drawn.Count) nodes on $(@($slices.tid | Sort-Object -Unique).Count) runspace tracks, $($trace.traceEvents.Count) events."
}

Invoke-Native 'Build' { dotnet pwsh -NoProfile -File (Join-Path $root 'build.ps1') Build }
Assert-Tool dot 'install Graphviz (Debian: apt-get install -y graphviz).'
$mermaid = Get-MermaidCli

# Run a copy of the examples, so the checkpoint and history of this run stay out of module/examples.
Remove-Item $work -Recurse -Force -ErrorAction Ignore
Copy-Item (Join-Path $root 'module/examples') $work -Recurse
Import-Module (Join-Path $root 'DagRunner.psd1') -Force
$workflow = Join-Path $work 'ops-rollout.dag.yaml'
# Parallel, so the three deploys run side by side whatever the machine's CPU count (Adaptive starts at it).
$result = Invoke-Dag $workflow -Mode Parallel -Parameters @{ BrokenServer = 'web2' } -ErrorAction SilentlyContinue 6>$null 3>$null
if (-not $result -or $result.Status -ne 'Failed' -or $result['deploy-web2'].Status -ne 'Failed') {
    throw "The example run should fail at deploy-web2; it ended $($result.Status)."
}
$result.Nodes | Format-Table Name, Status, Reason, Attempts, Worker, Duration -AutoSize | Out-Host

New-Item -ItemType Directory -Force $Destination | Out-Null
$files = @{
    Graph = Join-Path $Destination 'graph.mmd'
    Dot   = Join-Path $Destination 'graph.dot'
    Gantt = Join-Path $Destination 'gantt.mmd'
    Trace = Join-Path $Destination 'trace.json'
}
$result | Export-DagGraph -OutFile $files.Graph
$result | Export-DagGraph -Format Dot -OutFile $files.Dot
$result | Export-DagTimeline -Format MermaidGantt -OutFile $files.Gantt
$result | Export-DagTimeline -Format ChromeTrace -OutFile $files.Trace
Assert-ChromeTrace $files.Trace $result

# Scale 2 for sharp text; the gantt gets a fixed width so its time axis is not cramped.
Invoke-Native 'Render graph.png' { & $mermaid.Path -p $mermaid.Config -i $files.Graph -o (Join-Path $Destination 'graph.png') -b white -s 2 -q }
Invoke-Native 'Render gantt.png' { & $mermaid.Path -p $mermaid.Config -i $files.Gantt -o (Join-Path $Destination 'gantt.png') -b white -s 2 -w 1200 -q }
Invoke-Native 'Render graph-dot.png' { dot -Tpng -Gdpi=110 $files.Dot -o (Join-Path $Destination 'graph-dot.png') }

# The HTML report, as headless Chromium shows it (the page itself is not kept: it holds this machine's paths).
$report = Join-Path $work 'report.html'
$result | Export-DagReport -OutFile $report
Invoke-Native 'Render report.png' {
    & $Chromium --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars --window-size=1280,1420 `
        "--user-data-dir=$(Join-Path $work 'chromium')" "--screenshot=$(Join-Path $Destination 'report.png')" ([Uri]::new($report).AbsoluteUri) 2>$null
}

Get-ChildItem $Destination | Format-Table Name, Length -AutoSize | Out-Host
