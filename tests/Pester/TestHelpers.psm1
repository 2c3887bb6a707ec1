# Shared by the Pester suites: import the built module and write throwaway workflow files.
$ErrorActionPreference = 'Stop'

function Import-DagRunner {
    $manifest = Join-Path $PSScriptRoot '../../DagRunner.psd1'
    Import-Module $manifest -Force -Global
}

<#
.SYNOPSIS
    Writes YAML to a new file under $TestDrive (or -Directory) and returns its full path.
#>
function New-Workflow {
    param(
        [Parameter(Mandatory)] [string] $Yaml,
        [string] $Name = ('wf-' + [guid]::NewGuid().ToString('n').Substring(0, 8)),
        [string] $Directory = $TestDrive
    )
    $path = Join-Path $Directory "$Name.dag.yaml"
    Set-Content -Path $path -Value $Yaml -Encoding utf8NoBOM
    $path
}

<#
.SYNOPSIS
    The pwsh that runs these tests, as a command line for a child process: on `dotnet pwsh`
    the entry is pwsh.dll under the dotnet host, so both parts are returned.
#>
function Get-PwshCommand {
    $entry = [System.Reflection.Assembly]::GetEntryAssembly().Location
    $process = [Environment]::ProcessPath
    if ($entry -like '*.dll') { return @{ FileName = $process; Prefix = @($entry) } }
    @{ FileName = $process; Prefix = @() }
}

<#
.SYNOPSIS
    Runs a script in a child pwsh with the module imported and returns what it printed (stdout and
    stderr together): the only place host output such as 'What if:' lines can be read.
#>
function Invoke-ChildPwsh {
    param([Parameter(Mandatory)] [string] $Script)
    $pwsh = Get-PwshCommand
    $manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path
    $full = "`$PSStyle.OutputRendering = 'PlainText'; Import-Module '$manifest'; $Script"
    $output = & $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -Command $full 2>&1
    ($output | ForEach-Object { "$_" }) -join "`n"
}

<#
.SYNOPSIS
    The NuGet global packages folder, where tools.proj put Pester and the test-only packages.
#>
function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

<#
.SYNOPSIS
    The text of the host lines (Write-Host style information records) captured with -InformationVariable.
#>
function Get-HostText {
    param([object[]] $Records)
    @($Records | ForEach-Object { "$($_.MessageData)" })
}

<#
.SYNOPSIS
    PowerShell text for a node script: wait until a file exists (a handshake with the test or another node).
    The deadline only gives up on a hang, never on a busy machine; then the node fails, and so does the test.
#>
function Get-WaitForFileScript {
    param([Parameter(Mandatory)] [string] $Path, [int] $Seconds = 60)
    "`$deadline = [DateTime]::UtcNow.AddSeconds($Seconds); while (-not (Test-Path '$Path')) { if ([DateTime]::UtcNow -gt `$deadline) { throw 'gave up waiting for $Path' }; Start-Sleep -Milliseconds 20 }"
}

<#
.SYNOPSIS
    PowerShell text for a node script: wait until the run's journal (beside -CheckpointPath) records that another node
    finished with a status. The run has then taken that end into account, so what follows is ordered after it.
#>
function Get-WaitForJournalScript {
    param([Parameter(Mandatory)] [string] $CheckpointPath, [Parameter(Mandatory)] [string] $Node, [Parameter(Mandatory)] [string] $Status, [int] $Seconds = 60)
    $pattern = '"name":"{0}".*"status":"{1}"' -f $Node, $Status
    "`$deadline = [DateTime]::UtcNow.AddSeconds($Seconds); while (-not (Select-String -LiteralPath '$CheckpointPath.journal' -Pattern '$pattern' -Quiet -ErrorAction Ignore)) { if ([DateTime]::UtcNow -gt `$deadline) { throw 'gave up waiting for $Node to end $Status' }; Start-Sleep -Milliseconds 20 }"
}

<#
.SYNOPSIS
    Waits in the test until a condition holds, polling; throws naming what never happened. The deadline only
    gives up on a hang.
