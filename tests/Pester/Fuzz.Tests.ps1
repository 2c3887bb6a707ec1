# The cmdlet path of the workflow fuzzer (tests/Fuzz/DagFuzz.psm1): Test-Dag on mutants of the example workflows, and
# Invoke-Dag on each mutant Test-Dag refuses. The engine-level bulk is WorkflowFuzzTests (xunit); bench/Fuzz.ps1 runs more.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    Import-Module (Join-Path $PSScriptRoot '../Fuzz/DagFuzz.psm1') -Force
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'Fuzzed workflow files' {
    It 'seed <Seed>: <Count> mutants, each answered by Test-Dag within 2 s with positioned DAGnnnn errors only, and no node started' -ForEach @(
        @{ Seed = 20261202; Count = 150 }
    ) {
        $folder = Join-Path $TestDrive "fuzz-$Seed"
        $result = Invoke-DagFuzz -Root $script:Root -Count $Count -Seed $Seed -Directory $folder
        Write-Host ('Fuzz (seed {0}): {1} tried, {2} passed, {3} refused by Test-Dag (each also refused by Invoke-Dag); slowest Test-Dag {4:n3} s' -f
            $result.Seed, $result.Tried, $result.Passed, $result.Refused, $result.SlowestSeconds)
        $report = ($result.Failures | ForEach-Object { "#$($_.Index) $($_.Seed) [$($_.Mutations)]: $($_.Problems)" }) -join "`n"
        $report | Should -BeNullOrEmpty
        $result.Tried | Should -Be $Count
        $result.Passed | Should -Be $Count
        # Most mutants are broken, some still valid: both paths are exercised.
        $result.Refused | Should -BeGreaterThan ($Count / 2)
        $result.Refused | Should -BeLessThan $Count
    }

    It 'the marker files work: the marked seeds leave markers when they do run' {
        $markers = Join-Path $TestDrive 'markers-control'
        New-Item -ItemType Directory -Force $markers | Out-Null
        $seed = Get-DagFuzzSeed -Root $script:Root | Where-Object Name -eq 'build-test-package.dag.yaml'
        $dir = Join-Path $TestDrive 'control'
        Copy-Item (Join-Path $script:Root 'module/examples') $dir -Recurse
        $wf = Join-Path $dir 'marked.dag.yaml'
        Set-Content $wf (Add-DagFuzzMarker $seed.Text) -Encoding utf8NoBOM
        $env:DAGFUZZ_MARKERS = $markers
        try { $null = Invoke-Dag $wf -NoCheckpoint -ErrorAction SilentlyContinue 6>$null } finally { $env:DAGFUZZ_MARKERS = $null }
        @(Get-ChildItem $markers).Count | Should -BeGreaterThan 0
    }

    It 'the same seed gives the same mutants' {
        $seeds = @(Get-DagFuzzSeed -Root $script:Root | ForEach-Object Text)
        $a = [Random]::new(3); $b = [Random]::new(3)
        foreach ($i in 1..20) {
            (New-DagFuzzMutant -Text $seeds[$i % $seeds.Count] -Random $a -Others $seeds).Text |
                Should -BeExactly (New-DagFuzzMutant -Text $seeds[$i % $seeds.Count] -Random $b -Others $seeds).Text
        }
    }
}
