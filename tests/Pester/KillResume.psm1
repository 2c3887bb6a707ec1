# The kill test, shared by tests/Pester/KillResume.Tests.ps1 (12 kills) and bench/kill-resume.ps1 (as many as asked):
# a child pwsh runs a 30-node DAG and is killed with SIGKILL at a random moment; the run is then resumed, either in
# this session or by two child runners told to start at the same moment (one must get the run lock, the other be
# refused with RunLocked), and sometimes a third runner tries to start while the killed run is still alive (it must be
# refused). Measure-KillOutcome (KillOutcome.psm1) then counts corrupt checkpoints, recorded successes run again,
# outputs lost and runs interleaved; all must be 0.
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

$script:RunnerScript = Join-Path $PSScriptRoot 'KillRunner.ps1'
$script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path

# What a kill and its resume left is judged in KillOutcome.psm1 (Measure-KillOutcome), exported from here too.
Import-Module (Join-Path $PSScriptRoot 'KillOutcome.psm1')

<#
.SYNOPSIS
    Writes the 30-node workflow into $Directory and returns its path and each node's expected output.
.DESCRIPTION
    Each run of a node creates its own marker files in runs/ (never a file shared with other nodes):
    n<i>.<pid>.<ticks>.<run guid>.start when its script begins and n<i>.<pid>.<ticks>.<run guid>.end before it
    outputs, the ticks from Stopwatch.GetTimestamp (CLOCK_MONOTONIC: one clock for all processes of the machine).
    A file is created whole or not at all, so a kill never leaves half a marker. Each node outputs its index plus the
    sums of its needs.
