# Export-DagReport and -LogDirectory's report.html: the page a real run writes, opened in headless Chromium.
# Browser.psm1 finds Chromium, or installs it (apt-get, as root on Debian) where it is missing; when it can do neither,
# the browser tests are skipped with the reason in their name, so a missing browser shows in every run's output.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Browser.psm1') -Force
    $script:browser = Find-Chromium
    $script:noBrowser = $null -eq $browser.Path
    $script:skipReason = if ($noBrowser) { " (skipped: $($browser.SkipReason))" } else { '' }
    if ($noBrowser) { Write-Warning "Browser tests skipped: $($browser.SkipReason)" }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Browser.psm1') -Force
    Import-DagRunner
    $script:chromium = (Find-Chromium -NoInstall).Path
    $script:secret = 's3cr3t-Value-42'
    $script:fixed = Join-Path $TestDrive 'test-fixed'
    $script:flakyMarker = Join-Path $TestDrive 'flaky-failed-once'

    # build passes (and logs the secret and markup), flaky fails its first attempt, test fails (until fixed), package is
    # skipped, lint fails under continueOnError, deploy fans out to three instances.
    $script:wf = New-Workflow -Name report-demo @"
name: report-demo
secrets:
  Token: param
nodes:
  build:
    run: |
      Write-Host "token is `$Token"
      Write-Host '</script><img src=x onerror=alert(1)><b>bold</b>'
      'artifact.zip'
  flaky:
    needs: [build]
    retry: { attempts: 3, delay: 10ms }
    run: |
      if (-not (Test-Path '$flakyMarker')) { Set-Content '$flakyMarker' 1; throw 'first attempt fails' }
      'ok'
  test:
    needs: [build]
    run: |
      if (-not (Test-Path '$fixed')) { throw 'Expected 3 but got 4' }
  package:
    needs: [test]
    run: "'pkg'"
  lint:
    continueOnError: true
    run: throw 'style problems'
  deploy:
    needs: [build]
    foreach: [web01, web02, web03]
    run: '"deployed `$Item"'
"@
    $script:logs = Join-Path $TestDrive 'logs'
    $script:run = Invoke-Dag $wf -Secrets @{ Token = $secret } -LogDirectory $logs -OutputMode Silent -ErrorAction SilentlyContinue
    $script:page = Join-Path $TestDrive 'run.html'
    $run | Export-DagReport -LogDirectory $logs -OutFile $page

    function Get-Row([string] $Dom, [string] $Node) {
        $m = [regex]::Match($Dom, '(?s)<g class="gantt-row" data-node="' + [regex]::Escape($Node) + '">(.*?)</g>')
        $m.Success | Should -BeTrue -Because "the timeline has a row for $Node"
        $m.Groups[1].Value
    }
}