#>
function Wait-Until {
    param([Parameter(Mandatory)] [scriptblock] $Condition, [Parameter(Mandatory)] [string] $What, [int] $Seconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Gave up after $Seconds s waiting for $What" }
        Start-Sleep -Milliseconds 20
    }
}

<#
.SYNOPSIS
    Invoke-Dag in a PowerShell of its own, so a run that does not return within -Seconds fails the test instead of
    hanging it. Use it where a node sleeps far longer than that: a return within the guard proves it was stopped.
    The run's errors stay in that PowerShell (as with -ErrorAction SilentlyContinue).
#>
function Invoke-DagGuarded {
    param([Parameter(Mandatory)] [hashtable] $Parameters, [int] $Seconds = 60)
    $ps = New-DagPowerShell
    try {
        $null = $ps.AddCommand('Invoke-Dag').AddParameters($Parameters)
        $async = $ps.BeginInvoke()
        if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($Seconds))) {
            $ps.Stop()
            throw "Invoke-Dag did not return within $Seconds s: a node was not stopped"
        }
        $ps.EndInvoke($async)
    }
    finally {
        $ps.Dispose()
    }
}

<#
.SYNOPSIS
    A PowerShell of its own with DagRunner imported (or -Manifest), ready for AddCommand('Invoke-Dag') and BeginInvoke.
.DESCRIPTION
    The import runs here, on its own. Not as a batch (Import-Module; AddStatement; Invoke-Dag): a batch stopped and
    disposed while it runs can end the whole process, because PowerShell's batch work item reads a variable of the
    closed runspace on a pool thread (InvalidRunspaceStateException in PowerShell.BatchInvocationWorkItem, unhandled;
    it ended the Pester suite once, after Report.Tests' stopped run).
#>
function New-DagPowerShell {
    param([string] $Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path)
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', $Manifest).Invoke()
        $ps.Commands.Clear()
    }
    catch {
        $ps.Dispose()
        throw
    }
    $ps
}

<#
.SYNOPSIS
    Starts a script in a child pwsh whose console is a pseudo-terminal (util-linux `script`), as a user's terminal
    is: what it prints, VT sequences included, goes to -Transcript as it comes. Returns the `script` process; its
    stdin is the terminal's keyboard (write "`u{3}" for Ctrl+C). Null when `script` is missing.
#>
function Start-InTerminal {
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $Transcript, [hashtable] $Environment = @{})
    $tool = Get-Command script -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $tool) { return $null }
    $pwsh = Get-PwshCommand
    $manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../DagRunner.psd1')).Path
    $file = Join-Path $Folder 'terminal-step.ps1'
    Set-Content -Path $file -Value "Import-Module '$manifest'`n$Script"
    $command = (@($pwsh.FileName) + @($pwsh.Prefix) + @('-NoProfile', '-File', $file) | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
    $info = [Diagnostics.ProcessStartInfo]::new($tool.Source)
    foreach ($argument in '-q', '-f', '-e', '-c', $command, $Transcript) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $Folder
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $info.Environment['TERM'] = 'xterm-256color'
    $info.Environment['COLUMNS'] = '100'
    $info.Environment['LINES'] = '30'
    foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
    $process = [Diagnostics.Process]::Start($info)
    $null = $process.StandardOutput.ReadToEndAsync()
    $process
}


<#
.SYNOPSIS
    The open runspaces, less those DagRunner keeps idle for the session's next run (named DagRunnerKept, at most
    max(4, processors), closed after 5 idle minutes): what a run leaves open is a leak, what it keeps is not.
#>
function Get-RunRunspaceCount {
    @(Get-Runspace | Where-Object Name -NE 'DagRunnerKept').Count
}

Export-ModuleMember -Function Import-DagRunner, New-Workflow, Get-PwshCommand, Get-HostText, Invoke-ChildPwsh, Get-NuGetPackagesFolder, Get-WaitForFileScript, Get-WaitForJournalScript, Wait-Until, Invoke-DagGuarded, New-DagPowerShell, Start-InTerminal, Get-RunRunspaceCount
