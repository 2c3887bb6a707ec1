BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
}

Describe 'Get-DagPlan' {
    BeforeAll {
        $script:wf = New-Workflow -Name plan @'
nodes:
  restore: { run: 1 }
  compile: { needs: restore, run: 1 }
  lint:    { needs: restore, run: 1 }
  test:    { needs: compile, run: 1 }
  package: { needs: [test, lint], run: 1 }
  docs:    { run: 1 }
'@
    }

    It 'returns levels, width, critical path and estimates' {
        $plan = Get-DagPlan $wf
        $plan.WorkflowName | Should -Be 'plan'
        $plan.NodeCount | Should -Be 6
        $plan.Levels.Count | Should -Be 4
        $plan.Levels[0] | Should -Be @('restore', 'docs')
        $plan.Levels[1] | Should -Be @('compile', 'lint')
        $plan.Width | Should -Be 2
        $plan.CriticalPath | Should -Be @('restore', 'compile', 'test', 'package')
        $plan.EstimatedDuration | Should -Be 4
        $plan.TotalWork | Should -Be 6
    }

    It 'plans only the selected nodes and what they need' {
        $plan = Get-DagPlan $wf -Node lint
        $plan.Nodes.Name | Should -Be @('restore', 'lint')
    }

    It 'writes the DAG errors of an invalid workflow and no plan' {
        $bad = New-Workflow "nodes:`n  a: { needs: a, run: 1 }"
        $plan = Get-DagPlan $bad -ErrorVariable errs -ErrorAction SilentlyContinue
        $plan | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0005,*'
    }
}

Describe 'Estimates from history' {
    It 'after a run, the plan estimates in seconds and the critical path follows the slow node' {
        $wf = New-Workflow -Name history @'
nodes:
  quick1: { run: "'q1'" }
  quick2: { needs: quick1, run: "'q2'" }
  slow: { run: Start-Sleep -Seconds 1 }
  end: { needs: [quick2, slow], run: "'done'" }
'@
        (Get-DagPlan $wf).CriticalPath | Should -Be @('quick1', 'quick2', 'end')
        $null = Invoke-Dag $wf 6>$null
        Test-Path (Join-Path (Split-Path $wf) '.dagrunner/history.history.json') | Should -BeTrue
        $plan = Get-DagPlan $wf
        $plan.EstimateSource | Should -Be 'History'
        $plan.CriticalPath | Should -Be @('slow', 'end')
        # About the 1 s it slept: a machine under load can only make it longer.
        $plan['slow'].Estimate | Should -BeGreaterThan 0.9
    }
}
