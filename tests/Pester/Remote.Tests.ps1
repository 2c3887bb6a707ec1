# Nodes on remote hosts (hosts:, on:) over real PowerShell remoting: an sshd of the tests' own on 127.0.0.1
# (tests/Remote/Start-TestSshd.ps1, which installs openssh-server when it is missing and this runs as root) whose
# 'powershell' subsystem is the pwsh running these tests. Two host entries point at it under different names. Where
# no sshd can be had, these tests are skipped with the reason. Each run keeps to one session per host (maxSessions: 1):
# opening one starts a pwsh there, which takes about a second.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:sshd = & (Join-Path $PSScriptRoot '../Remote/Start-TestSshd.ps1')
    if (-not $sshd.Available) { Write-Warning "Remote tests skipped: $($sshd.Reason)" }

    # A port nothing listens on: the OS hands out a free one, and it is closed again at once.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $script:closedPort = $listener.LocalEndpoint.Port; $listener.Stop()

    # The hosts: section for the test sshd: a and b are the same machine under two names; 'down' refuses connections.
    function Get-HostsYaml([int] $DownPort = $closedPort) {
        $common = "hostName: 127.0.0.1, userName: $($sshd.UserName), keyFilePath: $($sshd.KeyFilePath), maxSessions: 1, " +
            'options: { StrictHostKeyChecking: no, UserKnownHostsFile: /dev/null, LogLevel: ERROR }'
        "hosts:`n  a: { $common, port: $($sshd.Port) }`n  b: { $common, port: $($sshd.Port) }`n  down: { $common, port: $DownPort, connectTimeout: 30s }`n"
    }

    # A workflow file: the test sshd's hosts, then the nodes.
    function New-RemoteWorkflow([string] $Nodes, [string] $Directory = $TestDrive, [string] $Name, [int] $DownPort = $closedPort) {
        $arguments = @{ Yaml = (Get-HostsYaml -DownPort $DownPort) + $Nodes; Directory = $Directory }
        if ($Name) { $arguments.Name = $Name }
        New-Workflow @arguments
    }

    function Skip-WithoutSshd {
        if (-not $sshd.Available) { Set-ItResult -Skipped -Because "no test sshd: $($sshd.Reason)" }
        -not $sshd.Available
    }
}

AfterAll {
    if ($sshd) { & (Join-Path $PSScriptRoot '../Remote/Stop-TestSshd.ps1') -Server $sshd }
}

