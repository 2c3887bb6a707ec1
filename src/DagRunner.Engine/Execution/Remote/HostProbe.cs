using System;
using System.Net.Sockets;
using System.Threading.Tasks;
using DagRunner.Definition;

namespace DagRunner.Execution.Remote
{
    /// <summary>
    /// Says why a session did not open, in words a user can act on. PowerShell's own error for a failed SSH
    /// connection is the same whatever went wrong (ssh prints the real reason to the console), so after a failure
    /// DagRunner tries a plain TCP connection to the host's port and reports what it finds.
    /// </summary>
    internal static class HostProbe
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

        /// <summary>One sentence: nothing listens, no answer, no such name, or the port is open and the cause lies further on.</summary>
        public static async Task<string> ExplainAsync(HostDefinition host)
        {
            var address = host.HostName ?? host.ComputerName ?? string.Empty;
            var endpoint = $"{address}:{host.EffectivePort}";
            using var client = new TcpClient();
            try
            {
                var connect = client.ConnectAsync(address, host.EffectivePort);
                if (await Task.WhenAny(connect, Task.Delay(Patience)).ConfigureAwait(false) != connect)
                {
                    _ = connect.ContinueWith(t => t.Exception, TaskScheduler.Default);
                    return $"{endpoint} did not answer within {Patience.TotalSeconds:0}s: check the address, the port and any firewall on the way.";
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

            return host.Transport == HostTransport.Ssh
                ? $"{endpoint} accepts connections, so the cause is further on: check 'userName' and 'keyFilePath' (the public key must be in that user's authorized_keys there), that the host key is known (or see 'options'), and that the host's sshd_config has a 'Subsystem powershell' line that starts pwsh with -sshs."
                : $"{endpoint} accepts connections, so the cause is further on: check that Enable-PSRemoting ran there and that this account may connect (on a workgroup, TrustedHosts).";
        }
    }
}
