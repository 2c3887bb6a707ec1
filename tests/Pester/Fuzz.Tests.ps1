# The cmdlet path of the workflow fuzzer (tests/Fuzz/DagFuzz.psm1): Test-Dag on mutants of the example workflows, and
# Invoke-Dag on each mutant Test-Dag refuses. The engine-level bulk is WorkflowFuzzTests (xunit); bench/Fuzz.ps1 runs more.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    Import-Module (Join-Path $PSScriptRoot '../Fuzz/DagFuzz.psm1') -Force
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'Fuzzed workflow files' {
    # The 60 s per mutant only catches a hang: on a loaded machine a load may take seconds, which is no failure.
    It 'seed <Seed>: <Count> mutants, each answered by Test-Dag with positioned DAGnnnn errors only, and no node started' -ForEach @(
        @{ Seed = 20261202; Count = 150 }
    ) {
        $folder = Join-Path $TestDrive "fuzz-$Seed"
        $result = Invoke-DagFuzz -Root $script:Root -Count $Count -Seed $Seed -Directory $folder -TimeoutSeconds 60
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

Describe 'Hostile workflow files through the cmdlets' {
    BeforeAll {
        function Get-Ids($Errors) { @($Errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) }
        # What the cmdlet allocated on this thread: a bomb that got through costs gigabytes whatever the machine's load.
        function Measure-Allocation([scriptblock] $Script) {
            $before = [GC]::GetAllocatedBytesForCurrentThread()
            $null = & $Script
            [GC]::GetAllocatedBytesForCurrentThread() - $before
        }
    }

    It 'a "billion laughs" file: DAG0030 at the alias, without expanding it, and Invoke-Dag starts nothing' {
        $marker = (Join-Path $TestDrive 'laughs.txt').Replace('\', '/')
        $levels = foreach ($i in 1..9) { "  l$($i): &l$i [" + ((1..10 | ForEach-Object { "*l$($i - 1)" }) -join ', ') + ']' }
        $wf = New-Workflow -Name laughs (@("variables:", '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]') + $levels + @(
            'nodes:', "  a: { run: `"New-Item -ItemType File '$marker'`", with: { x: *l9 } }") -join "`n")
        $allocated = Measure-Allocation { Test-Dag $wf -ErrorVariable script:errs -ErrorAction SilentlyContinue | Should -BeFalse }
        $allocated | Should -BeLessThan 50MB -Because "10^9 values written out would be gigabytes ($allocated bytes)"
        Get-Ids $errs | Should -Be 'DAG0030'
        $errs[0].Exception.Diagnostic.Location.Line | Should -BeGreaterThan 1
        $errs[0].Exception.Diagnostic.Location.Column | Should -BeGreaterThan 1
        Invoke-Dag $wf -NoCheckpoint -ErrorAction SilentlyContinue 6>$null | Should -BeNullOrEmpty
        Test-Path $marker | Should -BeFalse
    }

    It 'nesting 100,000 levels deep: DAG0031 with its line and column, without building the levels' {
        $wf = New-Workflow -Name deep ("nodes:`n  a:`n    run: 1`n    with: " + ('[' * 100000) + (']' * 100000))
        $allocated = Measure-Allocation { Test-Dag $wf -ErrorVariable script:errs -ErrorAction SilentlyContinue | Should -BeFalse }
        $allocated | Should -BeLessThan 50MB -Because "about 2 MB; nothing is nested past the limit ($allocated bytes)"
        Get-Ids $errs | Should -Be 'DAG0031'
        $errs[0].Exception.Diagnostic.Location.Line | Should -Be 4
        $errs[0].Exception.Diagnostic.Location.Column | Should -BeGreaterThan 100
    }

    It 'a 50 MB workflow file: DAG0032 at (1,1), and the process does not take it into memory' {
        $path = Join-Path $TestDrive 'huge.dag.yaml'
        $writer = [IO.StreamWriter]::new($path)
        try {
            $writer.Write("nodes:`n  a:`n    run: 1`n")
            $line = '# ' + ('x' * 1021) + "`n"
            foreach ($i in 1..(50 * 1024)) { $writer.Write($line) }
        } finally { $writer.Dispose() }
        (Get-Item $path).Length | Should -BeGreaterThan 50MB
        [GC]::Collect()
        $before = [Diagnostics.Process]::GetCurrentProcess().WorkingSet64
        $allocated = [GC]::GetTotalAllocatedBytes($true)
        Test-Dag $path -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        ([GC]::GetTotalAllocatedBytes($true) - $allocated) | Should -BeLessThan 10MB
        ([Diagnostics.Process]::GetCurrentProcess().WorkingSet64 - $before) | Should -BeLessThan 20MB
        Get-Ids $errs | Should -Be 'DAG0032'
        $location = $errs[0].Exception.Diagnostic.Location
        @($location.File, $location.Line, $location.Column) | Should -Be @($path, 1, 1)
    }
}