Describe 'Nodes on remote hosts' {
    Context 'a node on each of two hosts, and a node on both' {
        BeforeAll {
            if (-not $sshd.Available) { return }
            $script:wf = New-RemoteWorkflow @'
variables: { Greeting: hello }
nodes:
  local:
    run: "[pscustomobject]@{ Version = '1.2.3'; Tags = @('x', 'y') }"
  onA:
    needs: local
    on: a
    run: |
      Write-Host "$Greeting from $($Dag.Host)"
      Write-Warning 'careful on a'
      [pscustomobject]@{ Host = $Dag.Host; Version = $Needs.local.Version; Tags = $Needs.local.Tags; Pid = $PID; Nested = [pscustomobject]@{ Deep = 'yes' } }
  onB:
    on: b
    file: remote-script.ps1
    with: { Name: bee }
  both:
    on: [a, b]
    run: |
      "$Item/$($Dag.Host)/$($Dag.Node)"
      $PID
  report:
    needs: [onA, onB, both]
    run: '"a said $($Needs.onA.Host) $($Needs.onA.Version), b said $($Needs.onB), both said $(($Needs.both | ForEach-Object { $_[0] }) -join ",")"'
'@
            Set-Content (Join-Path $TestDrive 'remote-script.ps1') "param([string] `$Name)`n`"file on `$(`$Dag.Host) for `$Name`""
            $script:started = [DateTime]::Now
            $script:r = Invoke-Dag $wf -InformationVariable info -WarningVariable warnings 6>$null 3>$null
            $script:took = [DateTime]::Now - $started
            $script:info = $info
            $script:warnings = $warnings
        }

        It 'runs each node in a session on its host, and the run succeeds' {
            if (Skip-WithoutSshd) { return }
            $r.Status | Should -Be 'Succeeded' -Because ($r.Nodes | Where-Object Status -ne 'Succeeded' | ForEach-Object { "$($_.Name): $($_.ErrorMessage)" })
            @($r.Nodes.Name | Sort-Object) | Should -Be @('both', 'both[a]', 'both[b]', 'local', 'onA', 'onB', 'report')
            $r['onA'].Output[0].Pid | Should -Not -Be $PID -Because 'the node ran in the pwsh that sshd started'
            $r['both[a]'].Output[1] | Should -Be $r['onA'].Output[0].Pid -Because 'the nodes of host a shared its one session (maxSessions: 1)'
            $r['both[b]'].Output[1] | Should -Not -Be $r['onA'].Output[0].Pid -Because 'host b has a session of its own'
            $r['report'].Output | Should -Be @('a said a 1.2.3, b said file on b for bee, both said a/a/both[a],b/b/both[b]')
            Write-Host "    (remote run: $([int]$took.TotalMilliseconds) ms, two sessions opened)"
        }

        It 'brings outputs back deserialized with their properties, and nothing remoting adds' {
            if (Skip-WithoutSshd) { return }
            $out = $r['onA'].Output[0]
            $out | Should -BeOfType [pscustomobject]
            $out.Host | Should -Be 'a'
            $out.Version | Should -Be '1.2.3'
            $out.Tags | Should -Be @('x', 'y')
            $out.Nested.Deep | Should -Be 'yes'
            $out.PSObject.Properties.Name | Should -Not -Contain 'PSComputerName'
            $restored = (Get-DagCheckpoint $wf).Nodes['onA'].RestoreOutput()[0]
            $restored.Nested.Deep | Should -Be 'yes'
        }

        It 'tags the lines of a remote node [node@host]' {
            if (Skip-WithoutSshd) { return }
            Get-HostText $info | Should -Contain '[onA@a] hello from a'
            Get-HostText $info | Should -Contain '[both[b]@b] b/b/both[b]'
            @($warnings | ForEach-Object { "$_" }) | Should -Contain '[onA@a] careful on a'
        }

        It 'tags the Json log events with the host' {
            if (Skip-WithoutSshd) { return }
            $events = @(Invoke-Dag $wf -Node onB -NoCheckpoint -OutputMode Json | ForEach-Object { $_ | ConvertFrom-Json })
            $log = $events | Where-Object { $_.event -eq 'log' -and $_.node -eq 'onB' }
            $log.host | Should -Be 'b'
            $log.text | Should -Be 'file on b for bee'
        }
    }

    Context 'a remote node that fails, and hosts that do not answer' {
        It 'fails a node whose remote script throws, with its message and its line in the workflow; exit codes count' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
nodes:
  throws:
    on: a
    run: |
      'before'
      throw 'remote boom'
  exits:
    on: a
    run: exit 3
  lowered:
    on: a
    run: |
      Write-Error 'only a warning here' -ErrorAction Continue
      'went on'
'@
            $r = Invoke-Dag $wf -NoCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null
            $r['throws'].Status | Should -Be 'Failed'
            $r['throws'].Reason | Should -Be 'None'
            $r['throws'].ErrorMessage | Should -Be 'remote boom'
            $failure = $errs | Where-Object { $_.TargetObject.Name -eq 'throws' }
            $failure.FullyQualifiedErrorId | Should -Be 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand'
            $failure.Exception.Message | Should -BeLike ('*remote boom ' + [WildcardPattern]::Escape("[$wf(10,7)]"))
            $r['exits'].Status | Should -Be 'Failed'
            $r['exits'].ErrorMessage | Should -BeLike '*exit code 3*'
            $r['lowered'].Status | Should -Be 'Succeeded'
            $r['lowered'].Output | Should -Be @('went on')
        }

        It 'fails only the nodes of a host that refuses connections (HostUnreachable), retried with a fresh session' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
nodes:
  onDown:
    on: down
    retry: { attempts: 2, delay: 0s }
    run: "'never'"
  afterDown:
    needs: onDown
    run: "'never either'"
  onA:
    on: a
    run: "'fine'"
