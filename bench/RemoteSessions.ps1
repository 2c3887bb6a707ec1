#Requires -Version 7.4
<#
.SYNOPSIS
    How many PowerShell sessions over SSH one DagRunner process can open, how fast, and what each one costs in memory.
.DESCRIPTION
    Starts the tests' private sshd on 127.0.0.1 (tests/Remote/Start-TestSshd.ps1), then opens -Count sessions with
    New-PSSession -HostName, as DagRunner does, -Concurrent at a time (each in a runspace of its own), and reports:
    the opening rate (sessions per second, wall clock), the median time to open one, this process's working set
    per open session (the controller's cost: an ssh client process is counted apart), the ssh client
    processes' resident memory per session, and the resident memory each session takes on the host (sshd's connection
    processes and the pwsh it started; here the same machine). A first round of -Concurrent sessions is opened before
    measuring, so the figures are what each further session costs, not the loading of the remoting code. Everything is closed and the sshd stopped at the end. Linux only (reads /proc).
.EXAMPLE
    dotnet pwsh ./bench/RemoteSessions.ps1 -Count 24 -Concurrent 4
#>
[CmdletBinding()]
param(
    [int] $Count = 24,
    [int] $Concurrent = 4
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot -Parent

function Get-ChildProcessIds([int] $Id) {
    $parents = @{}
    foreach ($dir in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -Match '^\d+$') {
        $stat = Get-Content "/proc/$($dir.Name)/stat" -Raw -ErrorAction Ignore
        if ($stat) { $parents[[int]$dir.Name] = [int](($stat.Substring($stat.LastIndexOf(')') + 2) -split ' ')[1]) }
    }
    $found = [Collections.Generic.List[int]]::new(); $queue = [Collections.Generic.Queue[int]]::new(); $queue.Enqueue($Id)
    while ($queue.Count) { $p = $queue.Dequeue(); foreach ($c in @($parents.Keys | Where-Object { $parents[$_] -eq $p })) { $found.Add($c); $queue.Enqueue($c) } }
    $found
}

function Get-RssMiB([int[]] $Ids, [string] $Name) {
    $kb = 0
    foreach ($id in $Ids) {
        $comm = Get-Content "/proc/$id/comm" -ErrorAction Ignore
        if ($Name -and $comm -ne $Name) { continue }
        $line = Select-String -Path "/proc/$id/status" -Pattern '^VmRSS:\s+(\d+)' -ErrorAction Ignore
        if ($line) { $kb += [int]$line.Matches[0].Groups[1].Value }
    }
    $kb / 1024
}

$server = & (Join-Path $root 'tests/Remote/Start-TestSshd.ps1')
if (-not $server.Available) { throw "No test sshd: $($server.Reason)" }
$sessions = [Collections.Concurrent.ConcurrentBag[object]]::new()
try {
    $load = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR'; BatchMode = 'yes' }
    $open = {
        param($Server, $Options)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $s = New-PSSession -HostName $Server.HostName -Port $Server.Port -UserName $Server.UserName -KeyFilePath $Server.KeyFilePath -Options $Options -ErrorAction Stop
        [pscustomobject]@{ Session = $s; Seconds = $watch.Elapsed.TotalSeconds }
    }
    $pool = [runspacefactory]::CreateRunspacePool(1, $Concurrent)
    $pool.Open()
    $openMany = {
        param([int] $Many)
        $pending = foreach ($i in 1..$Many) {
            $ps = [powershell]::Create().AddScript($open).AddArgument($server).AddArgument($options)
            $ps.RunspacePool = $pool
            [pscustomobject]@{ PowerShell = $ps; Async = $ps.BeginInvoke() }
        }
        foreach ($p in $pending) { $p.PowerShell.EndInvoke($p.Async); $p.PowerShell.Dispose() }
    }
    # A first round loads the remoting code and fills the runspace pool: what follows is what each more session costs.
    foreach ($o in & $openMany $Concurrent) { $sessions.Add($o.Session) }
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); $self.Refresh()
    $before = @{ WorkingSet = $self.WorkingSet64 }
    $hostBefore = Get-RssMiB @(Get-ChildProcessIds $server.ProcessId)
    $sshBefore = Get-RssMiB @(Get-ChildProcessIds $self.Id) 'ssh'
    $wall = [Diagnostics.Stopwatch]::StartNew()
    $opened = @(& $openMany $Count)
    $wall.Stop()
    foreach ($o in $opened) { $sessions.Add($o.Session) }

    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); $self.Refresh()
    $below = @(Get-ChildProcessIds $self.Id)
    $onHost = @(Get-ChildProcessIds $server.ProcessId)
    $times = @($opened.Seconds | Sort-Object)
    [pscustomobject]@{
        Sessions                  = $Count
        Concurrent                = $Concurrent
        LoadAverageBefore         = $load
        OpenedPerSecond           = [math]::Round($Count / $wall.Elapsed.TotalSeconds, 2)
        MedianOpenSeconds         = [math]::Round($times[[int]($times.Count / 2)], 2)
        ControllerWorkingSetMiBPerSession = [math]::Round(($self.WorkingSet64 - $before.WorkingSet) / 1MB / $Count, 2)
        SshClientRssMiBPerSession = [math]::Round(((Get-RssMiB $below 'ssh') - $sshBefore) / $Count, 2)
        HostRssMiBPerSession      = [math]::Round(((Get-RssMiB $onHost) - $hostBefore) / $Count, 2)
    }
    $pool.Dispose()
}
finally {
    $all = @($sessions.ToArray())
    if ($all) { Remove-PSSession -Session $all -ErrorAction Ignore }
    & (Join-Path $root 'tests/Remote/Stop-TestSshd.ps1') -Server $server
}
