# Nodes on any host of a group (groups:, on: { any: <group> }) over real PowerShell remoting: three private sshds on
# 127.0.0.1 (tests/Remote/Start-TestSshd.ps1), one per host name, so one of them can be stopped mid-run while the
# others go on. Where no sshd can be had, these tests are skipped with the reason.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:servers = @(1..3 | ForEach-Object { & (Join-Path $PSScriptRoot '../Remote/Start-TestSshd.ps1') })
    $script:unavailable = @($servers | Where-Object { -not $_.Available } | Select-Object -First 1)
    if ($unavailable) { Write-Warning "Host group tests skipped: $($unavailable[0].Reason)" }

    function Skip-WithoutSshd {
        if ($unavailable) { Set-ItResult -Skipped -Because "no test sshd: $($unavailable[0].Reason)" }
        [bool] $unavailable
    }

    # w1, w2, w3 with 1, 2 and 3 sessions, each on an sshd of its own, grouped as 'workers'; then the nodes. The local
    # cap of 1 shows that nodes on hosts count against their sessions only.
    function New-GroupWorkflow([string] $Nodes) {
        $hosts = for ($i = 0; $i -lt 3; $i++) {
            $s = $servers[$i]
            "  w$($i + 1): { hostName: 127.0.0.1, port: $($s.Port), userName: $($s.UserName), keyFilePath: $($s.KeyFilePath), maxSessions: $($i + 1), " +
                'options: { StrictHostKeyChecking: no, UserKnownHostsFile: /dev/null, LogLevel: ERROR } }'
        }
        New-Workflow -Yaml ("parallelism: 1`nhosts:`n" + ($hosts -join "`n") + "`ngroups:`n  workers: [w1, w2, w3]`n" + $Nodes)
    }

    # Every process below $Id (sshd's connections and the pwsh each one started), found through /proc.
    function Get-Descendants([int] $Id) {
        $parents = @{}
        foreach ($dir in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -Match '^\d+$') {
            $stat = Get-Content "/proc/$($dir.Name)/stat" -Raw -ErrorAction Ignore
            if ($stat) { $parents[[int]$dir.Name] = [int](($stat.Substring($stat.LastIndexOf(')') + 2) -split ' ')[1]) }
        }
        $found = [System.Collections.Generic.List[int]]::new()
        $queue = [System.Collections.Generic.Queue[int]]::new(); $queue.Enqueue($Id)
        while ($queue.Count) {
            $parent = $queue.Dequeue()
            foreach ($child in @($parents.Keys | Where-Object { $parents[$_] -eq $parent })) { $found.Add($child); $queue.Enqueue($child) }
        }
        $found
    }

    $script:items = (1..60) -join ', '
}

AfterAll {
    foreach ($server in $servers) { & (Join-Path $PSScriptRoot '../Remote/Stop-TestSshd.ps1') -Server $server }
}

