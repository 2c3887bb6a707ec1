BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    # A copy of the examples, so the checkpoint and history of these runs stay in the test drive.
    $script:examples = Join-Path $TestDrive 'examples'
    Copy-Item (Join-Path $PSScriptRoot '../../module/examples') $examples -Recurse
    $script:wf = Join-Path $examples 'ops-rollout.dag.yaml'
    $script:plan = Get-DagPlan $wf

    # One failed run for every test: deploy-web2 fails, verify is skipped, rollback and notify run.
    $script:run = Invoke-Dag $wf -Parameters @{ BrokenServer = 'web2' } -ErrorAction SilentlyContinue 6>$null 3>$null

    # Every edge of the plan as "need -> node".
    $script:edges = foreach ($node in $plan.Nodes) { foreach ($need in $node.Needs) { [pscustomobject]@{ From = $need; To = $node.Name } } }

    function ConvertTo-MermaidId([string] $Name) { 'n_' + ($Name -replace '[^A-Za-z0-9_]', '_') }
}

Describe 'Export-DagGraph' {
    It 'writes a Mermaid flowchart with every node and every edge of the workflow' {
        $text = Export-DagGraph $wf
        $text | Should -BeOfType [string]
        $text | Should -Match '(?m)^flowchart TD$'
        foreach ($node in $plan.Nodes) {
            $text | Should -Match ('(?m)^    {0}\["{1}' -f (ConvertTo-MermaidId $node.Name), [regex]::Escape($node.Name))
        }
        foreach ($edge in $edges) {
            $text | Should -Match ('(?m)^    {0} (-->|-\.->) {1}$' -f (ConvertTo-MermaidId $edge.From), (ConvertTo-MermaidId $edge.To))
        }
        @($edges).Count | Should -Be 12
        $text | Should -Match 'n_rollback\["rollback<br/>when: failure"\]'
        $text | Should -Not -Match 'classDef'
    }

    It 'writes a DOT digraph with one rank per level and every edge' {
        $text = Export-DagGraph -Path $wf -Format Dot -Direction Right
        $text | Should -Match '^digraph "ops-rollout" \{'
        $text | Should -Match 'rankdir=LR'
        ([regex]::Matches($text, 'rank=same')).Count | Should -Be $plan.LevelCount
        foreach ($edge in $edges) {
            $text | Should -Match ('(?m)^    "{0}" -> "{1}"' -f $edge.From, $edge.To)
        }
    }

    It 'colours a run''s failed node red, from the result piped alone' {
        $run.Status | Should -Be 'Failed'
        $text = $run | Export-DagGraph
        $text | Should -Match '(?m)^    classDef failed fill:#ffcdd2,stroke:#c62828'
        $text | Should -Match '(?m)^    class n_deploy_web2 failed$'
        $text | Should -Match '(?m)^    class n_verify skipped$'
        $text | Should -Match 'deploy-web2<br/>Failed · \d+ ms'
        $text | Should -Match 'title: "ops-rollout · Failed · '
    }

    It 'colours a DOT graph from -Path with -Result' {
        $text = Export-DagGraph -Path $wf -Result $run -Format Dot
        $text | Should -Match '"deploy-web2" \[label="deploy-web2\\nFailed · \d+ ms", fillcolor="#ffcdd2"'
    }

    It 'colours from the checkpoint with -FromCheckpoint' {
        $text = Export-DagGraph $wf -FromCheckpoint
        $text | Should -Match '(?m)^    class n_deploy_web2 failed$'
        $text | Should -Match '\(checkpoint\)"'
    }

    It 'reads another checkpoint with -CheckpointPath, and says so when there is none' {
        $cp = Join-Path $TestDrive 'elsewhere.checkpoint.json'
        $null = Invoke-Dag $wf -CheckpointPath $cp 6>$null
        Export-DagGraph $wf -CheckpointPath $cp | Should -Match '(?m)^    class n_preflight,n_deploy_web1,n_deploy_web2,n_deploy_web3,n_verify,n_notify succeeded$'

        $text = Export-DagGraph $wf -CheckpointPath (Join-Path $TestDrive 'none.json') -ErrorVariable errs -ErrorAction SilentlyContinue
        $text | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound,*'
    }

    It 'draws only -Node and what it needs' {
        $text = Export-DagGraph $wf -Node verify
        $text | Should -Match 'n_verify\['
        $text | Should -Not -Match 'n_rollback'
        $text | Should -Not -Match 'n_notify'

        Export-DagGraph $wf -Node verfy -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NodeNotFound,*'
    }

    It 'writes -OutFile and returns nothing, or the file with -PassThru' {
        $out = Join-Path $TestDrive 'graphs/run.mmd'
        $run | Export-DagGraph -OutFile $out | Should -BeNullOrEmpty
        Get-Content $out -Raw | Should -Be ($run | Export-DagGraph)

        $file = Export-DagGraph $wf -Format Dot -OutFile (Join-Path $TestDrive 'graphs/plan.dot') -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.Length | Should -BeGreaterThan 0
        [IO.File]::ReadAllBytes($file.FullName)[0] | Should -Be ([byte][char]'d') # no byte order mark
    }

    It 'refuses a result and a checkpoint together, and a result of an inline definition without it' {
        { Export-DagGraph $wf -Result $run -FromCheckpoint } | Should -Throw -ErrorId 'ExportStatusSourceConflict,*'

        $definition = [ordered]@{ nodes = [ordered]@{ a = @{ run = '1' }; b = @{ needs = 'a'; run = '2' } } }
        $inline = Invoke-Dag -Definition $definition -NoCheckpoint 6>$null
        $inline | Export-DagGraph -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ResultWorkflowUnknown,*'
        Export-DagGraph -Definition $definition -Result $inline | Should -Match '(?m)^    class n_a,n_b succeeded$'
    }

    It 'refuses a result of another workflow' {
        $other = Join-Path $examples 'inventory-report.dag.yaml'
        Export-DagGraph $other -Result $run -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ResultForeignWorkflow,*'
    }
}