#>
function New-KillWorkflow {
    param([Parameter(Mandatory)] [string] $Directory, [int] $Nodes = 30, [int] $Seed = 42)
    New-Item -ItemType Directory -Force (Join-Path $Directory 'runs') | Out-Null
    $random = [Random]::new($Seed)
    $needs = @{}
    $expected = @{}
    $yaml = [Text.StringBuilder]::new("name: killme`nparallelism: 4`nnodes:`n")
    for ($i = 0; $i -lt $Nodes; $i++) {
        $mine = @(0..($i - 1) | Where-Object { $i -gt 0 -and $random.NextDouble() -lt 0.12 } | Select-Object -Last 3)
        $needs["n$i"] = $mine | ForEach-Object { "n$_" }
        $expected["n$i"] = $i + ($mine | ForEach-Object { $expected["n$_"] } | Measure-Object -Sum).Sum
        $sleep = 20 + $random.Next(100)
        [void]$yaml.Append("  n${i}:`n")
        if ($mine) { [void]$yaml.Append("    needs: [$(($needs["n$i"]) -join ', ')]`n") }
        [void]$yaml.Append("    run: |`n")
        [void]$yaml.Append("      `$run = `"runs/n$i.`$PID.{0}.`$([guid]::NewGuid().ToString('n')).{1}`"`n")
        [void]$yaml.Append("      New-Item -ItemType File -Path (`$run -f [Diagnostics.Stopwatch]::GetTimestamp(), 'start') | Out-Null`n")
        [void]$yaml.Append("      Start-Sleep -Milliseconds $sleep`n")
        [void]$yaml.Append("      `$sum = $i`n")
        [void]$yaml.Append("      foreach (`$need in `$Needs.Values) { `$sum += `$need.Sum }`n")
        [void]$yaml.Append("      New-Item -ItemType File -Path (`$run -f [Diagnostics.Stopwatch]::GetTimestamp(), 'end') | Out-Null`n")
        [void]$yaml.Append("      [pscustomobject]@{ Node = 'n$i'; Sum = `$sum }`n")
    }
    $path = Join-Path $Directory 'killme.dag.yaml'
    Set-Content -Path $path -Value $yaml.ToString()
    [pscustomobject]@{ Path = $path; Expected = $expected; Directory = $Directory }
}

<#
.SYNOPSIS
    Every run of a node so far, from the marker files: Node, Pid, Start and End (monotonic ticks; End is null when
    the process died while the node ran).
#>
function Get-NodeRuns([string] $Directory) {
    $runs = @{}
    foreach ($file in [IO.Directory]::EnumerateFiles((Join-Path $Directory 'runs'))) {
        $name = [IO.Path]::GetFileName($file)
        if ($name -notmatch '^(?<node>n\d+)\.(?<pid>\d+)\.(?<ticks>\d+)\.(?<id>[0-9a-f]{32})\.(?<kind>start|end)$') { continue }
        $run = $runs[$Matches.id]
        if (-not $run) {
            $run = [pscustomobject]@{ Node = $Matches.node; Pid = [int]$Matches.pid; Start = $null; End = $null }
            $runs[$Matches.id] = $run
        }
        if ($Matches.kind -eq 'start') { $run.Start = [long]$Matches.ticks } else { $run.End = [long]$Matches.ticks }
    }
    @($runs.Values | Where-Object { $null -ne $_.Start })
}

function Get-NodeRunCounts([string] $Directory) {
    $counts = @{}
    foreach ($run in Get-NodeRuns $Directory) { $counts[$run.Node] = 1 + [int]$counts[$run.Node] }
    $counts
}

function Get-MonotonicTicks { [Diagnostics.Stopwatch]::GetTimestamp() }

<# Starts a child pwsh running KillRunner.ps1 with these steps ('step:Command;...'). #>
function Start-KillRunner {
    param([string] $Workflow, [string] $Control, [string] $Name, [string] $Steps)
    $pwsh = Get-PwshCommand
    $psi = [Diagnostics.ProcessStartInfo]::new($pwsh.FileName)
    $arguments = @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-File', $script:RunnerScript,
        '-Manifest', $script:Manifest, '-Workflow', $Workflow, '-Control', $Control, '-Name', $Name, '-Steps', $Steps)
    foreach ($argument in $arguments) { $psi.ArgumentList.Add($argument) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($psi)
    [pscustomobject]@{
        Name      = $Name
        Process   = $process
        Pid       = $process.Id
        Stdout    = $process.StandardOutput.ReadToEndAsync()
        Stderr    = $process.StandardError.ReadToEndAsync()
    }
}

function Get-RunnerText($Runner) {
    $text = if ($Runner.Process.HasExited -and $Runner.Stderr.Wait(5000)) { "$($Runner.Stderr.Result)$($Runner.Stdout.Result)" } else { '(still running)' }
    "exit $(if ($Runner.Process.HasExited) { $Runner.Process.ExitCode }): $($text.Trim())"
}

<#
.SYNOPSIS
    Waits for a condition by polling it (files, process exits), with a generous deadline; fails at once when a
    runner it watches ends first.
#>
function Wait-KillCondition {
    param([scriptblock] $Condition, [string] $What, [object[]] $Watch = @(), [int] $Seconds = 180)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        foreach ($runner in $Watch) {
            if ($runner.Process.HasExited -and -not (& $Condition)) { throw "Runner $($runner.Name) ended while the test waited for $What ($(Get-RunnerText $runner))." }
        }
        if ([DateTime]::UtcNow -gt $deadline) { throw "Gave up after $Seconds s waiting for $What." }
        Start-Sleep -Milliseconds 5
    }
}

function Wait-KillRunnerExit($Runner, [hashtable] $Ended, [int] $Seconds = 300) {
    if (-not $Runner.Process.WaitForExit($Seconds * 1000)) { throw "Runner $($Runner.Name) did not end within $Seconds s." }
    $Ended[$Runner.Pid] = Get-MonotonicTicks
    $Runner.Process.WaitForExit()   # and its output read to the end
}