'@
            $r = Invoke-Dag $wf -NoCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null 3>$null
            $r.Status | Should -Be 'Failed'
            $r['onDown'].Status | Should -Be 'Failed'
            $r['onDown'].Reason | Should -Be 'HostUnreachable'
            $r['onDown'].Attempts | Should -Be 2
            $r['onDown'].ErrorMessage | Should -BeLike "*host 'down'*connection refused*"
            $r['afterDown'].Reason | Should -Be 'UpstreamFailed'
            $r['onA'].Status | Should -Be 'Succeeded'
            $r['onA'].Output | Should -Be @('fine')
            $unreachable = $errs | Where-Object { $_.TargetObject.Name -eq 'onDown' }
            $unreachable.FullyQualifiedErrorId | Should -Be 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand'
            $unreachable.Exception.Message | Should -BeLike "Node 'onDown' failed (host unreachable):*"
        }

        It 'runs a node on any host of a group on the hosts that answer, marking one that refuses connections down once' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
mode: parallel
parallelism: 3
groups:
  pair: [a, down]
nodes:
  each:
    foreach: [1, 2, 3]
    on: { any: pair }
    run: $Dag.Host
'@
            $r = Invoke-Dag $wf -NoCheckpoint -WarningVariable warnings 3>$null 6>$null

            $r.Status | Should -Be 'Succeeded' -Because ($r.Nodes | ForEach-Object { "$($_.Name): $($_.ErrorMessage)" })
            foreach ($instance in $r.Nodes | Where-Object Name -Like 'each`[*') {
                ($instance.Host, $instance.Output[0], $instance.Attempts) | Should -Be @('a', 'a', 1)
            }
            $down = @($warnings | ForEach-Object { "$_" } | Where-Object { $_ -like "*Host 'down' is down*" })
            $down.Count | Should -Be 1 -Because 'the second instance was given host down, which refused it; no instance went there after'
            $down[0] | Should -BeLike '*connection refused*moves to another host of group ''pair''*'
        }

        It 'resumes after a remote failure: once the host is fixed, only the failed remote node and what needs it run' {
            if (Skip-WithoutSshd) { return }
            $dir = Join-Path $TestDrive 'resume-remote'
            New-Item -ItemType Directory $dir | Out-Null
            $counts = Join-Path $dir 'counts'
            New-Item -ItemType Directory $counts | Out-Null
            $nodes = @"
variables: { Counts: $counts }
nodes:
  first:
    on: a
    run: |
      Add-Content (Join-Path `$Counts 'first.txt') 1
      [pscustomobject]@{ Build = 42 }
  deploy:
    needs: first
    on: down
    run: |
      Add-Content (Join-Path `$Counts 'deploy.txt') 1
      "deployed build `$(`$Needs.first.Build)"
  last:
    needs: deploy
    run: '"last saw: " + `$Needs.deploy'
"@
            $wf = New-RemoteWorkflow $nodes -Directory $dir -Name release
            $first = Invoke-Dag $wf -ErrorAction SilentlyContinue 6>$null 3>$null
            $first['deploy'].Reason | Should -Be 'HostUnreachable'
            $first['last'].Status | Should -Be 'Skipped'
            (Get-DagCheckpoint $wf).Nodes['deploy'].Reason | Should -Be 'HostUnreachable'

            # The fix: host 'down' is pointed at the running sshd. Its connection settings are not part of any node's
            # definition, so nothing counts as changed: the failed node runs again because it failed.
            $wf = New-RemoteWorkflow $nodes -Directory $dir -Name release -DownPort $sshd.Port
            $second = Resume-Dag $wf 6>$null
            $second.Status | Should -Be 'Succeeded'
            $second['first'].Reason | Should -Be 'Resumed'
            $second['deploy'].Reason | Should -Be 'PreviouslyFailed'
            $second['last'].Output | Should -Be @('last saw: deployed build 42')
            @(Get-Content (Join-Path $counts 'first.txt')).Count | Should -Be 1
            @(Get-Content (Join-Path $counts 'deploy.txt')).Count | Should -Be 1
        }
    }

    Context 'what travels between this machine and the host' {
        It 'gives a remote node the secrets as variables, and masks what comes back: lines, output, the error (its line kept)' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
secrets:
  apiToken: param
nodes:
  remote:
    on: a
    run: |
      Write-Host "remote host line $apiToken"
      [pscustomobject]@{ Token = $apiToken; Chars = $Dag.Variables.apiToken.Length }
  throws:
    on: a
    run: |
      'before'
      throw "remote denied $apiToken"
'@
            $secret = 'remote-LEAKED-token'
            $r = Invoke-Dag $wf -NoCheckpoint -Secrets @{ apiToken = $secret } -InformationVariable info -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null 3>$null
            $r['remote'].Output[0].Chars | Should -Be $secret.Length -Because 'the host got the value'
            $r['remote'].Output[0].Token | Should -Be '***'
            Get-HostText $info | Should -Contain '[remote@a] remote host line ***'
            $r['throws'].ErrorMessage | Should -Be 'remote denied ***'
            $failure = $errs | Where-Object { $_.TargetObject.Name -eq 'throws' }
            $failure.FullyQualifiedErrorId | Should -Be 'NodeFailed,DagRunner.PowerShell.InvokeDagCommand'
            $failure.Exception.Message | Should -BeLike ('*remote denied `*`*`* ' + [WildcardPattern]::Escape("[$wf(") + '*,7)]')
            (($r.Nodes | Format-List * | Out-String) + ($errs | Out-String) + (Get-HostText $info)) | Should -Not -Match 'LEAKED'
        }

        It 'copies a transfer: node''s inputs to a folder on the host, runs it there, and copies its outputs back, with sizes and times in the log' {
            if (Skip-WithoutSshd) { return }
            $folder = Join-Path $TestDrive 'transfer'
            New-Item -ItemType Directory (Join-Path $folder 'src/sub') -Force | Out-Null
            Set-Content (Join-Path $folder 'src/in.txt') 'hello'
            $data = [byte[]]::new(2621440)  # 2.5 MiB: three chunks each way
            [System.Random]::new(18).NextBytes($data)
            [System.IO.File]::WriteAllBytes((Join-Path $folder 'src/sub/data.bin'), $data)
            $wf = New-RemoteWorkflow -Directory $folder @'
nodes:
  build:
    on: a
    transfer: true
    inputs: [src/**]
    outputs: [out/*]
    run: |
      New-Item -ItemType Directory out | Out-Null
      "$(Get-Content src/in.txt) from $($Dag.Host)" | Set-Content out/result.txt
      Copy-Item src/sub/data.bin out/copy.bin
      Set-Content scratch.log 'stays on the host'
      (Get-Location).Path
'@
            $r = Invoke-Dag $wf -NoCheckpoint -InformationVariable info 6>$null

            $r.Status | Should -Be 'Succeeded' -Because $r['build'].ErrorMessage
            $r['build'].Output[0] | Should -Not -Be $folder -Because 'the node ran in a folder of its own on the host'
            $r['build'].Output[0] | Should -BeLike '*dagrunner-*files*'
            Get-Content (Join-Path $folder 'out/result.txt') | Should -Be 'hello from a'
            (Get-FileHash (Join-Path $folder 'out/copy.bin')).Hash | Should -Be (Get-FileHash (Join-Path $folder 'src/sub/data.bin')).Hash
            Test-Path (Join-Path $folder 'scratch.log') | Should -BeFalse -Because 'only what outputs: matches comes back'
            $lines = Get-HostText $info
            $lines | Where-Object { $_ -match '^\[build@a\] transfer: 2 files \(2\.5 MiB\) copied to a:.* in \d+\.\d\d s$' } | Should -Not -BeNullOrEmpty -Because ($lines -join "`n")
            $lines | Where-Object { $_ -match '^\[build@a\] transfer: 2 files \(2\.5 MiB\) copied back from a in \d+\.\d\d s$' } | Should -Not -BeNullOrEmpty -Because ($lines -join "`n")
        }

        It 'works out foreach keys on the node''s host, for an expression and a list from the file, with $Item as the host has it' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
nodes:
  days:
    run: |
      [pscustomobject]@{ Day = '2026-11-30'; Rows = 1 }
      [pscustomobject]@{ Day = '2026-12-01'; Rows = 2 }
  transform:
    needs: days
    on: a
    foreach: { items: $Needs.days, key: '"$($Item.Day)-$($Dag.Host)"' }
    run: $Item.Rows
  fixed:
    on: b
    foreach: { items: [{ day: d1 }, { day: d1 }], key: $Item.day }
    run: $Item.day
'@
            $r = Invoke-Dag $wf -NoCheckpoint -ErrorAction SilentlyContinue 6>$null 3>$null
            @($r.Nodes.Name | Where-Object { $_ -like 'transform*' }) | Should -Be @('transform', 'transform[2026-11-30-a]', 'transform[2026-12-01-a]')
            $r['transform'].Output | Should -Be @(1, 2)
            $r['fixed'].Status | Should -Be 'Failed'
            $r['fixed'].Error.FullyQualifiedErrorId | Should -Be 'ForEachKeyDuplicate'
        }
    }

    Context 'sessions on a host: reused, prepared by modules: and setup:, stopped at a timeout' {
        It 'starts each node on a reused session clean: no variables or folder of the node before' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
nodes:
  dirty:
    on: a
    run: |
      $global:Leak = 'leaked'; $local = 'local'; Set-Location ([System.IO.Path]::GetTempPath())
      [pscustomobject]@{ Pid = $PID; Home = $HOME }
  clean:
    needs: dirty
    on: a
    run: '[pscustomobject]@{ Pid = $PID; Leak = $global:Leak; Local = $local; Here = $PWD.ProviderPath }'
'@
            $r = Invoke-Dag $wf -NoCheckpoint 6>$null
            $r['clean'].Output[0].Pid | Should -Be $r['dirty'].Output[0].Pid -Because 'both ran in the one session of host a'
            $r['clean'].Output[0].Leak | Should -BeNullOrEmpty
            $r['clean'].Output[0].Local | Should -BeNullOrEmpty
            $r['clean'].Output[0].Here | Should -Be $r['dirty'].Output[0].Home
        }

        It 'prepares each session once with modules: and setup: (a module file travels as text); setup''s variables survive the reset between nodes' {
            if (Skip-WithoutSshd) { return }
            $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            New-Item -ItemType Directory (Join-Path $folder 'tools') -Force | Out-Null
            Set-Content (Join-Path $folder 'tools/Remote.psm1') 'function Get-Where { "module on $($Dag.Host)" }'
            $wf = New-RemoteWorkflow -Directory $folder @'
modules: [./tools/Remote.psm1]
setup: |
  function Get-Tag { param($Text) "<$Text>" }
  $SetupPid = $PID
nodes:
  dirty:
    on: a
    run: |
      $global:Leak = 'leaked'
      [pscustomobject]@{ Pid = $PID; Tag = (Get-Tag dirty); Where = (Get-Where); SetupPid = $SetupPid }
  clean:
    needs: dirty
    on: a
    run: '[pscustomobject]@{ Pid = $PID; Tag = (Get-Tag clean); Where = (Get-Where); SetupPid = $SetupPid; Leak = $global:Leak }'
'@
            $r = Invoke-Dag $wf -NoCheckpoint 6>$null
            $r.Status | Should -Be 'Succeeded'
            $clean = $r['clean'].Output[0]
            $clean.Pid | Should -Be $r['dirty'].Output[0].Pid -Because 'both ran in the one session of host a'
            $clean.Tag | Should -Be '<clean>'
            $clean.Where | Should -Be 'module on a'
            $clean.SetupPid | Should -Be $clean.Pid -Because 'setup ran in that session, and its variable was set again after the reset'
            $clean.Leak | Should -BeNullOrEmpty
        }

        It 'fails a node whose host cannot run the setup, with SetupFailed naming the host' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow "setup: |`n  if (`$Dag -eq `$null -and `$PSSenderInfo) { throw 'not on a host' }`nnodes:`n  local: { run: 1 }`n  far: { on: a, run: 2 }"
            $r = Invoke-Dag $wf -NoCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue 6>$null
            $r['local'].Status | Should -Be 'Succeeded'
            $r['far'].Status | Should -Be 'Failed'
            $r['far'].ErrorMessage | Should -Match "setup failed on host 'a'"
            $r['far'].Error.FullyQualifiedErrorId | Should -BeLike 'SetupFailed*'
        }

        It 'stops a remote command at its timeout, and the session serves the next node' {
            if (Skip-WithoutSshd) { return }
            $wf = New-RemoteWorkflow @'
nodes:
  slow:
    on: a
    timeout: 1s
    run: Start-Sleep -Seconds 600
  next:
    needs: slow
    when: always
    on: a
    run: '"next ran in $PID"'
'@
            # The 600 s sleep must be stopped at its 1 s timeout for the run to return within the 60 s hang guard.
            $r = Invoke-DagGuarded @{ Path = $wf; NoCheckpoint = $true }
            $r['slow'].Status | Should -Be 'Failed'
            $r['slow'].Reason | Should -Be 'TimedOut'
            $r['next'].Status | Should -Be 'Succeeded'
            $r['next'].Output | Should -BeLike 'next ran in *'
        }
    }
}

Describe 'Stopping a run with remote nodes (Ctrl+C)' {
    It 'stops the remote command (its finally block runs on the host), records it Cancelled, and returns without waiting for it' {
        if (Skip-WithoutSshd) { return }
        $started = Join-Path $TestDrive 'remote-started'
        $stopped = Join-Path $TestDrive 'remote-stopped'
        $wf = New-RemoteWorkflow @"
nodes:
  long:
    on: a
    run: |
      # The marker is written inside the try: once the test sees it, a stop always runs the finally block.
      try { Set-Content '$started' 1; Start-Sleep -Seconds 600 } finally { Set-Content '$stopped' 1 }
"@
        $ps = New-DagPowerShell
        try {
            $null = $ps.AddCommand('Invoke-Dag').AddParameter('Path', $wf)
            $handle = $ps.BeginInvoke()
            Wait-Until { Test-Path $started } 'the node to start on the host'
            # The node sleeps 600 s: a stop (closing the session included) within the 60 s guard interrupted it.
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'Stop must interrupt the remote command, not wait out its sleep'
            $ps.EndStop($stop)
            Test-Path $stopped | Should -BeTrue -Because 'the remote pipeline was stopped, not abandoned'
            (Get-DagCheckpoint $wf).Nodes['long'].Status | Should -Be 'Cancelled'
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'A host whose port refuses connections' {
    It 'fails its node without ever starting ssh (ssh exiting at once can crash PowerShell''s SSH transport)' {
        $bin = Join-Path $TestDrive 'fake-ssh'
        New-Item -ItemType Directory $bin | Out-Null
        $marker = Join-Path $TestDrive 'ssh-started'
        Set-Content (Join-Path $bin 'ssh') "#!/bin/sh`ntouch '$marker'`nexit 255" -NoNewline
        chmod +x (Join-Path $bin 'ssh')
        $wf = New-Workflow @"
hosts:
  down: { hostName: 127.0.0.1, port: $closedPort, userName: nobody, connectTimeout: 5s }
nodes:
  onDown: { on: down, run: "'never'" }
"@
        $path = $env:PATH
        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$path"
            $r = Invoke-Dag $wf -NoCheckpoint -ErrorAction SilentlyContinue 6>$null 3>$null
        } finally { $env:PATH = $path }
        $r['onDown'].Reason | Should -Be 'HostUnreachable'
        $r['onDown'].ErrorMessage | Should -BeLike '*connection refused*'
        $marker | Should -Not -Exist
    }
}

Describe 'hosts: and on: in Test-Dag' {
    It 'reports an unknown host with the nearest name (DAG0021), without connecting anywhere' {
        $wf = New-Workflow @'
hosts:
  web1: { hostName: web1.example.com, userName: deploy }
nodes:
  deploy:
    on: web2x
    run: "'x'"
  smoke:
    on: wbe1
    run: "'x'"
'@
        Test-Dag $wf -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0021*'
        "$($errs[0])" | Should -BeLike "*(5,9): error DAG0021: Node 'deploy' is on host 'web2x', which is not in 'hosts'. Valid hosts: web1."
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'DAG0021*'
        "$($errs[1])" | Should -BeLike "*Did you mean 'web1'?"
    }

    It 'shows each node''s host in the plan' {
        $wf = New-Workflow "hosts:`n  web1: { hostName: web1.example.com }`n  web2: { computerName: web2 }`ngroups:`n  both: [web1, web2]`nnodes:`n  a: { on: web1, run: x }`n  b: { on: [web1, web2], run: x }`n  c: { on: { any: both }, run: x }"
        $text = Invoke-ChildPwsh "Invoke-Dag '$wf' -WhatIf"
        $text | Should -Match 'a\s+on web1'
        $text | Should -Match 'b\s+on web1, web2\s+foreach x2 items'
        $text | Should -Match 'c\s+on any of both'
    }
}
