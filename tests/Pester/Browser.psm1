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
        # Added to the file's URL, for example #node=build.
        [string]$Fragment,
        [string]$WindowSize = '1400,1000'
    )

    $profileDir = Join-Path ([IO.Path]::GetTempPath()) ("dagrunner-chromium-" + [guid]::NewGuid().ToString('N'))
    $full = (Resolve-Path -LiteralPath $File).ProviderPath
    $url = [Uri]::new($full).AbsoluteUri + $Fragment
    $arguments = @(
        '--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', '--disable-dev-shm-usage',
        "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0', "--window-size=$WindowSize")
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

# How many distinct colours a PNG (8-bit RGB or RGBA, as Chromium writes screenshots) has: a blank or failed page is
# one or two colours, a rendered report hundreds. Decoded here (chunks, zlib, row filters) because System.Drawing is
# Windows-only; the count stops at -Enough.
function Get-PngColourCount {
    param([Parameter(Mandatory)][string]$Path, [int]$Enough = 100000)

    $bytes = [IO.File]::ReadAllBytes($Path)
    $signature = [byte[]](137, 80, 78, 71, 13, 10, 26, 10)
    if ([Linq.Enumerable]::SequenceEqual([byte[]]$bytes[0..7], $signature) -eq $false) { throw "$Path is not a PNG" }
    $idat = [IO.MemoryStream]::new()
    $at = 8
    $width = 0; $height = 0; $depth = 0; $type = 0
    while ($at -lt $bytes.Length) {
        $length = [int](([uint32]$bytes[$at] -shl 24) -bor ([uint32]$bytes[$at + 1] -shl 16) -bor ([uint32]$bytes[$at + 2] -shl 8) -bor $bytes[$at + 3])
        $kind = [Text.Encoding]::ASCII.GetString($bytes, $at + 4, 4)
        $data = $at + 8
        if ($kind -eq 'IHDR') {
            $width = ([int]$bytes[$data] -shl 24) -bor ([int]$bytes[$data + 1] -shl 16) -bor ([int]$bytes[$data + 2] -shl 8) -bor $bytes[$data + 3]
            $height = ([int]$bytes[$data + 4] -shl 24) -bor ([int]$bytes[$data + 5] -shl 16) -bor ([int]$bytes[$data + 6] -shl 8) -bor $bytes[$data + 7]
            $depth = $bytes[$data + 8]; $type = $bytes[$data + 9]
        }
        elseif ($kind -eq 'IDAT') { $idat.Write($bytes, $data, $length) }
        elseif ($kind -eq 'IEND') { break }
        $at = $data + $length + 4
    }

    if ($depth -ne 8 -or ($type -ne 2 -and $type -ne 6)) { throw "$Path is a PNG of bit depth $depth, colour type ${type}: only 8-bit RGB and RGBA are decoded" }
    $channels = if ($type -eq 6) { 4 } else { 3 }
    $idat.Position = 0
    $inflated = [IO.MemoryStream]::new()
    $zlib = [IO.Compression.ZLibStream]::new($idat, [IO.Compression.CompressionMode]::Decompress)
    $zlib.CopyTo($inflated); $zlib.Dispose()
    $raw = $inflated.ToArray()
    $source = @'
public static class PngRows {
    public static int CountColours(byte[] raw, int width, int height, int channels, int enough) {
        int stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var colours = new System.Collections.Generic.HashSet<int>();
        int at = 0;
        for (int y = 0; y < height; y++) {
            int filter = raw[at++];
            for (int x = 0; x < stride; x++) {
                int a = x >= channels ? row[x - channels] : 0, b = previous[x], c = x >= channels ? previous[x - channels] : 0;
                int value = raw[at++];
                switch (filter) {
                    case 1: value += a; break;
                    case 2: value += b; break;
                    case 3: value += (a + b) / 2; break;
                    case 4: int p = a + b - c, pa = System.Math.Abs(p - a), pb = System.Math.Abs(p - b), pc = System.Math.Abs(p - c);
                            value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; break;
                }
                row[x] = (byte)value;
            }
            for (int x = 0; x < stride; x += channels) {
                colours.Add(row[x] << 16 | row[x + 1] << 8 | row[x + 2]);
            }
            if (colours.Count >= enough) { return colours.Count; }
            var swap = previous; previous = row; row = swap;
        }
        return colours.Count;
    }
}
'@
    if (-not ('PngRows' -as [type])) { Add-Type -TypeDefinition $source }
    [PngRows]::CountColours($raw, $width, $height, $channels, $Enough)
}

Export-ModuleMember -Function Find-Chromium, Invoke-Chromium, Get-PngColourCount
