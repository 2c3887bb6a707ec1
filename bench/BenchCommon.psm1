# Helpers shared by the benchmark scripts in bench/. Each benchmark script runs in a pwsh process of its own
# (started by Invoke-Bench.ps1), builds one result object with New-BenchResult, and writes it as JSON with
# Save-BenchResult. Nothing here is part of the module or of the test suite.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path $PSScriptRoot

function Get-RepoRoot { $script:RepoRoot }

# The command line that starts another pwsh just like this one: `dotnet <pwsh.dll>` when this one runs under the
# dotnet host (`dotnet pwsh`, the pinned tool), else the pwsh executable itself.
function Get-PwshCommand {
    $exe = (Get-Process -Id $PID).Path
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        return @($exe, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($exe)
}

# Runs a pwsh child with these arguments and returns its exit code; its output goes to the given stream.
function Invoke-Pwsh {
    param([string[]] $Arguments, [switch] $Quiet)
    $command = Get-PwshCommand
    $exe = $command[0]
    $rest = @($command | Select-Object -Skip 1) + $Arguments
    if ($Quiet) { & $exe @rest *> $null } else { & $exe @rest | Out-Host }
    return $LASTEXITCODE
}

function Get-LoadAverage {
    if (Test-Path /proc/loadavg) { return ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' }
    return 'unknown'
}

function Get-MachineFacts {
    $kernel = try { (& uname -r 2>$null) } catch { $null }
    $cpu = if (Test-Path /proc/cpuinfo) {
        (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    }
    $memory = if (Test-Path /proc/meminfo) {
        $kb = [long](((Get-Content /proc/meminfo | Select-Object -First 1) -split '\s+')[1])
        '{0:0.0} GiB' -f ($kb / 1MB)
    }
    $commit = try { (& git -C $script:RepoRoot rev-parse --short HEAD 2>$null) } catch { $null }
    [ordered]@{
        cores       = [Environment]::ProcessorCount
        cpu         = $cpu
        memory      = $memory
        os          = [Runtime.InteropServices.RuntimeInformation]::OSDescription
        kernel      = $kernel
        dotnet      = [Environment]::Version.ToString()
        pwsh        = $PSVersionTable.PSVersion.ToString()
        dagrunner   = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'DagRunner.psd1')).ModuleVersion
        commit      = $commit
        loadAverage = Get-LoadAverage
        date        = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss') + ' UTC'
    }
}

# A fresh folder under the temp folder for one benchmark's files; removed by Remove-BenchFolder.
function New-BenchFolder([string] $Name) {
    $path = Join-Path ([IO.Path]::GetTempPath()) "dagrunner-bench-$Name-$PID-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Force $path | Out-Null
    return $path
}

function Remove-BenchFolder([string] $Path) {
    if ($Path -and (Test-Path $Path)) { Remove-Item $Path -Recurse -Force -ErrorAction Ignore }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    return ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

# Milliseconds one call of the script block takes, wall clock.
# Runs $Action (which returns milliseconds) at least 3 times, and on until two runs in a row are each no longer 5 %
# faster than the fastest before them, at most $Max times: the first large runs of a process are slower (seen at 2-3x)
# while .NET recompiles hot methods in the background, and a benchmark that times them measures that, not the
# steady state. (Stopping at the first run that was not faster than the one before ended one warm-up after 2 runs of
# ~1.6 s when later runs took ~1.0 s; stopping at the first that was not 5 % faster than the fastest ended one at
# 912 ms when the same workload took 659-691 ms later in the process, and 10,000-node runs in one pwsh settled only
# after 5-7 runs.) Returns the times.
function Invoke-WarmUp([scriptblock] $Action, [int] $Max = 10) {
    $runs = [Collections.Generic.List[double]]::new()
    $settled = 0
    do {
        [GC]::Collect()
        $runs.Add([double](& $Action))
        $fastestBefore = if ($runs.Count -gt 1) { ($runs | Select-Object -SkipLast 1 | Measure-Object -Minimum).Minimum } else { 0 }
        $settled = if ($runs.Count -gt 1 -and $runs[-1] -ge 0.95 * $fastestBefore) { $settled + 1 } else { 0 }
    } while ($runs.Count -lt $Max -and ($runs.Count -lt 3 -or $settled -lt 2))
    , $runs.ToArray()
}

function Measure-Ms([scriptblock] $Action) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Action | Out-Null
    return $watch.Elapsed.TotalMilliseconds
}

# The benchmark's result: targets checked (with pass/miss), tables to print, and notes on how it was measured.
function New-BenchResult([string] $Name, [string] $Title, [string] $Mode) {
    [ordered]@{
        name        = $Name
        title       = $Title
        mode        = $Mode
        loadAverage = Get-LoadAverage
        settings    = [ordered]@{}
        targets     = [Collections.Generic.List[object]]::new()
        tables      = [Collections.Generic.List[object]]::new()
        notes       = [Collections.Generic.List[string]]::new()
    }
}

# A target: the measured value against a limit; Pass is measured <= limit unless -HigherIsBetter.
function Add-BenchTarget {
    param($Result, [string] $Id, [string] $Text, [double] $Measured, [double] $Limit, [string] $Unit, [switch] $HigherIsBetter, [string] $Note)
    $pass = if ([double]::IsNaN($Measured)) { $false } elseif ($HigherIsBetter) { $Measured -ge $Limit } else { $Measured -le $Limit }
    $Result.targets.Add([ordered]@{
            id = $Id; text = $Text; measured = [Math]::Round($Measured, 3); limit = $Limit; unit = $Unit
            pass = $pass; note = $Note
        })
}

# A table: column names and rows (each an array of cells, already formatted as text or numbers).
function Add-BenchTable {
    param($Result, [string] $Title, [string[]] $Columns, [object[]] $Rows)
    $Result.tables.Add([ordered]@{ title = $Title; columns = $Columns; rows = @($Rows | ForEach-Object { , @($_) }) })
}

function Save-BenchResult($Result, [string] $OutFile) {
    $Result.loadAverageAfter = Get-LoadAverage
    $json = $Result | ConvertTo-Json -Depth 10
    if ($OutFile) { Set-Content -Path $OutFile -Value $json -Encoding utf8NoBOM } else { $json }
}

# How Measure-PeakKb reads a process's peak resident set on this machine.
function Get-PeakMemoryMethod {
    if (Test-Path /usr/bin/time) { '/usr/bin/time -v (Maximum resident set size)' } else { 'VmHWM of /proc/<pid>/status read by the process itself at its end' }
}

# The number a measured process wrote as TAG=<number>, or 0.
function Get-Tagged($Out, [string] $Tag) {
    $line = @($Out | Where-Object { "$_" -like "$Tag=*" }) | Select-Object -Last 1
    if (-not $line) { return [long]0 }
    return [long]("$line".Substring($Tag.Length + 1).Trim())
}

# Peak RSS in KB of one fresh pwsh running the command (see Get-PeakMemoryMethod), and what it wrote.
function Measure-PeakKb([string] $Command) {
    $pwsh = Get-PwshCommand
    if (Test-Path /usr/bin/time) {
        $log = [IO.Path]::GetTempFileName()
        try {
            $out = & /usr/bin/time -v -o $log @pwsh -NoProfile -NonInteractive -Command $Command 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The measured pwsh failed ($LASTEXITCODE): $out" }
            $line = Get-Content $log | Where-Object { $_ -match 'Maximum resident set size' }
            return [pscustomobject]@{ PeakKb = [long](($line -split ':')[-1].Trim()); Output = $out }
        }
        finally { Remove-Item $log -ErrorAction Ignore }
    }
    $vmhwm = '; $hwm = (Get-Content /proc/self/status | Where-Object { $_ -like ''VmHWM*'' }) -replace ''\D'', ''''; Write-Output "VMHWM=$hwm"'
    $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command ($Command + $vmhwm)
    if ($LASTEXITCODE -ne 0) { throw "The measured pwsh failed ($LASTEXITCODE): $out" }
    [pscustomobject]@{ PeakKb = Get-Tagged $out 'VMHWM'; Output = $out }
}

function Import-DagRunnerForBench {
    $manifest = Join-Path $script:RepoRoot 'DagRunner.psd1'
    if (-not (Test-Path (Join-Path $script:RepoRoot 'out/module/DagRunner/DagRunner.PowerShell.dll'))) {
        throw 'The module is not built: run ./build.ps1 Build (./build.ps1 Bench builds first).'
    }
    Import-Module $manifest -Global
}

# Round for tables: milliseconds and microseconds to whole or one decimal, ratios to 2 or 3 places.
function Format-Num([double] $Value, [int] $Digits = 1) {
    if ([double]::IsNaN($Value)) { return 'n/a' }
    return [Math]::Round($Value, $Digits).ToString("N$Digits", [Globalization.CultureInfo]::InvariantCulture)
}

# Where NuGet restores packages: NUGET_PACKAGES, else what `dotnet nuget locals` says.
function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}

# A copy of this pwsh whose own assemblies carry ReadyToRun (precompiled) code. The pinned PowerShell global tool's
# assemblies are IL only (no managed native header), so each fresh pwsh JIT-compiles PowerShell's own code, more of it
# for Import-Module and a first runspace than for a bare exit; PowerShell's release build publishes ReadyToRun code
# for its per-platform packages, which is what most users run. Made once per PowerShell version under out/bench/,
# with crossgen2 from the NuGet package the module's own ReadyToRun build (./build.ps1 Build) restored. Returns the
# command line that starts it, or a string that says why there is none.
function Get-ReadyToRunPwsh {
    $rid = [Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $packages = Get-NuGetPackagesFolder
    $crossgen = Get-ChildItem (Join-Path $packages "microsoft.netcore.app.crossgen2.$rid") -Directory -ErrorAction Ignore |
        Sort-Object { [version]($_.Name -replace '-.*$', '') } -Descending |
        ForEach-Object { Join-Path $_.FullName "tools/crossgen2$(if ($IsWindows) { '.exe' })" } |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $crossgen) { return "no crossgen2 for $rid in $packages (./build.ps1 Build restores it)" }
    $target = Join-Path (Get-RepoRoot) "out/bench/pwsh-readytorun/$($PSVersionTable.PSVersion)"
    $done = Join-Path $target '.compiled'
    if (-not (Test-Path $done)) {
        Remove-Item $target -Recurse -Force -ErrorAction Ignore
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        Copy-Item -Path (Join-Path $PSHOME '*') -Destination $target -Recurse
        $runtime = [Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
        $os, $arch = $rid -split '-', 2
        $compiled = 0
        foreach ($assembly in Get-ChildItem $PSHOME -Filter *.dll -File) {
            if (-not (Test-ILOnly $assembly.FullName)) { continue }
            $output = Join-Path $target $assembly.Name
            # One token per option: pwsh would expand a bare '*.dll' argument into file names on Unix.
            & $crossgen "--reference:$(Join-Path $runtime '*.dll')" "--reference:$(Join-Path $PSHOME '*.dll')" "--targetos:$os" "--targetarch:$arch" '--optimize' "--out:$output.r2r" $assembly.FullName *> $null
            # An assembly crossgen2 cannot compile stays IL only, as it was.
            if ($LASTEXITCODE -eq 0 -and (Test-Path "$output.r2r")) { Move-Item "$output.r2r" $output -Force; $compiled++ }
            else { Remove-Item "$output.r2r" -ErrorAction Ignore }
        }
        Set-Content -Path $done -Value "$compiled assemblies compiled by $crossgen"
    }
    $pwshDll = Join-Path $target 'pwsh.dll'
    if (Test-Path $pwshDll) { return @((Get-PwshCommand)[0], $pwshDll) }
    return @(Join-Path $target "pwsh$(if ($IsWindows) { '.exe' })")
}

# A managed assembly without precompiled code.
function Test-ILOnly([string] $Path) {
    $stream = [IO.File]::OpenRead($Path)
    try {
        $reader = [Reflection.PortableExecutable.PEReader]::new($stream)
        try { return $reader.HasMetadata -and $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -eq 0 }
        finally { $reader.Dispose() }
    }
    catch [BadImageFormatException] { return $false }
    finally { $stream.Dispose() }
}

Export-ModuleMember -Function *
