BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'Retries, timeouts and fallback' {
    It 'runs a flaky node (fails twice, then succeeds) three times with attempts: 3, and shows $Dag.Attempt' {
        $counter = Join-Path $TestDrive 'flaky-count.txt'
        $wf = New-Workflow @"
nodes:
  flaky:
    retry: { attempts: 3, delay: 100ms, backoff: exponential }
    run: |
      Add-Content '$counter' `$Dag.Attempt
      if (`$Dag.Attempt -lt 3) { throw "transient failure `$(`$Dag.Attempt)" }
      "succeeded on attempt `$(`$Dag.Attempt)"
"@
        $r = Invoke-Dag $wf -WarningVariable warns 3>$null
        $r.Status | Should -Be 'Succeeded'
        $r['flaky'].Attempts | Should -Be 3
        $r['flaky'].Output | Should -Be @('succeeded on attempt 3')
        Get-Content $counter | Should -Be @('1', '2', '3')
        ($warns.Message -join "`n") | Should -Match 'attempt 1 of 3 failed: transient failure 1; next attempt in 100ms'
        ($warns.Message -join "`n") | Should -Match 'attempt 2 of 3 failed: transient failure 2; next attempt in 200ms'
    }

    It 'gives each attempt a clean runspace state' {
        $wf = New-Workflow @'
nodes:
  a:
    retry: { attempts: 2, delay: 10ms }
    run: |
      "seen=[$global:fromFirstAttempt]"
      $global:fromFirstAttempt = 'leaked'
      if ($Dag.Attempt -eq 1) { throw 'again' }
'@
        $r = Invoke-Dag $wf 3>$null
        $r['a'].Output | Should -Be @('seen=[]')
    }

    It 'stops a timed-out attempt and kills the native processes it started' {
        # Unique sleep lengths name the processes: a direct child, and a grandchild under sh. Each leaves a file if
        # its sleep ends: killed, they leave none.
        $id = Get-Random -Minimum 100000 -Maximum 999999
        $ended = Join-Path $TestDrive "ended-$id"
        $wf = New-Workflow @"
nodes:
  hang:
    timeout: 1s
    run: |
      sh -c 'sleep 601.$id && touch $ended-1 & sleep 602.$id && touch $ended-2'
"@
        $r = Invoke-DagGuarded @{ Path = $wf }
        $r['hang'].Status | Should -Be 'Failed'
        $r['hang'].Reason | Should -Be 'TimedOut'
        # The kill may still be landing when the run returns; a process that outlives the guard was not killed.
        Wait-Until { -not @(pgrep -f "sleep 60[12].$id").Count } 'the timed-out node''s processes to end'
        Test-Path "$ended-*" | Should -BeFalse -Because 'the processes were killed, not left to finish'
    }

    It 'runs no statement of a timed-out attempt after the native command it was stopped in, and leaves no process' {
        # Before the fix the tree was killed before the pipeline knew it was stopping: the script went on to its next
        # line (here: the marker and an output) now and then, and a grandchild forked during the kill survived.
        $id = Get-Random -Minimum 100000 -Maximum 999999
        $marker = Join-Path $TestDrive "after-timeout-$id.txt"
        $nodes = foreach ($i in 1..12) {
            "  hang${i}:`n    timeout: 300ms`n    continueOnError: true`n    retry: { attempts: 2, delay: 10ms }`n    run: |`n" +
            "      sh -c 'sleep 63.$id & sleep 64.$id'`n      Add-Content '$marker' `$Dag.Node`n      'ran on after the timeout'`n"
        }
        $wf = New-Workflow ("nodes:`n" + ($nodes -join ''))
        $r = Invoke-Dag $wf -OutputMode Silent -WarningAction SilentlyContinue
        @($r.Nodes | Where-Object Reason -NE 'AllowedFailure').Name | Should -BeNullOrEmpty
        @($r.Nodes.AttemptRecords | Where-Object { "$($_.Outcome)" -ne 'TimedOut' }).Count | Should -Be 0
        @($r.Nodes | Where-Object { $_.Output.Count }).Name | Should -BeNullOrEmpty -Because 'no output after the timeout'
        Test-Path $marker | Should -BeFalse -Because 'no statement after the timeout'
        @(pgrep -f "sleep 6[34].$id") | Should -BeNullOrEmpty -Because 'the child and the grandchild are dead when the run returns'
    }

    It 'kills only the timed-out node''s processes, not those of a node running beside it' {
        # The neighbour's process waits for a file written after 'hang' was killed: it is alive during the kill.
        $killed = Join-Path $TestDrive 'hang-killed'
        $wf = New-Workflow @"
nodes:
  hang:
    timeout: 500ms
    continueOnError: true
    run: sh -c 'sleep 600'
  afterHang:
    needs: hang
    run: Set-Content '$killed' 1
  neighbour:
    run: |
      sh -c 'i=0; until [ -e "$killed" ] || [ `$i -ge 1200 ]; do sleep 0.05; i=`$((i+1)); done; [ -e "$killed" ] && echo neighbour-done'
"@
        $r = Invoke-DagGuarded @{ Path = $wf; Parallelism = 3 }
        $r['hang'].Reason | Should -Be 'AllowedFailure'
        $r['neighbour'].Status | Should -Be 'Succeeded'
        $r['neighbour'].Output | Should -Be @('neighbour-done')
    }

    It 'runs the fallback after the last failed attempt; the node is Succeeded, Degraded, with the fallback output' {
        $wf = New-Workflow @'
nodes:
  primary:
    retry: { attempts: 2, delay: 10ms }
    run: throw 'mirror down'
    fallback: |
      "fallback after attempt $($Dag.Attempt): $($Dag.LastError.Exception.Message)"
  next:
    needs: primary
    run: '"got: $($Needs.primary)"'
'@
        $r = Invoke-Dag $wf 3>$null
        $r.Status | Should -Be 'Succeeded'
        $r['primary'].Status | Should -Be 'Succeeded'
        $r['primary'].Reason | Should -Be 'Degraded'
        $r['primary'].Attempts | Should -Be 2
        $r['primary'].Output | Should -Be @('fallback after attempt 2: mirror down')
        $r['next'].Output | Should -Be @('got: fallback after attempt 2: mirror down')
    }

    It 'the run timeout stops running nodes and starts no new ones' {
        # The node sleeps 600 s: a run that returns within the 60 s guard stopped it.
        $wf = New-Workflow @'
timeout: 1s
nodes:
  long:
    run: Start-Sleep -Seconds 600
  after:
    needs: long
    run: "'never'"
'@
        $r = Invoke-DagGuarded @{ Path = $wf }
        $r.Status | Should -Be 'Failed'
        $r['long'].Reason | Should -Be 'RunTimedOut'
        $r['after'].Status | Should -Be 'NotRun'
        $r['after'].Reason | Should -Be 'RunTimedOut'
    }

    It '-FailFast starts no new node after the first failure, and running ones finish' {
        # 'running' is still running when 'fails' has failed: it waits for the journal to record that failure.
        $checkpoint = Join-Path $TestDrive 'failfast.checkpoint.json'
        $wf = New-Workflow @"
nodes:
  fails:
    run: throw 'broken'
  running:
    run: |
      $(Get-WaitForJournalScript $checkpoint -Node fails -Status Failed)
      'finished'
  later:
    needs: running
    run: "'never'"
"@
        $r = Invoke-Dag $wf -FailFast -Parallelism 2 -CheckpointPath $checkpoint -ErrorAction SilentlyContinue
        $r['running'].Output | Should -Be @('finished')
        $r['later'].Status | Should -Be 'NotRun'
        $r['later'].Reason | Should -Be 'FailFast'
    }
}