function Read-KillCheckpoint([string] $Path) {
    try {
        [pscustomobject]@{ State = Get-DagCheckpoint $Path; ErrorId = $null; Error = $null }
    }
    catch {
        [pscustomobject]@{ State = $null; ErrorId = "$($_.FullyQualifiedErrorId)"; Error = "$_" }
    }
}

function Read-RunnerOutcome([string] $Control, $Runner, [string] $Step) {
    $file = Join-Path $Control "$($Runner.Name).$Step.json"
    if (-not (Test-Path $file)) { throw "Runner $($Runner.Name) wrote no outcome for step '$Step' ($(Get-RunnerText $Runner))." }
    Get-Content $file -Raw | ConvertFrom-Json
}

<#
.SYNOPSIS
    One kill: start the run in a child pwsh, SIGKILL it after a random delay once a node has started, resume it,
    and return what Measure-KillOutcome checks.
.PARAMETER Race
    Resume with two child runners told to start at the same moment, right after the kill: r1 runs Resume-Dag, r2
    Invoke-Dag -Resume. Without it, Resume-Dag runs in this session.
.PARAMETER RaceBeforeKill
    While the run is alive (a node has started), r1 runs this command (Invoke-Dag or Resume-Dag); it must be refused
    with RunLocked. The random delay before the kill starts when it has returned.
