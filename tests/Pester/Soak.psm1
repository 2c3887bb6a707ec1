# The soak run, shared by tests/Pester/Soak.Tests.ps1 (3 runs of 100 nodes) and bench/Soak.ps1 (50 runs of 2,000):
# one layered workflow runs again and again in this process, with seeded failures, retries and timeouts (some of
# them in native child processes), and every run is checked for leaked runspaces, orphaned processes, a result that
# differs from its checkpoint, and a node that did not end the way its plan says.
$ErrorActionPreference = 'Stop'
# Get-RunRunspaceCount: the open runspaces less the ones kept for the next run.
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

# What a node does in one run, one letter per node in the run's $Plan string:
#   o ok, n a short native child process, r fails once, s fails twice (both then succeed on a later attempt),
#   f fails every attempt, t hangs in a native `sleep` on its first attempt (times out, then succeeds),
#   h hangs every attempt in `sh -c 'sleep & sleep'` (a child and a grandchild; times out every attempt).
$script:Kinds = 'o', 'n', 'r', 's', 'f', 't', 'h'

<#
.SYNOPSIS
    Writes the layered workflow into $Directory and returns its path and shape.
.DESCRIPTION
    Nodes n0..n(N-1) in layers; each node after the first layer needs 1-3 nodes of the layer before and sometimes
    one of an earlier layer. Seeded, per node: continueOnError (may fail without failing the run), a timeout (only
    nodes nothing needs; may be told to hang), global state (its runspace is reset after it), when: always (last
    layer only). Every node has 3 attempts, a node with a timeout 2. What each node does is decided per run by New-SoakPlan.
