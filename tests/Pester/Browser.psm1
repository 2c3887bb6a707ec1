# Headless Chromium for the tests that open an HTML report in a real browser.
# Find-Chromium finds it, or installs it (apt-get, as root on Debian/Ubuntu) where it is missing; when it can do
# neither, it says why, and the browser tests skip with that reason (Pester -Skip), so a missing browser is visible.

function Find-Chromium {
    [OutputType([pscustomobject])]
    param([switch]$NoInstall)

    $names = 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'
    $found = $names | ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction Ignore } | Select-Object -First 1
    if ($found) {
        return [pscustomobject]@{ Path = $found.Source; SkipReason = $null }
    }

    $reason = Install-Chromium -NoInstall:$NoInstall
    $found = $names | ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction Ignore } | Select-Object -First 1
    if ($found) {
        return [pscustomobject]@{ Path = $found.Source; SkipReason = $null }
    }

    return [pscustomobject]@{ Path = $null; SkipReason = $reason ?? 'Chromium was installed but no chromium command is on PATH' }
}

# Installs Chromium with apt-get; returns why it could not, or $null after an install.
function Install-Chromium {
    param([switch]$NoInstall)

    if ($NoInstall) {
        return 'Chromium is not installed (install the chromium package to run the browser tests)'
    }

    if (-not $IsLinux -or -not (Test-Path /etc/debian_version)) {
        return 'Chromium is not installed and this is not Debian/Ubuntu, where the tests install it themselves: install Chromium or Google Chrome to run the browser tests'
    }

    if ((& id -u) -ne '0') {
        return 'Chromium is not installed and the tests are not running as root, so they cannot apt-get install it: run "sudo apt-get install -y chromium" to run the browser tests'
    }

    Write-Host 'Installing Chromium for the browser tests (apt-get install -y chromium)...'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $log = & apt-get install -y --no-install-recommends chromium 2>&1
    if ($LASTEXITCODE -ne 0) {
        # The package lists may be missing or stale (a fresh container): update them once, then try again.
        & apt-get update 2>&1 | Out-Null
        $log = & apt-get install -y --no-install-recommends chromium 2>&1
    }

    if ($LASTEXITCODE -ne 0) {
        return "apt-get install chromium failed (exit $LASTEXITCODE): $(($log | Select-Object -Last 3) -join ' ')"
    }

    return $null
}

# Runs headless Chromium on a file: -DumpDom returns the DOM after the page's scripts ran; -Screenshot writes a PNG.
# Returns the DOM (or nothing) and the browser's stderr log, where a script error shows as "Uncaught".
function Invoke-Chromium {
    param(
        [Parameter(Mandatory)][string]$Chromium,
        [Parameter(Mandatory)][string]$File,
        [switch]$DumpDom,
        [string]$Screenshot,
        [string]$WindowSize = '1400,1000'
    )

    $profileDir = Join-Path ([IO.Path]::GetTempPath()) ("dagrunner-chromium-" + [guid]::NewGuid().ToString('N'))
    $url = ([Uri](Resolve-Path -LiteralPath $File).ProviderPath).AbsoluteUri
    $arguments = @(
        '--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', '--disable-dev-shm-usage',
        "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0', "--window-size=$WindowSize",
        '--virtual-time-budget=5000')
    if ($DumpDom) { $arguments += '--dump-dom' }
    if ($Screenshot) { $arguments += "--screenshot=$Screenshot" }
    $arguments += $url
    $stderr = Join-Path ([IO.Path]::GetTempPath()) ("dagrunner-chromium-" + [guid]::NewGuid().ToString('N') + '.log')
    try {
        $dom = & $Chromium @arguments 2> $stderr
        [pscustomobject]@{
            Dom = ($dom -join "`n")
            Log = (Get-Content -LiteralPath $stderr -Raw -ErrorAction Ignore) ?? ''
            ExitCode = $LASTEXITCODE
        }
    }
    finally {
        Remove-Item -LiteralPath $profileDir -Recurse -Force -ErrorAction Ignore
        Remove-Item -LiteralPath $stderr -Force -ErrorAction Ignore
    }
}

Export-ModuleMember -Function Find-Chromium, Invoke-Chromium