#>
function Invoke-KillAndResume {
    param(
        [Parameter(Mandatory)] $Workflow,
        [Parameter(Mandatory)] [Random] $Random,
        [switch] $Race,
        [ValidateSet('', 'Invoke-Dag', 'Resume-Dag')] [string] $RaceBeforeKill = '',
        [int] $MaxDelayMs = 900
    )
    $dir = $Workflow.Directory
    $control = Join-Path $dir 'control'
    Remove-Item (Join-Path $dir 'runs/*'), (Join-Path $dir '.dagrunner'), $control -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $control | Out-Null
    $ended = @{}   # process id -> monotonic ticks by which that process had ended (or its in-process command returned)
    $runners = [Collections.Generic.List[object]]::new()
    try {
        # The racers first: they load DagRunner while the run starts and wait for their go file, so they act the moment they are told.
        $r1 = $r2 = $null
        if ($Race -or $RaceBeforeKill) {
            $steps = @(if ($RaceBeforeKill) { "pre:$RaceBeforeKill" }; if ($Race) { 'race:Resume-Dag' }) -join ';'
            $r1 = Start-KillRunner $Workflow.Path $control 'r1' $steps
            $runners.Add($r1)
            if ($Race) {
                $r2 = Start-KillRunner $Workflow.Path $control 'r2' 'race:Invoke-Dag-Resume'
                $runners.Add($r2)
            }
        }
        if ($RaceBeforeKill) {
            # r1 must be able to try at once when the run has started a node, so it loads DagRunner first.
            $ready = Join-Path $control 'r1.pre.ready'
            Wait-KillCondition -What 'the racer to load DagRunner' -Watch $r1 -Condition { [IO.File]::Exists($ready) }.GetNewClosure()
        }

        New-Item -ItemType File (Join-Path $control 'run.go') | Out-Null
        $victim = Start-KillRunner $Workflow.Path $control 'a' 'run:Invoke-Dag'
        $runners.Add($victim)
        $runsFolder = Join-Path $dir 'runs'
        Wait-KillCondition -What 'the run to start a node' -Watch $victim -Condition {
            @([IO.Directory]::EnumerateFiles($runsFolder, '*.start')).Count -gt 0
        }.GetNewClosure()

        $pre = $null
        $aliveAfterPre = $null
        if ($RaceBeforeKill) {
            New-Item -ItemType File (Join-Path $control 'pre.go') | Out-Null
            $preFile = Join-Path $control 'r1.pre.json'
            Wait-KillCondition -What 'the racer started before the kill to return' -Watch $r1 -Condition { [IO.File]::Exists($preFile) }.GetNewClosure()
            $aliveAfterPre = -not $victim.Process.HasExited
            $pre = Read-RunnerOutcome $control $r1 'pre'
        }

        $delay = $Random.Next(0, $MaxDelayMs)
        Start-Sleep -Milliseconds $delay   # the random moment of the kill: the point of the test
        $completedBeforeKill = $victim.Process.HasExited
        $victim.Process.Kill()   # SIGKILL: no handler, no finally, no flush
        $victim.Process.WaitForExit()
        $ended[$victim.Pid] = Get-MonotonicTicks

        $labelLeft = @(Get-ChildItem (Join-Path $dir '.dagrunner') -Filter '*.lock.json' -ErrorAction Ignore).Count -gt 0
        $afterKill = Read-KillCheckpoint $Workflow.Path
        $before = Get-NodeRunCounts $dir
        $succeeded = @(if ($afterKill.State) { $afterKill.State.Nodes | Where-Object Status -eq 'Succeeded' | ForEach-Object Name })

        $resumers = [Collections.Generic.List[object]]::new()
        if ($Race) {
            Wait-KillCondition -What 'the racers to be ready' -Watch $r1, $r2 -Condition {
                [IO.File]::Exists((Join-Path $control 'r1.race.ready')) -and [IO.File]::Exists((Join-Path $control 'r2.race.ready'))
            }.GetNewClosure()
            New-Item -ItemType File (Join-Path $control 'race.go') | Out-Null
            Wait-KillRunnerExit $r1 $ended
            Wait-KillRunnerExit $r2 $ended
            $resumers.Add((Read-RunnerOutcome $control $r1 'race'))
            $resumers.Add((Read-RunnerOutcome $control $r2 'race'))
        }
        else {
            if ($r1) { Wait-KillRunnerExit $r1 $ended }
            $started = Get-MonotonicTicks
            $result = Resume-Dag $Workflow.Path -OutputMode Silent -ErrorAction SilentlyContinue -ErrorVariable problems -WarningAction SilentlyContinue -WarningVariable warnings 6>$null
            $ended[$PID] = Get-MonotonicTicks
            $resumers.Add([pscustomobject]@{
                    Name     = 'here'; Step = 'resume'; Command = 'Resume-Dag'; Pid = $PID; Started = $started; Ended = $ended[$PID]
                    Status   = if ($result) { "$($result.Status)" } else { $null }
                    Errors   = @($problems | ForEach-Object { [pscustomobject]@{ Id = "$($_.FullyQualifiedErrorId)"; Holder = $null; Text = "$_" } })
                    Warnings = @($warnings | ForEach-Object { [pscustomobject]@{ Id = "$($_.FullyQualifiedWarningId)"; Text = "$($_.Message)" } })
                    Nodes    = @(if ($result) { $result.Nodes | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Status = "$($_.Status)"; Sums = @($_.Output | ForEach-Object { $_.Sum }) } } })
                })
        }

        [pscustomobject]@{
            DelayMs             = $delay
            Raced               = [bool]$Race
            RaceBeforeKill      = $RaceBeforeKill
            VictimPid           = $victim.Pid
            CompletedBeforeKill = $completedBeforeKill
            PreKill             = $pre
            AliveAfterPreKill   = $aliveAfterPre
            LabelLeft           = $labelLeft
            AfterKill           = $afterKill
            SucceededBefore     = $succeeded
            CountsBefore        = $before
            Resumers            = $resumers.ToArray()
            Ended               = $ended
            Runs                = Get-NodeRuns $dir
            CountsAfter         = Get-NodeRunCounts $dir
            Final               = Read-KillCheckpoint $Workflow.Path
        }
    }
    finally {
        foreach ($runner in $runners) {
            if (-not $runner.Process.HasExited) { $runner.Process.Kill(); $runner.Process.WaitForExit() }
            $runner.Process.Dispose()
        }
    }
}