#>
function New-SoakWorkflow {
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [int] $Nodes = 2000,
        [int] $Seed = 1,
        [string] $Timeout = '2s',
        [string] $RetryDelay = '20ms',
        # Share of nodes with continueOnError, and of the nodes nothing needs that get a timeout (only those are
        # planned to hang: a hang then delays no layer after it, so a run stays short).
        [double] $TolerantRate = 0.15,
        [double] $TimedRate = 0.15,
        # Parallel with a fixed width: Adaptive would hold a busy machine at its core count, and every hanging node
        # would then hold one of two slots.
        [string] $Mode = 'parallel',
        [int] $Parallelism = 8
    )
    New-Item -ItemType Directory -Force $Directory | Out-Null
    $random = [Random]::new($Seed)
    $layers = [Math]::Max(4, [int][Math]::Round([Math]::Sqrt($Nodes) / 2))
    $width = [int][Math]::Ceiling($Nodes / $layers)
    $specs = [Collections.Generic.List[object]]::new()
    $yaml = [Text.StringBuilder]::new()
    [void]$yaml.Append("name: soak`nmode: $Mode`nparallelism: $Parallelism`ndefaults:`n  retry: { attempts: 3, delay: $RetryDelay }`nnodes:`n")
    for ($i = 0; $i -lt $Nodes; $i++) {
        $layer = [int][Math]::Floor($i / $width)
        $needs = [Collections.Generic.List[int]]::new()
        if ($layer -gt 0) {
            $first = ($layer - 1) * $width
            $count = 1 + $random.Next(3)
            for ($k = 0; $k -lt $count; $k++) {
                $need = $first + $random.Next($width)
                if (-not $needs.Contains($need)) { $needs.Add($need) }
            }
            if ($layer -gt 1 -and $random.NextDouble() -lt 0.2) {
                $need = $random.Next($first)
                if (-not $needs.Contains($need)) { $needs.Add($need) }
            }
        }
        $spec = [pscustomobject]@{
            Id       = "n$i"
            Index    = $i
            Layer    = $layer
            Needs    = [int[]]$needs.ToArray()
            Tolerant = $random.NextDouble() -lt $TolerantRate
            Timed    = $random.NextDouble()
            Global   = $random.NextDouble() -lt 0.04
            Always   = $false
            Gate     = $false
            Attempts = 3
        }
        $spec.Always = $layer -eq $layers - 1 -and $random.NextDouble() -lt 0.1
        $spec.Gate = $layer -ge $layers - 2 -and -not $spec.Tolerant
        $specs.Add($spec)
    }
    $needed = [Collections.Generic.HashSet[int]]::new()
    foreach ($spec in $specs) { foreach ($need in $spec.Needs) { [void]$needed.Add($need) } }
    foreach ($spec in $specs) {
        $spec.Timed = -not $needed.Contains($spec.Index) -and $spec.Timed -lt $TimedRate
        if ($spec.Timed) { $spec.Attempts = 2 }   # a hang costs a timeout per attempt
        $i = $spec.Index
        $needs = $spec.Needs
        [void]$yaml.Append("  n${i}:`n")
        if ($needs.Count) { [void]$yaml.Append("    needs: [$(($needs | ForEach-Object { "n$_" }) -join ', ')]`n") }
        if ($spec.Tolerant) { [void]$yaml.Append("    continueOnError: true`n") }
        if ($spec.Timed) { [void]$yaml.Append("    timeout: $Timeout`n    retry: { attempts: 2, delay: $RetryDelay }`n") }
        if ($spec.Always) { [void]$yaml.Append("    when: always`n") }
        [void]$yaml.Append("    run: |`n")
        [void]$yaml.Append("      `$kind = [string]`$Plan[$i]`n")
        if ($spec.Global) { [void]$yaml.Append("      `$global:SoakLast = 'n$i'`n") }
        [void]$yaml.Append("      Write-Host `"n$i attempt `$(`$Dag.Attempt) does `$kind`"`n")
        [void]$yaml.Append("      switch -CaseSensitive (`$kind) {`n")
        [void]$yaml.Append("        'n' { sleep 0.01 }`n")
        [void]$yaml.Append("        'r' { if (`$Dag.Attempt -lt 2) { throw 'planned: fails once' } }`n")
        [void]$yaml.Append("        's' { if (`$Dag.Attempt -lt 3) { throw 'planned: fails twice' } }`n")
        [void]$yaml.Append("        'f' { throw 'planned: fails every attempt' }`n")
        [void]$yaml.Append("        't' { if (`$Dag.Attempt -lt 2) { sleep 30 } }`n")
        [void]$yaml.Append("        'h' { sh -c 'sleep 30 & sleep 30' }`n")
        [void]$yaml.Append("      }`n")
        [void]$yaml.Append("      `$sum = $i`n")
        [void]$yaml.Append("      foreach (`$need in `$Needs.Values) { foreach (`$o in @(`$need)) { if (`$null -ne `$o) { `$sum += `$o.Sum } } }`n")
        [void]$yaml.Append("      [pscustomobject]@{ Node = 'n$i'; Run = `$Run; Attempt = `$Dag.Attempt; Sum = `$sum % 1000003 }`n")
    }
    $path = Join-Path $Directory 'soak.dag.yaml'
    Set-Content -Path $path -Value $yaml.ToString() -Encoding utf8NoBOM
    [pscustomobject]@{ Path = $path; Directory = $Directory; Nodes = $specs.ToArray(); Layers = $layers; Width = $width; Seed = $Seed }
}

<#
.SYNOPSIS
    The plan of one run: one letter per node (see $Kinds), from the seed and the run number, so a run is reproducible.
#>
function New-SoakPlan {
    param([Parameter(Mandatory)] $Workflow, [Parameter(Mandatory)] [int] $Run)
    $random = [Random]::new(($Workflow.Seed * 7919 + $Run * 104729) -band 0x7fffffff)
    $plan = [char[]]::new($Workflow.Nodes.Count)
    foreach ($node in $Workflow.Nodes) {
        $a = $random.NextDouble(); $b = $random.NextDouble(); $c = $random.NextDouble()
        $kind = if ($node.Timed -and $a -lt 0.25) { 't' }
        elseif ($node.Timed -and $a -lt 0.4) { 'h' }
        elseif ($node.Tolerant -and $b -lt 0.2) { 'f' }
        elseif ($node.Gate -and $b -lt 0.03) { 'f' }
        elseif ($c -lt 0.05) { 'r' }
        elseif ($c -lt 0.07) { if ($node.Attempts -ge 3) { 's' } else { 'r' } }
        elseif ($c -lt 0.12) { 'n' }
        else { 'o' }
        $plan[$node.Index] = $kind
    }
    [string]::new($plan)
}

<#
.SYNOPSIS
    What every node of a run must end as under $Plan: status, reason, attempts and the Sum it outputs.
