using System;
using System.Collections.Generic;
using System.Globalization;

namespace DagRunner.Engine.Definition
{
    /// <summary>How DagRunner reaches a host: PowerShell remoting over SSH, or over WinRM (WS-Management).</summary>
    public enum HostTransport
    {
        /// <summary><c>hostName:</c> — <c>New-PSSession -HostName</c>; needs PowerShell 7 and the <c>powershell</c> SSH subsystem on the host.</summary>
        Ssh,

        /// <summary><c>computerName:</c> — <c>New-PSSession -ComputerName</c>; needs <c>Enable-PSRemoting</c> on the host.</summary>
        WinRM,
    }

    /// <summary>
    /// One entry of the top-level <c>hosts:</c>: a machine that nodes with <c>on: &lt;name&gt;</c> run on, in
    /// PowerShell sessions that DagRunner opens when the first such node starts and reuses for the next ones.
    /// </summary>
    public sealed class HostDefinition
    {
        /// <summary>The default of <see cref="MaxSessions"/>.</summary>
        public const int DefaultMaxSessions = 4;

        /// <summary>The default of <see cref="ConnectTimeout"/>.</summary>
        public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

        /// <summary>The entry's key under <c>hosts:</c>, the name <c>on:</c> uses.</summary>
        public string Name { get; init; } = string.Empty;

        /// <summary>Where the entry's name is written.</summary>
        public SourceLocation Location { get; init; }

        public HostTransport Transport { get; init; }

        /// <summary>The SSH host (<c>hostName:</c>); null for WinRM.</summary>
        public string? HostName { get; init; }

        /// <summary>The SSH user (<c>userName:</c>); null for the ssh client's default (the current user, or <c>~/.ssh/config</c>).</summary>
        public string? UserName { get; init; }

        /// <summary>The private key file (<c>keyFilePath:</c>) as a full path: relative paths resolve against the workflow's folder, <c>~</c> to the home folder.</summary>
        public string? KeyFilePath { get; init; }

        /// <summary>The port (<c>port:</c>); null for the transport's default (22 for SSH, 5985/5986 for WinRM).</summary>
        public int? Port { get; init; }

        /// <summary>The SSH subsystem (<c>subsystem:</c>); null for <c>powershell</c>.</summary>
        public string? Subsystem { get; init; }

        /// <summary>
        /// Options for the ssh client (<c>options:</c>, as <c>ssh -o Name=Value</c>), on top of DagRunner's own
        /// <c>BatchMode=yes</c>, which makes a prompt (password, unknown host key) a failure instead of a hang.
        /// </summary>
        public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

        /// <summary>The WinRM computer (<c>computerName:</c>); null for SSH.</summary>
        public string? ComputerName { get; init; }

        /// <summary>WinRM over HTTPS (<c>useSSL:</c>).</summary>
        public bool UseSsl { get; init; }

        /// <summary>The WinRM session configuration (<c>configurationName:</c>); null for the default.</summary>
        public string? ConfigurationName { get; init; }

        /// <summary>How many sessions, so how many of its nodes, may run on this host at once. <value>The default value is 4.</value></summary>
        public int MaxSessions { get; init; } = DefaultMaxSessions;

        /// <summary>How long opening a session may take before the node fails (HostUnreachable). <value>The default value is 30 seconds.</value></summary>
        public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

        /// <summary>The machine as messages name it: <c>user@host:port</c> (SSH) or <c>computer:port</c> (WinRM).</summary>
        public string Address
        {
            get
            {
                var port = Port.HasValue ? ":" + Port.Value.ToString(CultureInfo.InvariantCulture) : string.Empty;
                return Transport == HostTransport.Ssh
                    ? (UserName != null ? UserName + "@" : string.Empty) + HostName + port
                    : ComputerName + port;
            }
        }

        /// <summary>The port a connection goes to when <see cref="Port"/> is not written.</summary>
        public int EffectivePort => Port ?? (Transport == HostTransport.Ssh ? 22 : UseSsl ? 5986 : 5985);

        public override string ToString() => $"{Name} ({(Transport == HostTransport.Ssh ? "ssh" : "winrm")} {Address})";
    }
}