Describe 'Export-DagReport' {
    It 'writes one HTML page to the pipeline, or to -OutFile (returning the file with -PassThru)' {
        $text = $run | Export-DagReport
        $text | Should -BeOfType [string]
        $text | Should -Match '^<!DOCTYPE html>'
        $file = $run | Export-DagReport -OutFile (Join-Path $TestDrive 'out/again.html') -PassThru
        $file | Should -BeOfType [IO.FileInfo]
        $file.Length | Should -BeGreaterThan 50000 # the layout library is inside
        Get-Content $file -Raw | Should -Not -Match '<(script|link|img)[^>]*\s(src|href)='
    }

    It 'never holds a secret: the run masked it in the result and the log files' {
        Get-Content $page -Raw | Should -Not -Match ([regex]::Escape($secret))
        Get-Content $page -Raw | Should -Match 'token is \*\*\*'
    }

    It 'reports the checkpoint with -FromCheckpoint' {
        $html = Export-DagReport $wf -FromCheckpoint
        $html | Should -Match '"source":"checkpoint"'
        $html | Should -Match ('"runId":"' + $run.RunId + '"')
    }

    It 'reports -CheckpointPath alone, without the workflow: every node, no edges' {
        $html = Export-DagReport -CheckpointPath (Join-Path (Split-Path $wf) '.dagrunner/report-demo.checkpoint.json')
        $html | Should -Match '"hasGraph":false'
        $html | Should -Match '"edges":\[\]'
        foreach ($node in $run.Nodes) { $html | Should -Match ('"n":"' + [regex]::Escape($node.Name) + '"') }
    }

    It 'given only the workflow, reports its last run from the checkpoint' {
        $html = Export-DagReport $wf
        $html | Should -Match ('"runId":"' + $run.RunId + '"')
        foreach ($node in $run.Nodes) { $html | Should -Match ('"n":"' + [regex]::Escape($node.Name) + '"') }
    }

    It 'given a workflow that never ran, says so (CheckpointNotFound)' {
        $fresh = Join-Path $TestDrive 'never-ran.dag.yaml'
        Set-Content $fresh "name: never-ran`nnodes:`n  a:`n    run: 'x'"
        Export-DagReport $fresh -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound*'
    }

    It 'a -LogDirectory run writes report.html beside its node logs, with every node' {
        $html = Get-Content (Join-Path $logs 'report.html') -Raw
        foreach ($node in $run.Nodes) {
            $html | Should -Match ('"n":"' + [regex]::Escape($node.Name) + '","s":"' + $node.Status + '"')
        }
        $html | Should -Match 'token is \*\*\*' # the logs are in it
    }

    It 'a -LogDirectory run stopped by Ctrl+C still writes report.html, its running node Cancelled' {
        $started = Join-Path $TestDrive 'long-started'
        $stopLogs = Join-Path $TestDrive 'stop-logs'
        $long = New-Workflow @"
nodes:
  first:
    run: "'one'"
  long:
    needs: [first]
    run: |
      Set-Content '$started' 1
      Start-Sleep -Seconds 600
"@
        $ps = New-DagPowerShell (Get-Module DagRunner).Path
        try {
            $null = $ps.AddCommand('Invoke-Dag').AddParameter('Path', $long).AddParameter('LogDirectory', $stopLogs).AddParameter('OutputMode', 'Silent')
            $handle = $ps.BeginInvoke()
            Wait-Until { Test-Path $started } -What 'the long node to start'
            $ps.Stop() # what Ctrl+C does: StopProcessing
            $html = Get-Content (Join-Path $stopLogs 'report.html') -Raw
            $html | Should -Match '"n":"first","s":"Succeeded"'
            $html | Should -Match '"n":"long","s":"Cancelled"'
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe "The report in headless Chromium$skipReason" -Skip:$noBrowser {
    BeforeAll {
        $script:shown = Invoke-Chromium -Chromium $chromium -File $page -DumpDom
        $script:dom = $shown.Dom
    }

    It 'renders without a script error' {
        $dom | Should -Match '<div id="report-status" data-state="rendered"'
        $dom | Should -Not -Match 'class="report-error"'
        $shown.Log | Should -Not -Match 'Uncaught'
    }

    It 'has every node in its table with its status, and every node or foreach group in its graph' {
        foreach ($node in $run.Nodes) {
            $dom | Should -Match ('<tr data-node="' + [regex]::Escape($node.Name) + '" data-status="' + $node.Status + '"')
            $dom | Should -Match ('<g class="gantt-row" data-node="' + [regex]::Escape($node.Name) + '"')
        }
        foreach ($name in 'build', 'flaky', 'test', 'package', 'lint', 'deploy') {
            $dom | Should -Match ('<g class="node[^"]*" data-node="' + $name + '"')
        }
        $dom | Should -Match '<g class="node critical"' # the critical path is marked
        # Hovering a node shows its status and error (an SVG title).
        $dom | Should -Match '(?s)<g class="node[^"]*" data-node="test"[^>]*>(?:(?!</g>).)*<title>test\s+Failed\s+[^<]*Expected 3 but got 4'
        $dom | Should -Match '<path class="edge[^"]*"' # the needs are drawn
    }

    It 'draws each attempt of a retried node as its own bar' {
        $flaky = Get-Row $dom 'flaky'
        ([regex]::Matches($flaky, 'class="bar attempt"')).Count | Should -Be 2
        ([regex]::Matches((Get-Row $dom 'build'), '<rect class="bar')).Count | Should -Be 1
    }

    It "shows a node's log and error as text, however much markup they hold (report.html#node=build)" {
        $build = (Invoke-Chromium -Chromium $chromium -File $page -DumpDom -Fragment '#node=build').Dom
        $build | Should -Match '<pre class="log">[^<]*token is \*\*\*[^<]*&lt;/script&gt;&lt;img src=x onerror=alert\(1\)&gt;&lt;b&gt;bold&lt;/b&gt;'
        $build | Should -Not -Match '<img'
        $test = (Invoke-Chromium -Chromium $chromium -File $page -DumpDom -Fragment '#node=test').Dom
        $test | Should -Match 'Expected 3 but got 4'
        $test | Should -Match ([regex]::Escape([IO.Path]::GetFileName($wf)) + ':\d+')
    }

    It 'marks nodes a resume restored, without drawing them as time' {
        Set-Content $fixed 1
        $resumed = Resume-Dag $wf -Secrets @{ Token = $secret } -OutputMode Silent -ErrorAction SilentlyContinue
        $resumed['build'].Reason | Should -Be 'Resumed'
        $file = Join-Path $TestDrive 'resumed.html'
        $resumed | Export-DagReport -OutFile $file
        $resumedDom = (Invoke-Chromium -Chromium $chromium -File $file -DumpDom).Dom
        $resumedDom | Should -Match '<div id="report-status" data-state="rendered"'
        $build = Get-Row $resumedDom 'build'
        $build | Should -Match 'class="restored"'
        $build | Should -Not -Match 'class="bar'
        Get-Row $resumedDom 'test' | Should -Match 'class="bar'
    }

    It 'sorts and filters its table, expands a foreach group and opens a node''s details on a click' {
        # A copy of the page with a script of the test's own after the report's: it clicks and types as a user
        # would, and writes what the page then shows into the DOM.
        $driver = @'
<script>
(function () {
  function shown() {
    return Array.from(document.querySelectorAll("#nodes tbody tr"))
      .filter(function (r) { return r.style.display !== "none"; }).map(function (r) { return r.getAttribute("data-node"); });
  }
  function click(el) { el.dispatchEvent(new MouseEvent("click", { bubbles: true })); }
  var out = {};
  var filter = document.getElementById("filter");
  filter.value = "deploy"; filter.dispatchEvent(new Event("input"));
  out.filtered = shown();
  filter.value = ""; filter.dispatchEvent(new Event("input"));
  var status = document.getElementById("status-filter");
  status.value = "Failed"; status.dispatchEvent(new Event("change"));
  out.failed = shown();
  status.value = ""; status.dispatchEvent(new Event("change"));
  var byName = document.querySelector('#nodes th[data-key="n"]');
  click(byName); click(byName);
  out.descending = shown();
  click(document.querySelector('#graph g.node[data-node="deploy"]'));
  out.graph = Array.from(document.querySelectorAll("#graph g.node")).map(function (g) { return g.getAttribute("data-node"); });
  click(document.querySelector('#graph g.node[data-node="test"]'));
  out.details = document.getElementById("details").className + "|" + document.querySelector("#details h2").textContent;
  var pre = document.createElement("pre"); pre.id = "driven"; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>
'@
        $driven = Join-Path $TestDrive 'driven.html'
        Set-Content -LiteralPath $driven -Value ((Get-Content $page -Raw).Replace('</body>', $driver + '</body>')) -Encoding utf8NoBOM
        $shownDom = (Invoke-Chromium -Chromium $chromium -File $driven -DumpDom).Dom
        $m = [regex]::Match($shownDom, '<pre id="driven">(.*?)</pre>')
        $m.Success | Should -BeTrue -Because 'the driving script ran to its end'
        $out = [Net.WebUtility]::HtmlDecode($m.Groups[1].Value) | ConvertFrom-Json
        $out.filtered | Should -Be @($run.Nodes.Name -like 'deploy*') # in the result's order
        @($out.filtered).Count | Should -Be 4
        $out.failed | Should -Be @(($run.Nodes | Where-Object Status -eq 'Failed').Name)
        $out.failed | Should -Contain 'lint' # failed under continueOnError: Failed all the same
        $out.failed | Should -Contain 'test'
        $out.descending | Should -Be @($run.Nodes.Name | Sort-Object -Descending -Culture 'en-US')
        $out.graph | Should -Contain 'deploy[web02]' # the group opened into its instances
        $out.graph | Should -Contain 'deploy'         # ... inside the group's box
        $out.details | Should -Be 'open|test'
    }

    It 'lays out a graph of more than 300 boxes as it opens, every node drawn with its edges' {
        # 16 levels of 20: each node needs the one above it and that one's neighbour.
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('name: wide'); $lines.Add('nodes:')
        for ($level = 0; $level -lt 16; $level++) {
            for ($i = 0; $i -lt 20; $i++) {
                $lines.Add("  n$($level)_$($i):")
                if ($level -gt 0) { $lines.Add("    needs: [n$($level - 1)_$($i), n$($level - 1)_$(($i + 1) % 20)]") }
                $lines.Add("    run: '`$null'")
            }
        }
        $wide = New-Workflow -Name wide ($lines -join "`n")
        $widePage = Join-Path $TestDrive 'wide.html'
        Invoke-Dag $wide -NoCheckpoint -OutputMode Silent | Export-DagReport -OutFile $widePage
        $wideDom = (Invoke-Chromium -Chromium $chromium -File $widePage -DumpDom).Dom

        $wideDom | Should -Match '<div id="report-status" data-state="rendered"'
        ([regex]::Matches($wideDom, '<g class="node[^"]*" data-node="n\d+_\d+"')).Count | Should -Be 320
        ([regex]::Matches($wideDom, '<path class="edge')).Count | Should -Be (15 * 20 * 2)
        $wideDom | Should -Match 'laid out by rank'
        $wideDom | Should -Not -Match 'id="layout-now"'
    }

    It 'paints a picture, not a blank page' {
        $png = Join-Path $TestDrive 'run.png'
        $null = Invoke-Chromium -Chromium $chromium -File $page -Screenshot $png
        # A blank page is one colour; the report's graph, bars and text are hundreds.
        Get-PngColourCount $png | Should -BeGreaterThan 100
    }
}