Describe 'A foreach on any host of a group' {
    It 'runs every item exactly once, each host as many at once as its sessions, and says where each ran' {
        if (Skip-WithoutSshd) { return }
        $markers = Join-Path $TestDrive 'markers'
        New-Item -ItemType Directory $markers | Out-Null
        $wf = New-GroupWorkflow @"
nodes:
  item:
    foreach: [$items]
    on: { any: workers }
    run: |
      Set-Content -LiteralPath (Join-Path '$markers' "`$Item.`$(`$Dag.Host)") -Value `$PID
      `$deadline = [DateTime]::UtcNow.AddSeconds(120)
      while (@(Get-ChildItem '$markers').Count -lt 6) { if ([DateTime]::UtcNow -gt `$deadline) { throw 'gave up waiting for six items to start' }; Start-Sleep -Milliseconds 20 }
      `$Dag.Host
"@
        $r = Invoke-Dag $wf 6>$null

        $r.Status | Should -Be 'Succeeded' -Because ($r.Nodes | Where-Object Status -ne 'Succeeded' | ForEach-Object { "$($_.Name): $($_.ErrorMessage)" })
        $files = @(Get-ChildItem $markers)
        $files.Count | Should -Be 60
        @($files.Name | ForEach-Object { ($_ -split '\.')[0] } | Sort-Object -Unique).Count | Should -Be 60 -Because 'each item wrote its own marker, once'
        $instances = @($r.Nodes | Where-Object Name -Like 'item`[*')
        $instances.Count | Should -Be 60
        foreach ($instance in $instances) {
            $instance.Host | Should -BeIn @('w1', 'w2', 'w3')
            $instance.Output[0] | Should -Be $instance.Host -Because '$Dag.Host is the host the instance was given'
            Test-Path (Join-Path $markers "$($instance.Name -replace '^item\[(.*)\]$', '$1').$($instance.Host)") | Should -BeTrue
        }
        $table = $instances | Format-Table -View Host | Out-String -Width 200
        $table | Should -Match '(?m)^Name\s+Host\s+Status\s+Attempts' -Because $table
        $first = $instances | Where-Object Name -EQ 'item[1]'
        $table | Should -Match ('(?m)^item\[1\]\s+{0}\s+Succeeded\s+1\s' -f $first.Host) -Because $table
        $perHost = $instances | Group-Object Host
        @($perHost.Name | Sort-Object) | Should -Be @('w1', 'w2', 'w3') -Because 'no host idles while items wait'
        ($perHost | Measure-Object Count -Sum).Sum | Should -Be 60
        ($r | Out-String -Width 300) | Should -Match 'Hosts: +w1 \d+, w2 \d+, w3 \d+ \(nodes run on each\)'
        (Get-DagCheckpoint $wf).Nodes['item[7]'].Host | Should -Be $r['item[7]'].Host
        Write-Host "    (per host: $(($perHost | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '))"
    }

    It 'moves the items of a host whose sshd is stopped mid-run to the other hosts, without using a retry, and marks it down' {
        if (Skip-WithoutSshd) { return }
        $markers = Join-Path $TestDrive 'failover'
        New-Item -ItemType Directory $markers | Out-Null
        $go = Join-Path $TestDrive 'go'
        $wait = Get-WaitForFileScript -Path $go -Seconds 120
        $wf = New-GroupWorkflow @"
nodes:
  item:
    foreach: [$items]
    on: { any: workers }
    run: |
      New-Item -ItemType File -Path (Join-Path '$markers' "started.`$Item.`$(`$Dag.Host).`$([guid]::NewGuid().ToString('n'))") | Out-Null
      $wait
      New-Item -ItemType File -Path (Join-Path '$markers' "done.`$Item.`$(`$Dag.Host)") | Out-Null
      `$Dag.Host
"@
        # The run goes on in a pwsh of its own while this test stops w2's sshd; it writes what it found to a file.
        $out = Join-Path $TestDrive 'failover.json'
        $manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path
        $script = "Import-Module '$manifest'; `$r = Invoke-Dag '$wf' -WarningVariable w 3>`$null 6>`$null; " +
            "[pscustomobject]@{ Status = `"`$(`$r.Status)`"; Warnings = @(`$w | ForEach-Object { `"`$_`" }); " +
            "Nodes = @(`$r.Nodes | ForEach-Object { [pscustomobject]@{ Name = `$_.Name; Status = `"`$(`$_.Status)`"; Attempts = `$_.Attempts; Host = `$_.Host; Error = `$_.ErrorMessage } }) } | ConvertTo-Json -Depth 6 | Set-Content '$out'"
        $scriptFile = Join-Path $TestDrive 'failover-run.ps1'
        Set-Content -LiteralPath $scriptFile -Value $script
        $pwsh = Get-PwshCommand
        # Start-Process joins its arguments with spaces and quotes none: the script's path (under TMPDIR) is quoted here.
        $child = Start-Process -FilePath $pwsh.FileName -ArgumentList (@($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-File', "`"$scriptFile`"")) -PassThru -RedirectStandardError (Join-Path $TestDrive 'failover.err')
        try {
            # Every session busy (1 + 2 + 3 items waiting for the go file), two of them on w2: then stop w2's sshd and all below it.
            Wait-Until -Seconds 120 -What 'six items started, two on w2' -Condition {
                $started = @(Get-ChildItem $markers -Filter 'started.*').Name
                $started.Count -ge 6 -and @($started | Where-Object { $_ -like 'started.*.w2.*' }).Count -ge 2
            }
            $tree = @($servers[1].ProcessId) + @(Get-Descendants $servers[1].ProcessId)
            foreach ($id in $tree) { Stop-Process -Id $id -Force -ErrorAction Ignore }
            Set-Content $go 'go'
            $child.WaitForExit(180000) | Should -BeTrue -Because 'the run ends once the items moved'
        }
        finally {
            if (-not $child.HasExited) { Stop-Process -Id $child.Id -Force }
        }

        Test-Path $out | Should -BeTrue -Because (Get-Content (Join-Path $TestDrive 'failover.err') -Raw)
        $run = Get-Content $out -Raw | ConvertFrom-Json
        $instances = @($run.Nodes | Where-Object Name -Like 'item`[*')
        $run.Status | Should -Be 'Succeeded' -Because ($instances | Where-Object Status -ne 'Succeeded' | ForEach-Object { "$($_.Name): $($_.Error)" })
        $instances.Count | Should -Be 60
        $instances | Where-Object Attempts -ne 1 | Should -BeNullOrEmpty -Because 'moving to another host is not a retry (the node has none)'
        $instances | Where-Object Host -eq 'w2' | Should -BeNullOrEmpty -Because 'w2 was down before any item finished'
        $done = @(Get-ChildItem $markers -Filter 'done.*').Name
        $done.Count | Should -Be 60
        @($done | ForEach-Object { ($_ -split '\.')[1] } | Sort-Object -Unique).Count | Should -Be 60 -Because 'every item finished exactly once'
        $moved = @(Get-ChildItem $markers -Filter 'started.*.w2.*').Count
        @($run.Warnings | Where-Object { $_ -like "*Host 'w2' is down*" }).Count | Should -Be 1 -Because 'the host is marked down once, with its reason'
        Write-Host "    ($moved items started on w2 and moved; warning: $(@($run.Warnings)[0]))"
    }
}

Describe 'groups: in Test-Dag' {
    It 'reports an unknown group (DAG0027) and a group naming an unknown host (DAG0028) at their lines' {
        $wf = New-Workflow @'
hosts:
  web1: { hostName: web1.example.com }
groups:
  workers: [web1, web9]
nodes:
  build:
    on: { any: wokrers }
    run: "'x'"
'@
        Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        @($errs.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] }) | Should -Be @('DAG0028', 'DAG0027')
        "$($errs[0])" | Should -BeLike "*(4,19): error DAG0028: Group 'workers' names host 'web9', which is not in 'hosts'.*"
        "$($errs[1])" | Should -BeLike "*(7,16): error DAG0027: Node 'build' runs on any host of group 'wokrers', which is not in 'groups'.*"
    }
}
