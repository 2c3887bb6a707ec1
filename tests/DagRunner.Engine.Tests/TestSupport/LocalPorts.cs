using System.Net;
using System.Net.Sockets;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>Loopback ports for tests that probe hosts without any network or sshd.</summary>
    internal static class LocalPorts
    {
        /// <summary>A listener on a free loopback port: something accepts connections there.</summary>
        public static TcpListener Listening()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }

        public static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

        /// <summary>A loopback port nothing listens on (it was free a moment ago): connecting is refused.</summary>
        public static int Closed()
        {
            var listener = Listening();
            int port = PortOf(listener);
            listener.Stop();
            return port;
        }
    }
}
