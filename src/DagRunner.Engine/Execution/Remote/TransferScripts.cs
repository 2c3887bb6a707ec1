namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// The PowerShell a host runs for <c>transfer: true</c> (see <see cref="FileTransfer"/>). The files travel as
    /// byte arrays through the node's own session, in chunks, so a transfer is stopped by Ctrl+C and timeouts like the
    /// node, and needs nothing but the session. Everything here runs on Windows PowerShell 5.1 too.
    /// </summary>
    internal static class TransferScripts
    {
        /// <summary>
        /// Empties (or makes) the attempt's folder under this session's own folder (removed when the session closes),
        /// makes it the current location, and returns its path.
        /// </summary>
        public const string Prepare = @"
param([string] $Name)
$folder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'dagrunner-' + $PID, 'files', $Name)
if ([System.IO.Directory]::Exists($folder)) { [System.IO.Directory]::Delete($folder, $true) }
$null = [System.IO.Directory]::CreateDirectory($folder)
Set-Location -LiteralPath $folder
$folder
";

        /// <summary>Writes one chunk of a file (the first one creates it and its folders).</summary>
        public const string WriteChunk = @"
param([string] $Path, [byte[]] $Bytes, [bool] $First)
if ($First) { $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($Path)) }
$stream = New-Object System.IO.FileStream($Path, $(if ($First) { [System.IO.FileMode]::Create } else { [System.IO.FileMode]::Append }), [System.IO.FileAccess]::Write)
try { $stream.Write($Bytes, 0, $Bytes.Length) } finally { $stream.Dispose() }
";

        /// <summary>Every file under the folder: its path relative to the folder, with '/', and its length.</summary>
        public const string List = @"
param([string] $Folder)
$prefix = $Folder.TrimEnd([char[]]'/\') + [System.IO.Path]::DirectorySeparatorChar
foreach ($file in [System.IO.Directory]::GetFiles($Folder, '*', [System.IO.SearchOption]::AllDirectories)) {
    [pscustomobject]@{ Path = $file.Substring($prefix.Length).Replace('\', '/'); Length = (New-Object System.IO.FileInfo $file).Length }
}
";

        /// <summary>One chunk of a file, as a byte array.</summary>
        public const string ReadChunk = @"
param([string] $Path, [long] $Offset, [int] $Count)
$stream = [System.IO.File]::OpenRead($Path)
try {
    $null = $stream.Seek($Offset, [System.IO.SeekOrigin]::Begin)
    $buffer = New-Object byte[] $Count
    $read = 0
    while ($read -lt $Count) { $n = $stream.Read($buffer, $read, $Count - $read); if ($n -le 0) { break }; $read += $n }
    if ($read -lt $Count) { throw ""'$Path' became shorter while it was copied."" }
    ,$buffer
} finally { $stream.Dispose() }
";
    }
}
