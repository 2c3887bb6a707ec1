<#
.SYNOPSIS
    Starts a private sshd for the remote tests: bound to 127.0.0.1 on a free port, with a generated host key and
    client key, and a 'Subsystem powershell' that runs the pwsh running this script with -sshs.
.DESCRIPTION
    Installs openssh-server with apt-get when sshd is missing and this runs as root; otherwise, and on Windows,
    returns Available = $false with the reason, so the tests that need it are skipped, visibly. Everything lives in
    a new temporary folder; Stop-TestSshd.ps1 stops this sshd by its process id and removes the folder. The machine's
    own sshd configuration and service are not touched.
.OUTPUTS
    [pscustomobject] Available, Reason, HostName, Port, UserName, KeyFilePath, ProcessId, Directory, Log
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'

function Unavailable([string] $Reason) {
    [pscustomobject]@{ Available = $false; Reason = $Reason; HostName = $null; Port = 0; UserName = $null; KeyFilePath = $null; ProcessId = 0; Directory = $null; Log = $null }
}

function Test-Port([int] $Port) {
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.ConnectAsync('127.0.0.1', $Port).Wait(200) -and $client.Connected } catch { $false } finally { $client.Dispose() }
}

if ($IsWindows) { return Unavailable 'the remote tests start an OpenSSH sshd, which this script does only on Linux and macOS' }

$sshd = @('/usr/sbin/sshd', '/usr/local/sbin/sshd') | Where-Object { Test-Path $_ } | Select-Object -First 1
$isRoot = (id -u) -eq '0'
if (-not $sshd) {
    if (-not $isRoot) { return Unavailable 'sshd is not installed, and installing openssh-server needs root (sudo apt-get install -y openssh-server)' }
    if (-not (Get-Command apt-get -ErrorAction Ignore)) { return Unavailable 'sshd is not installed, and there is no apt-get to install openssh-server with' }
    Write-Host 'Installing openssh-server for the remote tests (apt-get install -y openssh-server)...'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $log = apt-get install -y openssh-server 2>&1
    if ($LASTEXITCODE -ne 0) {
        $log = @(apt-get update 2>&1) + @(apt-get install -y openssh-server 2>&1)
    }
    $sshd = '/usr/sbin/sshd'
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $sshd)) {
        return Unavailable "apt-get could not install openssh-server: $(@($log)[-1])"
    }
}
if (-not (Get-Command ssh -ErrorAction Ignore) -or -not (Get-Command ssh-keygen -ErrorAction Ignore)) {
    return Unavailable 'the ssh client (ssh, ssh-keygen) is not installed; PowerShell remoting over SSH needs it (apt-get install openssh-client)'
}

# The pwsh that runs this script: under 'dotnet pwsh' that is pwsh.dll run by the dotnet host.
$entry = [System.Reflection.Assembly]::GetEntryAssembly().Location
$pwsh = if ($entry -like '*.dll') { "$([Environment]::ProcessPath) $entry" } else { [Environment]::ProcessPath }
# sshd splits the Subsystem line at spaces, so the paths must not hold any.
if (($pwsh -split ' ').Count -gt 2) { return Unavailable "the path of pwsh ($pwsh) holds spaces, which an sshd Subsystem line cannot" }

$directory = Join-Path ([System.IO.Path]::GetTempPath()) ('dagrunner-sshd-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory $directory | Out-Null
foreach ($key in 'host_key', 'client_key') {
    ssh-keygen -q -t ed25519 -N '' -C "dagrunner-test-$key" -f (Join-Path $directory $key)
    if ($LASTEXITCODE -ne 0) { return Unavailable "ssh-keygen failed ($LASTEXITCODE)" }
}

# A free port: the OS picks one for a listener that is closed again at once.
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

$pidFile = Join-Path $directory 'sshd.pid'
$logFile = Join-Path $directory 'sshd.log'
$config = Join-Path $directory 'sshd_config'
# Paths in double quotes: the temporary folder may hold spaces (TMPDIR).
@"
ListenAddress 127.0.0.1
Port $port
HostKey "$(Join-Path $directory 'host_key')"
AuthorizedKeysFile "$(Join-Path $directory 'client_key.pub')"
PidFile "$pidFile"
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
MaxSessions 50
MaxStartups 50
Subsystem powershell $pwsh -sshs -NoLogo -NoProfile
"@ | Set-Content -Path $config -Encoding utf8NoBOM

if ($isRoot -and -not (Test-Path /run/sshd)) { New-Item -ItemType Directory /run/sshd | Out-Null }  # sshd's privilege separation folder
$check = & $sshd -t -f $config 2>&1
if ($LASTEXITCODE -ne 0) { return Unavailable "sshd rejects the test configuration: $check" }
& $sshd -f $config -E $logFile
if ($LASTEXITCODE -ne 0) { return Unavailable "sshd did not start (exit code $LASTEXITCODE): $(Get-Content $logFile -Raw -ErrorAction Ignore)" }

$deadline = [DateTime]::UtcNow.AddSeconds(10)
while (-not ((Test-Path $pidFile) -and (Test-Port $port))) {
    if ([DateTime]::UtcNow -gt $deadline) { return Unavailable "sshd did not accept connections on 127.0.0.1:$port within 10s: $(Get-Content $logFile -Raw -ErrorAction Ignore)" }
    Start-Sleep -Milliseconds 50
}

[pscustomobject]@{
    Available   = $true
    Reason      = $null
    HostName    = '127.0.0.1'
    Port        = $port
    UserName    = [Environment]::UserName
    KeyFilePath = Join-Path $directory 'client_key'
    ProcessId   = [int](Get-Content $pidFile -Raw).Trim()
    Directory   = $directory
    Log         = $logFile
}
