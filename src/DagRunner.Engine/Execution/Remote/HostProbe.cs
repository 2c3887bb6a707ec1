using System;
using System.Net.Sockets;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// A plain TCP connection to the host's port, for two reasons. Before an SSH session opens: PowerShell's SSH
    /// transport can take the whole process down when ssh exits at once (connection refused; an IOException
    /// "Broken pipe" thrown on its error-reading thread, which no caller can catch), so DagRunner never starts ssh
    /// towards a port that does not answer. After a failure: PowerShell's own error is the same whatever went wrong
    /// (ssh prints the real reason to the console), so the probe says what it finds in words a user can act on.
    /// </summary>
    internal static class HostProbe
    {
        /// <summary>Whether the host's port accepts a TCP connection and, when it does not, one sentence saying why.</summary>
        public static async Task<(bool Accepts, string Why)> CheckAsync(HostDefinition host)
        {
            var why = await ExplainAsync(host).ConfigureAwait(false);
            return (why == null, why ?? AcceptsButFails(host));
        }

        /// <summary>One sentence: nothing listens, no answer, no such name, or the port is open and the cause lies further on.</summary>
        public static async Task<string> ExplainFailureAsync(HostDefinition host) => (await CheckAsync(host).ConfigureAwait(false)).Why;

        /// <summary>Null when the port accepts connections, else why it does not.</summary>
        private static async Task<string?> ExplainAsync(HostDefinition host)
        {
            var address = host.HostName ?? host.ComputerName ?? string.Empty;
            var endpoint = $"{address}:{host.EffectivePort}";
            using var client = new TcpClient();
            try
            {
                var connect = client.ConnectAsync(address, host.EffectivePort);
                // The host's own connectTimeout: the patience its author chose for this network.
                if (await Task.WhenAny(connect, Task.Delay(host.ConnectTimeout)).ConfigureAwait(false) != connect)
                {
                    _ = connect.ContinueWith(t => t.Exception, TaskScheduler.Default);
                    return $"{endpoint} did not answer within {host.ConnectTimeout.TotalSeconds:0}s (connectTimeout): check the address, the port and any firewall on the way.";
                }

                await connect.ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return $"Nothing accepts connections on {endpoint} (connection refused): is {(host.Transport == HostTransport.Ssh ? "sshd" : "WinRM")} running there, on that port?";
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.HostNotFound || ex.SocketErrorCode == SocketError.TryAgain || ex.SocketErrorCode == SocketError.NoData)
            {
                return $"The name '{address}' does not resolve: check 'hostName'/'computerName'.";
            }
            catch (Exception ex) when (ex is SocketException || ex is ArgumentException || ex is InvalidOperationException)
            {
                return $"{endpoint} cannot be reached: {ex.Message}";
            }

            return null;
        }

        private static string AcceptsButFails(HostDefinition host)
        {
            var endpoint = $"{host.HostName ?? host.ComputerName ?? string.Empty}:{host.EffectivePort}";
            return host.Transport == HostTransport.Ssh
                ? $"{endpoint} accepts connections, so the cause is further on: check 'userName' and 'keyFilePath' (the public key must be in that user's authorized_keys there), that the host key is known (or see 'options'), and that the host's sshd_config has a 'Subsystem powershell' line that starts pwsh with -sshs."
                : $"{endpoint} accepts connections, so the cause is further on: check that Enable-PSRemoting ran there and that this account may connect (on a workgroup, TrustedHosts).";
        }
    }
}