#>
function Get-SoakExpected {
    param([Parameter(Mandatory)] $Workflow, [Parameter(Mandatory)] [string] $Plan)
    $expected = [object[]]::new($Workflow.Nodes.Count)
    foreach ($node in $Workflow.Nodes) {
        $needs = @($node.Needs | ForEach-Object { $expected[$_] })
        $blockingFailed = @($needs | Where-Object { $_.Status -eq 'Failed' -and -not $_.Tolerant }).Count
        $skipped = @($needs | Where-Object Status -EQ 'Skipped').Count
        $e = [pscustomobject]@{ Id = $node.Id; Status = 'Succeeded'; Reason = 'None'; Attempts = 1; Sum = $null; Tolerant = $node.Tolerant; Kind = [string]$Plan[$node.Index] }
        if (-not $node.Always -and ($blockingFailed -or $skipped)) {
            $e.Status = 'Skipped'
            $e.Reason = if ($blockingFailed) { 'UpstreamFailed' } else { 'UpstreamSkipped' }
            $e.Attempts = 0
        }
        else {
            switch -CaseSensitive ($e.Kind) {
                'r' { $e.Attempts = 2 }
                's' { $e.Attempts = 3 }
                't' { $e.Attempts = 2 }
                'f' { $e.Status = 'Failed'; $e.Attempts = $node.Attempts; $e.Reason = if ($node.Tolerant) { 'AllowedFailure' } else { 'None' } }
                'h' { $e.Status = 'Failed'; $e.Attempts = $node.Attempts; $e.Reason = if ($node.Tolerant) { 'AllowedFailure' } else { 'TimedOut' } }
            }
            if ($e.Status -eq 'Succeeded') {
                $sum = $node.Index
                foreach ($need in $needs) { if ($null -ne $need.Sum) { $sum += $need.Sum } }
                $e.Sum = $sum % 1000003
            }
        }
        $expected[$node.Index] = $e
    }
    $expected
}

# One /proc/<pid>/stat: state, parent and process group (the name in parentheses may hold spaces).
function Get-ProcessStat([int] $Id) {
    try { $text = [IO.File]::ReadAllText("/proc/$Id/stat") } catch { return $null }
    $close = $text.LastIndexOf(')')
    $fields = $text.Substring($close + 2).Split(' ')
    [pscustomobject]@{ Id = $Id; State = $fields[0]; Parent = [int]$fields[1]; Group = [int]$fields[2]; Name = $text.Substring($text.IndexOf('(') + 1, $close - $text.IndexOf('(') - 1) }
}

