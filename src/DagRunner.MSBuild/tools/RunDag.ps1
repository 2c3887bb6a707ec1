<#
.SYNOPSIS
    Runs a DagRunner workflow for the RunDag MSBuild task: one JSON event per line on stdout.
.DESCRIPTION
    The task starts `pwsh -File RunDag.ps1 ...` with every value as an argument of its own, so nothing the user
    wrote is ever parsed as PowerShell code. This script imports the module shipped in the package, runs
    Invoke-Dag (or Resume-Dag) with -OutputMode Json and copies each event line to stdout as soon as it is written.

    Exit code: 0 when the run Succeeded, or when there was nothing to run (Resume of a finished run);
    1 on any error event, error diagnostic, or a run that did not succeed.

    -Resume with no checkpoint yet starts a new run, so Resume="true" can stay in a project from its first build.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Path,
    [switch] $Resume,
    [switch] $FailFast,
    [string] $Parallelism,
    [string] $Mode,
    # Node ids separated by ',' (ids never hold one).
    [string] $Node,
    [string] $CheckpointPath,
    # A duration (30s, 10m, hh:mm:ss): how long to wait for another run of the same state to end.
    [string] $LockTimeout,
    # A JSON object of strings: { "Name": "Value" }. Values stay strings: they are data, never code.
    [string] $ParametersJson
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$PSStyle.OutputRendering = 'PlainText'
$utf8 = [System.Text.UTF8Encoding]::new($false)
[Console]::OutputEncoding = $utf8
$OutputEncoding = $utf8
$stdout = [Console]::Out

function Send([string] $Line) {
    $stdout.WriteLine($Line)
    $stdout.Flush()
}

function Send-Error([string] $Id, [string] $Message) {
    Send ([ordered]@{ event = 'error'; id = $Id; message = $Message; file = $Path } | ConvertTo-Json -Compress)
}

function Read-Parameters([string] $Json) {
    # System.Text.Json, not ConvertFrom-Json: the latter turns date-like strings into DateTime.
    $table = @{}
    $document = [System.Text.Json.JsonDocument]::Parse($Json)
    try {
        foreach ($property in $document.RootElement.EnumerateObject()) {
            $table[$property.Name] = $property.Value.GetString()
        }
    }
    finally {
        $document.Dispose()
    }
    $table
}

$state = @{ Failed = $false; Finished = $null; NoCheckpoint = $false }

# The fields of an event line this script looks at; null for a line that is not a JSON object. System.Text.Json, which
# the module has loaded already: ConvertFrom-Json would load its own JSON library first (about 60 ms per build).
function Read-Event([string] $Line) {
    if (-not $Line.StartsWith('{')) { return $null }
    try {
        $document = [System.Text.Json.JsonDocument]::Parse($Line)
    }
    catch {
        return $null
    }
    try {
        $fields = @{}
        foreach ($name in 'event', 'status', 'id', 'severity') {
            $value = [System.Text.Json.JsonElement]::new()
            if ($document.RootElement.TryGetProperty($name, [ref] $value) -and $value.ValueKind -eq 'String') { $fields[$name] = $value.GetString() }
        }
        $fields
    }
    finally {
        $document.Dispose()
    }
}

function Invoke-Run([string] $Command, [hashtable] $Arguments) {
    & $Command @Arguments | ForEach-Object {
        $line = [string]$_
        $event = Read-Event $line
        if ($Command -eq 'Resume-Dag' -and $event -and $event.event -eq 'error' -and $event.id -eq 'CheckpointNotFound') {
            $state.NoCheckpoint = $true
            return
        }
        Send $line
        if (-not $event) { return }
        switch ($event.event) {
            'runFinished' { $state.Finished = $event.status; if ($event.status -ne 'Succeeded') { $state.Failed = $true } }
            'error' { $state.Failed = $true }
            'diagnostic' { if ($event.severity -eq 'error') { $state.Failed = $true } }
        }
    }
}

# The module's two assemblies, imported directly when they sit beside the manifest (the package's layout): the
# manifest's own processing and its format views (no use to JSON lines) cost a build step 50-180 ms. The loader goes
# first, as the manifest's NestedModules does, so the engine and its dependencies load in the module's own context.
function Import-DagRunnerModule([string] $Manifest) {
    $folder = Split-Path $Manifest
    $loader = Join-Path $folder 'DagRunner.PowerShell.Loader.dll'
    $cmdlets = Join-Path $folder 'DagRunner.PowerShell.dll'
    if ((Test-Path -LiteralPath $loader) -and (Test-Path -LiteralPath $cmdlets)) {
        Import-Module -Name $loader
        Import-Module -Name $cmdlets
    }
    else {
        Import-Module -Name $Manifest
    }
}

try {
    Import-DagRunnerModule $ModulePath
    $arguments = @{ Path = $Path; OutputMode = 'Json' }
    if ($FailFast) { $arguments.FailFast = $true }
    if ($Parallelism) { $arguments.Parallelism = $Parallelism }
    if ($Mode) { $arguments.Mode = $Mode }
    if ($Node) { $arguments.Node = @($Node -split ',' | Where-Object { $_ }) }
    if ($CheckpointPath) { $arguments.CheckpointPath = $CheckpointPath }
    if ($LockTimeout) { $arguments.LockTimeout = $LockTimeout }
    if ($ParametersJson) { $arguments.Parameters = Read-Parameters $ParametersJson }

    if ($Resume) {
        Invoke-Run 'Resume-Dag' $arguments
        if ($state.NoCheckpoint) {
            Send 'DagRunner: no checkpoint to resume yet; starting a new run.'
            Invoke-Run 'Invoke-Dag' $arguments
        }
    }
    else {
        Invoke-Run 'Invoke-Dag' $arguments
    }
}
catch {
    # Anything the cmdlets did not report as an event (a bad argument, a module that does not load).
    $id = if ($_.FullyQualifiedErrorId) { ($_.FullyQualifiedErrorId -split ',')[0] } else { 'RunDagScriptFailed' }
    Send-Error $id $_.Exception.Message
    $state.Failed = $true
}

exit ([int]$state.Failed)