Describe 'Export-DagTimeline' {
    BeforeAll {
        $script:ran = @($run.Nodes | Where-Object { $_.StartTime -and $_.EndTime })
    }

    It 'writes a Chrome trace: one complete event per node that ran, on one named track per runspace' {
        $trace = $run | Export-DagTimeline | ConvertFrom-Json
        $slices = @($trace.traceEvents | Where-Object { $_.ph -eq 'X' -and $_.cat -notin 'wait', 'retry' })
        @($slices.name | Sort-Object) | Should -Be @($ran.Name | Sort-Object)
        $ran.Name | Should -Contain 'rollback'
        $ran.Name | Should -Not -Contain 'verify'

        $threads = @($trace.traceEvents | Where-Object name -eq 'thread_name')
        foreach ($worker in $ran.Worker | Sort-Object -Unique) {
            $track = @($threads | Where-Object { $_.tid -eq $worker })
            $track.Count | Should -Be 1
            $track[0].args.name | Should -Be "runspace $worker"
        }
        foreach ($slice in $slices) {
            $slice.tid | Should -Be $run[$slice.name].Worker
            $slice.args.status | Should -Be ([string]$run[$slice.name].Status)
            $slice.ts | Should -BeGreaterOrEqual 0
        }
        ($slices | Where-Object name -eq 'deploy-web2').args.error | Should -Match 'web2 failed'
        $trace.otherData.runId | Should -Be $run.RunId
    }

    It 'shows each attempt of a retried node on its runspace, and the retry delay as a wait' {
        $flaky = New-Workflow -Name flaky @'
nodes:
  flaky:
    retry: { attempts: 3, delay: 150ms }
    run: if ($Dag.Attempt -lt 3) { throw "not yet ($($Dag.Attempt))" }
'@
        $r = Invoke-Dag $flaky -NoCheckpoint 3>$null 6>$null
        $r['flaky'].Attempts | Should -Be 3
        $events = ($r | Export-DagTimeline | ConvertFrom-Json).traceEvents

        $attempts = @($events | Where-Object { $_.ph -eq 'X' -and $_.args.node -eq 'flaky' -and $_.cat -ne 'retry' -and $_.cat -ne 'wait' })
        $attempts.name | Should -Be @('flaky (attempt 1)', 'flaky (attempt 2)', 'flaky (attempt 3)')
        $attempts.args.outcome | Should -Be @('Failed', 'Failed', 'Succeeded')
        $attempts[0].args.error | Should -Be 'not yet (1)'
        $delays = @($events | Where-Object { $_.ph -eq 'X' -and $_.cat -eq 'retry' })
        $delays.Count | Should -Be 2
        foreach ($delay in $delays) { $delay.dur | Should -BeGreaterOrEqual 140000 }

        $gantt = $r | Export-DagTimeline -Format MermaidGantt
        $gantt | Should -Match '(?m)^    flaky · attempt 1 · Failed :crit, '
        $gantt | Should -Match '(?m)^    flaky · attempt 3 :done, crit, '
    }

    It 'writes a Mermaid gantt with each node that ran' {
        $text = Export-DagTimeline -Result $run -Format MermaidGantt
        $text | Should -Match '^gantt\n'
        foreach ($node in $ran) {
            $text | Should -Match ('(?m)^    {0}( · [^:]+)? :' -f [regex]::Escape($node.Name))
        }
        $text | Should -Match '(?m)^    deploy-web2 · Failed :'
        $text | Should -Match '(?m)^    section runspace 1$'
    }

    It 'writes -OutFile, returning the file with -PassThru' {
        $file = $run | Export-DagTimeline -OutFile (Join-Path $TestDrive 'trace.json') -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        { Get-Content $file.FullName -Raw | ConvertFrom-Json } | Should -Not -Throw
    }
}