<#
.SYNOPSIS
    The processes this pwsh is answerable for: its descendants, and processes of its process group that were
    orphaned to PID 1 (a node's grandchild whose parent died). Ancestors and -Except ids are left out.
#>
function Get-SoakProcesses {
    param([int[]] $Except = @())
    if (-not (Test-Path /proc/self/stat)) { return @() }
    $all = [Collections.Generic.List[object]]::new()
    foreach ($dir in [IO.Directory]::GetDirectories('/proc')) {
        $id = 0
        if ([int]::TryParse([IO.Path]::GetFileName($dir), [ref]$id)) { $p = Get-ProcessStat $id; if ($p) { $all.Add($p) } }
    }
    $byId = @{}
    $children = @{}
    foreach ($p in $all) { $byId[$p.Id] = $p; if (-not $children.ContainsKey($p.Parent)) { $children[$p.Parent] = [Collections.Generic.List[object]]::new() }; $children[$p.Parent].Add($p) }
    $self = $byId[$PID]
    $ancestors = [Collections.Generic.HashSet[int]]::new()
    $walk = $self
    while ($walk -and $walk.Parent -gt 1 -and $ancestors.Add($walk.Parent)) { $walk = $byId[$walk.Parent] }
    $ours = [Collections.Generic.List[object]]::new()
    $pending = [Collections.Generic.Queue[int]]::new()
    $pending.Enqueue($PID)
    while ($pending.Count) {
        $list = $children[$pending.Dequeue()]
        if ($list) { foreach ($child in $list) { $ours.Add($child); $pending.Enqueue($child.Id) } }
    }
    foreach ($p in $all) {
        if ($p.Group -eq $self.Group -and $p.Parent -eq 1 -and $p.Id -ne $PID -and -not $ancestors.Contains($p.Id)) { $ours.Add($p) }
    }
    foreach ($p in $ours) {
        if ($p.Id -in $Except) { continue }
        $cmd = try { ([IO.File]::ReadAllText("/proc/$($p.Id)/cmdline") -replace "`0", ' ').Trim() } catch { '' }
        $p | Add-Member -NotePropertyName CommandLine -NotePropertyValue $(if ($cmd) { $cmd } else { $p.Name }) -PassThru
    }
}

<#
.SYNOPSIS
    Memory, handle and thread figures of this process; the GC heap after a full collection.
#>
function Get-SoakMetrics {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $status = @{}
    if (Test-Path /proc/self/status) {
        foreach ($line in [IO.File]::ReadAllLines('/proc/self/status')) {
            if ($line -match '^(VmRSS|RssAnon):\s+(\d+) kB') { $status[$Matches[1]] = [long]$Matches[2] * 1KB }
        }
    }
    $process = [Diagnostics.Process]::GetCurrentProcess()
    [pscustomobject]@{
        PrivateBytes    = if ($status.RssAnon) { $status.RssAnon } else { $process.PrivateMemorySize64 }
        WorkingSetBytes = if ($status.VmRSS) { $status.VmRSS } else { $process.WorkingSet64 }
        GcHeapBytes     = [GC]::GetTotalMemory($false)
        GcCommittedBytes = [GC]::GetGCMemoryInfo().TotalCommittedBytes
        Handles         = if (Test-Path /proc/self/fd) { [IO.Directory]::GetFileSystemEntries('/proc/self/fd').Count } else { $process.HandleCount }
        Threads         = if (Test-Path /proc/self/task) { [IO.Directory]::GetDirectories('/proc/self/task').Count } else { $process.Threads.Count }
        Runspaces       = Get-RunRunspaceCount
    }
}

<#
.SYNOPSIS
    Compares a run's result with its checkpoint (Get-DagCheckpoint and the file itself) and with its plan; returns
    one line per difference.
#>
function Test-SoakRun {
    param(
        [Parameter(Mandatory)] $Result, [Parameter(Mandatory)] $Workflow, [Parameter(Mandatory)] [object[]] $Expected, [Parameter(Mandatory)] [int] $Run,
        # Receives one line per node whose attempt timed out though its plan did not hang it: it really ran longer than
        # its timeout (a busy machine), so its plan is not checked, and the run's status is planned with what it did.
        [Collections.Generic.List[string]] $Notes = [Collections.Generic.List[string]]::new()
    )
    $problems = [Collections.Generic.List[string]]::new()
    $checkpoint = Get-DagCheckpoint -Path $Workflow.Path
    if ($checkpoint.RunId -ne $Result.RunId) { $problems.Add("checkpoint run id $($checkpoint.RunId) is not the result's $($Result.RunId)") }
    if ("$($checkpoint.Status)" -ne "$($Result.Status)") { $problems.Add("checkpoint says the run $($checkpoint.Status), the result $($Result.Status)") }
    if ($checkpoint.Nodes.Count -ne $Result.Nodes.Count) { $problems.Add("checkpoint has $($checkpoint.Nodes.Count) nodes, the result $($Result.Nodes.Count)") }

    # The file on disk: rewritten whole at the end of the run, so it must hold every node with the same status.
    $file = Get-Content -Raw $checkpoint.Path | ConvertFrom-Json -NoEnumerate
    $fileStatus = @{}
    foreach ($n in $file.nodes) { $fileStatus[$n.name] = "$($n.status)/$([int]$n.attempts)" }

    $byName = @{}
    foreach ($node in $Result.Nodes) { $byName[$node.Name] = $node }
    $states = foreach ($e in $Expected) { $checkpoint.Nodes[$e.Id] }
    $outputs = ConvertFrom-Json -NoEnumerate ('[' + (($states | ForEach-Object { if ($_ -and $_.OutputJson) { $_.OutputJson } else { 'null' } }) -join ',') + ']')
    $anyBlockingFailure = $false
    for ($i = 0; $i -lt $Expected.Count; $i++) {
        $e = $Expected[$i]
        $node = $byName[$e.Id]
        $state = $states[$i]
        if (-not $node) { $problems.Add("$($e.Id): not in the result"); continue }
        if (-not $state) { $problems.Add("$($e.Id): not in the checkpoint"); continue }
        foreach ($field in 'Status', 'Reason', 'Attempts', 'ErrorMessage', 'StartTime', 'EndTime') {
            if ("$($node.$field)" -ne "$($state.$field)") { $problems.Add("$($e.Id): $field is '$($node.$field)' in the result, '$($state.$field)' in the checkpoint") }
        }
        if ($fileStatus[$e.Id] -ne "$($node.Status)/$($node.Attempts)") { $problems.Add("$($e.Id): the checkpoint file says $($fileStatus[$e.Id]), the result $($node.Status)/$($node.Attempts)") }
        $stored = @($outputs[$i] | Where-Object { $null -ne $_ })
        $live = @($node.Output)
        if ($stored.Count -ne $live.Count) { $problems.Add("$($e.Id): $($live.Count) output objects in the result, $($stored.Count) in the checkpoint") }
        else {
            for ($k = 0; $k -lt $live.Count; $k++) {
                foreach ($field in 'Node', 'Run', 'Attempt', 'Sum') {
                    if ("$($live[$k].$field)" -ne "$($stored[$k].$field)") { $problems.Add("$($e.Id): output $field is '$($live[$k].$field)' in the result, '$($stored[$k].$field)' in the checkpoint") }
                }
            }
        }
        # The plan: what this node had to end as; unless the machine made it time out where the plan did not hang it.
        $timedOut = @($node.AttemptRecords | Where-Object { "$($_.Outcome)" -eq 'TimedOut' }).Count
        $plannedTimeouts = switch -CaseSensitive ($e.Kind) { 't' { 1 } 'h' { $e.Attempts } default { 0 } }
        if ($timedOut -gt $plannedTimeouts -and $e.Status -ne 'Skipped') {
            $Notes.Add("$($e.Id) (plan '$($e.Kind)'): $($timedOut - $plannedTimeouts) attempt(s) ran past the timeout unplanned (" + (($node.AttemptRecords | ForEach-Object { "attempt $($_.Attempt) $($_.Outcome) $([int]$_.Duration.TotalMilliseconds) ms" }) -join ', ') + "), ended $($node.Status)")
            if ("$($node.Status)" -eq 'Failed' -and -not $e.Tolerant) { $anyBlockingFailure = $true }
            continue
        }
        if ("$($node.Status)" -ne $e.Status -or "$($node.Reason)" -ne $e.Reason -or $node.Attempts -ne $e.Attempts) {
            $why = ($node.AttemptRecords | ForEach-Object { "attempt $($_.Attempt) $($_.Outcome) $($_.Duration.TotalMilliseconds) ms: $($_.Error)" }) -join ' | '
            $problems.Add("$($e.Id) (plan '$($e.Kind)'): ended $($node.Status)/$($node.Reason) after $($node.Attempts) attempts, planned $($e.Status)/$($e.Reason) after $($e.Attempts) ($why)")
        }
        elseif ($e.Status -eq 'Succeeded') {
            if ($live.Count -ne 1 -or $live[0].Sum -ne $e.Sum -or $live[0].Run -ne $Run -or $live[0].Attempt -ne $e.Attempts) {
                $problems.Add("$($e.Id): output $(($live | ForEach-Object { "Sum=$($_.Sum) Run=$($_.Run) Attempt=$($_.Attempt)" }) -join '; '), planned Sum=$($e.Sum) Run=$Run Attempt=$($e.Attempts)")
            }
        }
        elseif ($live.Count -ne 0) {
            $problems.Add("$($e.Id) (plan '$($e.Kind)'): $($node.Status) but output $($live.Count) objects: it ran on after it was stopped or threw")
        }
        if ($e.Status -eq 'Failed' -and -not $e.Tolerant) { $anyBlockingFailure = $true }
    }
    $plannedRun = if ($anyBlockingFailure) { 'Failed' } else { 'Succeeded' }
    if ("$($Result.Status)" -ne $plannedRun) { $problems.Add("the run ended $($Result.Status), planned $plannedRun") }
    $problems
}

<#
.SYNOPSIS
    One soak run: Invoke-Dag with the run's plan, then the checks. Returns what the run did and what it broke.
#>
function Invoke-SoakRun {
    param(
        [Parameter(Mandatory)] $Workflow,
        [Parameter(Mandatory)] [int] $Run,
        [Parameter(Mandatory)] [int] $BaselineRunspaces,
        [int[]] $BaselineProcesses = @(),
        [string] $LogDirectory
    )
    $plan = New-SoakPlan -Workflow $Workflow -Run $Run
    $expected = Get-SoakExpected -Workflow $Workflow -Plan $plan
    $invoke = @{ Path = $Workflow.Path; Parameters = @{ Plan = $plan; Run = $Run }; OutputMode = 'Silent'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue'; InformationAction = 'SilentlyContinue' }
    if ($LogDirectory) { $invoke.LogDirectory = $LogDirectory }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $result = Invoke-Dag @invoke 6>$null
    $seconds = $watch.Elapsed.TotalSeconds
    $problems = [Collections.Generic.List[string]]::new()

    # Runspaces: none above the baseline the moment Invoke-Dag returns; a late one is waited for (60 s: only a leak, not
    # a busy machine, lasts that long). Fewer than the baseline is no leak of this run: a runspace that was open before
    # it (left by something else in this process, still ending) closed meanwhile.
    $runspacesAtEnd = Get-RunRunspaceCount
    $runspaces = $runspacesAtEnd
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($runspaces -gt $BaselineRunspaces -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50; $runspaces = Get-RunRunspaceCount }
    if ($runspaces -gt $BaselineRunspaces) {
        $open = (Get-Runspace | Where-Object Name -NE 'DagRunnerKept' | ForEach-Object { "$($_.Id) $($_.Name) $($_.RunspaceAvailability)" }) -join '; '
        $problems.Add("runspaces: $runspaces open 60 s after the run, baseline $BaselineRunspaces ($open)")
    }

    # Processes: every child a node started is gone when the run returns (a SIGKILL still landing is waited for, up to
    # 60 s: only a survivor lasts that long).
    $orphans = @(Get-SoakProcesses -Except $BaselineProcesses | Where-Object State -NE 'Z')
    $orphansAtEnd = $orphans.Count
    $orphansSeen = @($orphans | ForEach-Object { "$($_.Id) (parent $($_.Parent), state $($_.State)): $($_.CommandLine)" })
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($orphans.Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50; $orphans = @(Get-SoakProcesses -Except $BaselineProcesses | Where-Object State -NE 'Z') }
    foreach ($o in $orphans) { $problems.Add("orphan process $($o.Id) (parent $($o.Parent), state $($o.State)): $($o.CommandLine)") }
    foreach ($o in $orphans) { try { Stop-Process -Id $o.Id -Force -ErrorAction Stop } catch { } }   # so one leak is counted once
    $zombies = @(Get-SoakProcesses -Except $BaselineProcesses | Where-Object { $_.State -eq 'Z' -and $_.Parent -eq $PID })
    foreach ($z in $zombies) { $problems.Add("child process $($z.Id) was never reaped (zombie): $($z.CommandLine)") }

    $notes = [Collections.Generic.List[string]]::new()
    foreach ($p in @(Test-SoakRun -Result $result -Workflow $Workflow -Expected $expected -Run $Run -Notes $notes)) { $problems.Add($p) }
    $checkSeconds = $watch.Elapsed.TotalSeconds - $seconds
    $counts = @{}
    foreach ($node in $result.Nodes) { $counts["$($node.Status)"] += 1 }
    [pscustomobject]@{
        Run             = $Run
        Status          = "$($result.Status)"
        Seconds         = [Math]::Round($seconds, 3)
        CheckSeconds    = [Math]::Round($checkSeconds, 3)
        Nodes           = $result.Nodes.Count
        Succeeded       = [int]$counts['Succeeded']
        Failed          = [int]$counts['Failed']
        Skipped         = [int]$counts['Skipped']
        Retried         = @($result.Nodes | Where-Object Attempts -GT 1).Count
        TimedOutAttempts = @($result.Nodes | ForEach-Object { $_.AttemptRecords } | Where-Object { "$($_.Outcome)" -eq 'TimedOut' }).Count
        Attempts        = ($result.Nodes | Measure-Object Attempts -Sum).Sum
        RunspacesAtEnd  = $runspacesAtEnd
        OrphansAtEnd    = $orphansAtEnd
        OrphansSeen     = $orphansSeen
        Problems        = $problems.ToArray()
        UnplannedTimeouts = $notes.ToArray()
    }
}

Export-ModuleMember -Function New-SoakWorkflow, New-SoakPlan, Get-SoakExpected, Get-SoakProcesses, Get-SoakMetrics, Test-SoakRun, Invoke-SoakRun
