<#
.SYNOPSIS
    The kill test at scale: kill a 30-node run with SIGKILL at random moments, resume it, and count problems.
.DESCRIPTION
    The test suite does this 20 times; run it here for more:
        dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/kill-resume.ps1 -Iterations 200
    Prints one line per kill and a summary; exits 1 if any kill lost an output or ran a recorded success again.
#>
param([int] $Iterations = 100, [int] $Seed = 0)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1')
Import-DagRunner
Import-Module (Join-Path $tests 'KillResume.psm1')

$folder = Join-Path ([IO.Path]::GetTempPath()) "dagrunner-kill-$PID"
$workflow = New-KillWorkflow $folder
$random = if ($Seed) { [Random]::new($Seed) } else { [Random]::new() }
$failures = 0
$restored = 0
try {
    for ($i = 1; $i -le $Iterations; $i++) {
        $outcome = Invoke-KillAndResume -Workflow $workflow -Random $random
        $problems = @(Test-KillOutcome -Outcome $outcome -Workflow $workflow)
        $restored += $outcome.SucceededBefore.Count
        if ($problems) { $failures++ }
        '{0,4}: killed {1,4} ms in, {2,2}/30 recorded Succeeded, {3}' -f $i, $outcome.DelayMs, $outcome.SucceededBefore.Count, ($(if ($problems) { $problems -join '; ' } else { 'resumed intact' }))
    }
}
finally {
    Remove-Item $folder -Recurse -Force -ErrorAction Ignore
}
"$Iterations kills, $failures with problems, $restored node successes restored without running again."
exit ([int]($failures -gt 0))
