BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner

    # What TabExpansion2 offers with the cursor at -Column (default: the end of the line).
    function Get-Completion([string] $Line, [int] $Column = $Line.Length) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Column).CompletionMatches
    }
}

Describe 'Tab completion of -Node' {
    BeforeAll {
        $script:dir = Join-Path $TestDrive 'completion'
        New-Item -ItemType Directory $dir | Out-Null
        $script:wf = New-Workflow -Directory $dir -Name release @'
nodes:
  restore: { run: 1, description: Restores the packages }
  build:   { needs: restore, run: 1 }
  Bundle:  { needs: [build, restore], run: 1 }
  test:    { run: 1 }
'@
        Push-Location $dir
    }

    AfterAll { Pop-Location }

    It 'offers every node id of the -Path workflow, in file order, on <Command>' -ForEach @(
        @{ Command = 'Invoke-Dag' }, @{ Command = 'Resume-Dag' }, @{ Command = 'Get-DagPlan' }
    ) {
        $offered = Get-Completion "$Command ./release.dag.yaml -Node "
        $offered.CompletionText | Should -Be @('restore', 'build', 'Bundle', 'test')
        $offered[0].ResultType | Should -Be 'ParameterValue'
    }

    It 'matches a prefix ignoring case, and shows the description or the needs as the tooltip' {
        $offered = Get-Completion 'Invoke-Dag -Path ./release.dag.yaml -Node B'
        $offered.CompletionText | Should -Be @('build', 'Bundle')
        $offered.ToolTip | Should -Be @('needs restore', 'needs build, restore')
        (Get-Completion 'Invoke-Dag ./release.dag.yaml -Node res').ToolTip | Should -Be 'Restores the packages'
        (Get-Completion 'Invoke-Dag ./release.dag.yaml -Node te').ToolTip | Should -Be 'needs nothing'
    }

    It 'reads -Path written after -Node, relative to the current location' {
        $line = 'Get-DagPlan -Node r -Path release.dag.yaml'
        (Get-Completion $line -Column 'Get-DagPlan -Node r'.Length).CompletionText | Should -Be 'restore'
    }

    It 'reads -Path from a variable and completes later elements of the array' {
        $path = $wf
        (Get-Completion 'Invoke-Dag $path -Node build, t').CompletionText | Should -Be 'test'
    }

    It 'reads an inline -Definition' {
        $line = 'Invoke-Dag -Definition ([ordered]@{ nodes = [ordered]@{ x1 = @{ run = 1 }; x2 = @{ run = 2; needs = "x1" } } }) -Node '
        $offered = Get-Completion $line
        $offered.CompletionText | Should -Be @('x1', 'x2')
        $offered[1].ToolTip | Should -Be 'needs x1'
    }

    It 'completes the nodes it can read from a workflow with errors' {
        New-Workflow -Directory $dir -Name broken "nodes:`n  good: { run: 1 }`n  bad: { needs: nowhere, run: 1, tiemout: 5m }" | Out-Null
        (Get-Completion 'Invoke-Dag ./broken.dag.yaml -Node ').CompletionText | Should -Be @('good', 'bad')
    }

    It 'offers nothing, and throws nothing, without a readable workflow' {
        Get-Completion 'Invoke-Dag ./absent.dag.yaml -Node ' | Should -BeNullOrEmpty
        Get-Completion 'Invoke-Dag -Node ' | Should -BeNullOrEmpty
        Set-Content (Join-Path $dir 'garbage.yaml') "nodes: [unclosed"
        Get-Completion 'Invoke-Dag ./garbage.yaml -Node ' | Should -BeNullOrEmpty
    }
}

Describe 'Tab completion of the other run parameters' {
    It 'offers Sequential, Parallel and Adaptive for -Mode' {
        (Get-Completion 'Invoke-Dag ./x.yaml -Mode ').CompletionText | Sort-Object | Should -Be @('Adaptive', 'Parallel', 'Sequential')
    }

    It 'offers every OutputMode for -OutputMode' {
        $expected = [enum]::GetNames((Get-Command Invoke-Dag).Parameters['OutputMode'].ParameterType) | Sort-Object
        (Get-Completion 'Resume-Dag ./x.yaml -OutputMode ').CompletionText | Sort-Object | Should -Be $expected
    }

    It 'offers the named levels for -Parallelism, with what each means' {
        $offered = Get-Completion 'Invoke-Dag ./x.yaml -Parallelism '
        $offered.CompletionText | Should -Be @('Low', 'Medium', 'High', 'Unlimited')
        $offered[0].ToolTip | Should -Be '2 nodes at once'
    }
}
