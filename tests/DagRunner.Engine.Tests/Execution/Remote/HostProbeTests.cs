using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Remote;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    /// <summary>The TCP check made before ssh is started, and the sentence a user gets when a host cannot be reached.</summary>
    public class HostProbeTests
    {
        private static HostDefinition Ssh(string hostName, int port) => new HostDefinition { Name = "web1", Transport = HostTransport.Ssh, HostName = hostName, Port = port };

        [Fact]
        public async Task AnOpenPort_IsReachable_AndTheCauseIsSaidToLieFurtherOn()
        {
            using var listening = new Listener();

            var (accepts, why) = await HostProbe.CheckAsync(Ssh("127.0.0.1", listening.Port)).Within();

            Assert.True(accepts);
            Assert.Contains($"127.0.0.1:{listening.Port} accepts connections", why);
            Assert.Contains("authorized_keys", why);
        }

        [Fact]
        public async Task AClosedPort_IsUnreachable_BecauseTheConnectionIsRefused()
        {
            int port = LocalPorts.Closed();

            var (accepts, why) = await HostProbe.CheckAsync(Ssh("127.0.0.1", port)).Within();

            Assert.False(accepts);
            Assert.Contains($"127.0.0.1:{port} (connection refused)", why);
            Assert.Contains("is sshd running there", why);
        }

        [Fact]
        public async Task AClosedWinRmPort_AsksAboutWinRm()
        {
            var host = new HostDefinition { Name = "win1", Transport = HostTransport.WinRM, ComputerName = "127.0.0.1", Port = LocalPorts.Closed() };

            var why = await HostProbe.ExplainFailureAsync(host).Within();

            Assert.Contains("is WinRM running there", why);
        }

        [Fact]
        public async Task ANameThatDoesNotResolve_IsUnreachable_AndSaysSo()
        {
            var (accepts, why) = await HostProbe.CheckAsync(Ssh("no-such-host.invalid", 22)).Within();

            Assert.False(accepts);
            Assert.Contains("'no-such-host.invalid' does not resolve", why);
        }

        /// <summary>A loopback listener for one test.</summary>
        private sealed class Listener : System.IDisposable
        {
            private readonly System.Net.Sockets.TcpListener listener = LocalPorts.Listening();

            public int Port => LocalPorts.PortOf(listener);

            public void Dispose() => listener.Stop();
        }
    }
}
