BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    Import-Module (Join-Path $PSScriptRoot 'KillResume.psm1') -Force
}

Describe 'A run killed with SIGKILL at a random moment' -Skip:$IsWindows {
    BeforeAll {
        $script:workflow = New-KillWorkflow (Join-Path $TestDrive 'kill')
        $script:random = [Random]::new()
    }

    It 'resumes without running a recorded success again and with every output intact (kill <_>)' -ForEach (1..20) {
        $outcome = Invoke-KillAndResume -Workflow $workflow -Random $random
        $problems = Test-KillOutcome -Outcome $outcome -Workflow $workflow
        $problems | Should -BeNullOrEmpty -Because "killed $($outcome.DelayMs) ms after the first node started with $($outcome.SucceededBefore.Count) nodes recorded Succeeded"
    }
}
