# Which nodes run after others skip or fail: if:, when: and continueOnError.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'when, if and continueOnError' {
    It 'skips on a false if:, and passes the skip on only to success dependents' {
        $wf = New-Workflow @'
nodes:
  gate:
    if: $false
    run: "'never'"
  strict:
    needs: gate
    run: "'never'"
  lenient:
    needs: gate
    when: notFailed
    run: "'ran'"
'@
        $r = Invoke-Dag $wf
        $r.Status | Should -Be 'Succeeded'
        $r['gate'].Status | Should -Be 'Skipped'
        $r['gate'].Reason | Should -Be 'ConditionFalse'
        $r['strict'].Reason | Should -Be 'UpstreamSkipped'
        $r['lenient'].Output | Should -Be @('ran')
    }

    It 'after a failure skips dependents, runs failure and always nodes, and finishes other branches' {
        $wf = New-Workflow @'
nodes:
  broken:
    run: throw 'disk full'
  dependent:
    needs: broken
    run: "'never'"
  onFailure:
    needs: broken
    when: failure
    run: "'handled'"
  cleanup:
    needs: dependent
    when: always
    run: "'cleaned'"
  independent:
    run: Start-Sleep -Milliseconds 200; 'done'
'@
        $r = Invoke-Dag $wf -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $r['broken'].Status | Should -Be 'Failed'
        $r['broken'].ErrorMessage | Should -Be 'disk full'
        $r['dependent'].Reason | Should -Be 'UpstreamFailed'
        $r['onFailure'].Output | Should -Be @('handled')
        $r['cleanup'].Output | Should -Be @('cleaned')
        $r['independent'].Output | Should -Be @('done')
    }

    It 'a failure under continueOnError does not fail the run and its dependents run' {
        $wf = New-Workflow @'
nodes:
  optional:
    continueOnError: true
    run: throw 'cache unavailable'
  next:
    needs: optional
    run: "'went on'"
'@
        $r = Invoke-Dag $wf -ErrorVariable errs -WarningVariable warns 3>$null
        $r.Status | Should -Be 'Succeeded'
        $r['optional'].Status | Should -Be 'Failed'
        $r['optional'].Reason | Should -Be 'AllowedFailure'
        $r['next'].Output | Should -Be @('went on')
        $errs | Should -BeNullOrEmpty
        ($warns -join "`n") | Should -Match 'optional.*cache unavailable'
    }

    It 'fails the node when its if: throws, never skipping it silently' {
        $wf = New-Workflow @'
nodes:
  a:
    if: throw 'bad condition'
    run: "'never'"
'@
        $r = Invoke-Dag $wf -ErrorAction SilentlyContinue
        $r['a'].Status | Should -Be 'Failed'
        $r['a'].ErrorMessage | Should -Be 'bad condition'
    }
}
