BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:examples = Join-Path $PSScriptRoot '../../module/examples'
}

Describe 'The shipped examples run' {
    It 'build-test-package: builds, tests and packages with outputs passed through $Needs' {
        $r = Invoke-Dag (Join-Path $examples 'build-test-package.dag.yaml') -CheckpointPath (Join-Path $TestDrive 'btp.json') -Parameters @{ Configuration = 'Release' } -InformationVariable info 6>$null 3>$null
        $r.Status | Should -Be 'Succeeded'
        $r['package'].Output[0].Package | Should -Be 'Contoso.App.1.4.2.nupkg'
        $r['package'].Output[0].Tests | Should -Be 128
        Get-HostText $info | Should -Contain '[compile] Compiling Contoso.App (Release) against 42 packages'
    }

    It 'ops-rollout: deploys in parallel, verifies, skips rollback and always notifies' {
        # Parallel: the assertion below is about all three deploys at once, which Adaptive reaches only when the CPU is idle.
        $r = Invoke-Dag (Join-Path $examples 'ops-rollout.dag.yaml') -Mode Parallel -CheckpointPath (Join-Path $TestDrive 'ops1.json') 6>$null
        $r.Status | Should -Be 'Succeeded'
        $r['verify'].Output[0].Healthy | Should -Be 3
        $r['rollback'].Status | Should -Be 'Skipped'
        $r['rollback'].Reason | Should -Be 'NoUpstreamFailure'
        $r['notify'].Status | Should -Be 'Succeeded'
        $r.PeakConcurrency | Should -Be 3
    }

    It 'ops-rollout with a broken server: verify skipped, rollback and notify run, the run fails' {
        $r = Invoke-Dag (Join-Path $examples 'ops-rollout.dag.yaml') -CheckpointPath (Join-Path $TestDrive 'ops2.json') -Parameters @{ BrokenServer = 'web2' } -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null 3>$null
        $r.Status | Should -Be 'Failed'
        $r['deploy-web2'].Status | Should -Be 'Failed'
        $r['verify'].Reason | Should -Be 'UpstreamFailed'
        $r['rollback'].Status | Should -Be 'Succeeded'
        $r['notify'].Status | Should -Be 'Succeeded'
        $errs.Count | Should -Be 1
    }

    It 'inventory-report: a node reads arrays and hashtables from $Needs' {
        $r = Invoke-Dag (Join-Path $examples 'inventory-report.dag.yaml') -CheckpointPath (Join-Path $TestDrive 'inv.json') 6>$null
        $r['report'].Output[0].Checked | Should -Be 3
        $r['report'].Output[0].LowDisk | Should -Be @('web2')
    }

    It 'daily-transform: a foreach over objects names each instance by its day (key: $Item.Day)' {
        $r = Invoke-Dag (Join-Path $examples 'daily-transform.dag.yaml') -CheckpointPath (Join-Path $TestDrive 'daily.json') 6>$null
        $r.Status | Should -Be 'Succeeded'
        $r.Nodes.Name | Should -Be @('days', 'transform', 'transform[2026-11-30]', 'transform[2026-12-01]', 'transform[2026-12-02]', 'summary')
        $r['transform[2026-12-01]'].Output[0].Rows | Should -Be 1000
        $r['summary'].Output[0].Days | Should -Be @('2026-11-30', '2026-12-01', '2026-12-02')
        $r['summary'].Output[0].Rows | Should -Be 33000
    }

    It 'etl-report: modules: and setup: give every node and foreach instance the same helpers' {
        $r = Invoke-Dag (Join-Path $examples 'etl-report.dag.yaml') -CheckpointPath (Join-Path $TestDrive 'etl.json') -InformationVariable info 6>$null
        $r.Status | Should -Be 'Succeeded'
        $r['transform'].Output.Total | Should -Be @(30, 100, 210)
        $r['transform[2026-11-22]'].Output[0].Rows | Should -Be 4
        $r['report'].Output[0].Total | Should -Be ('{0:N2} EUR' -f 340)
        Get-HostText $info | Should -Contain ('[report] 3 days, {0:N2} EUR' -f 340)
    }

    It 'workflow.ps1: a workflow written in PowerShell runs with -Definition' {
        Push-Location $examples
        try { $r = Invoke-Dag -Definition (& ./workflow.ps1) -NoCheckpoint -OutputMode Silent }
        finally { Pop-Location }
        $r['shout'].Output | Should -Be 'HELLO, WORLD'
    }
}