<#
.SYNOPSIS
    Kills a run and then the resume of it: a child pwsh runs the workflow and is killed with SIGKILL at a random moment
    after its first node started, a second child resumes it and is killed at a random moment after it started a node
    of its own (when it is still running then), and the run is resumed here. Returns what each kill left recorded and
    the problems seen: a checkpoint that cannot be read, a success recorded before either kill run again, an output
    other than expected, a final run that did not succeed.
#>
function Invoke-KillResumeTwice {
    param([Parameter(Mandatory)] $Workflow, [Parameter(Mandatory)] [Random] $Random, [int] $MaxDelayMs = 900, [int] $MaxResumeDelayMs = 700)
    $dir = $Workflow.Directory
    $control = Join-Path $dir 'control'
    $runsFolder = Join-Path $dir 'runs'
    Remove-Item (Join-Path $dir 'runs/*'), (Join-Path $dir '.dagrunner'), $control -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $control | Out-Null
    New-Item -ItemType File (Join-Path $control 'run.go'), (Join-Path $control 'resume.go') | Out-Null
    $problems = [Collections.Generic.List[string]]::new()
    $recorded = @()
    $runners = @()
    try {
        $kills = foreach ($pass in 'run', 'resume') {
            $command = if ($pass -eq 'run') { 'Invoke-Dag' } else { 'Resume-Dag' }
            $runner = Start-KillRunner $Workflow.Path $control $pass "${pass}:$command"
            $runners += $runner
            $mine = "*.$($runner.Pid).*.start"
            Wait-KillCondition -What "the $pass to start a node" -Watch $runner -Condition {
                @([IO.Directory]::EnumerateFiles($runsFolder, $mine)).Count -gt 0 -or $runner.Process.HasExited
            }.GetNewClosure()
            $delay = $Random.Next(0, $(if ($pass -eq 'run') { $MaxDelayMs } else { $MaxResumeDelayMs }))
            Start-Sleep -Milliseconds $delay   # the random moment of the kill: the point of the test
            $killed = -not $runner.Process.HasExited
            if ($killed) { $runner.Process.Kill() }
            $runner.Process.WaitForExit()
            $state = Read-KillCheckpoint $Workflow.Path
            if (-not $state.State) { $problems.Add("the checkpoint after the $pass's kill cannot be read: $($state.Error)") }
            $succeeded = @(if ($state.State) { $state.State.Nodes | Where-Object Status -eq 'Succeeded' | ForEach-Object Name })
            $recorded += , @{ Nodes = $succeeded; Counts = Get-NodeRunCounts $dir }
            [pscustomobject]@{ Pass = $pass; DelayMs = $delay; Killed = $killed; Succeeded = $succeeded.Count }
        }

        $result = Resume-Dag $Workflow.Path -OutputMode Silent -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 6>$null
        $final = Get-NodeRunCounts $dir
        if ("$($result.Status)" -ne 'Succeeded') { $problems.Add("the last resume ended $($result.Status)") }
        foreach ($before in $recorded) {
            foreach ($node in $before.Nodes) {
                if ($final[$node] -ne $before.Counts[$node]) { $problems.Add("$node, recorded as succeeded, ran again ($($before.Counts[$node]) -> $($final[$node]) runs)") }
            }
        }
        foreach ($node in @($result.Nodes)) {
            if (@($node.Output)[0].Sum -ne $Workflow.Expected[$node.Name]) { $problems.Add("$($node.Name) gave $(@($node.Output)[0].Sum), not $($Workflow.Expected[$node.Name])") }
        }
        [pscustomobject]@{ Kills = @($kills); Problems = $problems.ToArray() }
    }
    finally {
        foreach ($runner in $runners) {
            if (-not $runner.Process.HasExited) { $runner.Process.Kill(); $runner.Process.WaitForExit() }
            $runner.Process.Dispose()
        }
    }
}

Export-ModuleMember -Function New-KillWorkflow, Invoke-KillAndResume, Invoke-KillResumeTwice, Measure-KillOutcome, Get-NodeRuns, Get-NodeRunCounts
