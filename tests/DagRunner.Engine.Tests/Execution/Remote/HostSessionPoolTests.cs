using System;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Remote;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    /// <summary>A host's sessions when none can be opened: every rent says why, and none holds a slot. (Open sessions need sshd: Pester.)</summary>
    public sealed class HostSessionPoolTests : IDisposable
    {
        private readonly SessionOpener opener = new SessionOpener();
        private readonly HostSessionPool pool;

        public HostSessionPoolTests()
        {
            var host = new HostDefinition { Name = "web1", Transport = HostTransport.Ssh, HostName = "127.0.0.1", Port = LocalPorts.Closed(), MaxSessions = 1 };
            pool = new HostSessionPool(host, opener);
        }

        public void Dispose() => opener.Dispose();

        [Fact]
        public async Task RentingFromAnUnreachableHost_SaysWhy_AgainAndAgain()
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var error = await Assert.ThrowsAsync<HostUnreachableException>(() => pool.RentAsync(CancellationToken.None).Within());
                Assert.Contains("connection refused", error.Message);
            }

            Assert.Empty(pool.TakeAll());
        }

        [Fact]
        public async Task RentingWithACancelledToken_IsCancelled()
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RentAsync(new CancellationToken(canceled: true)).Within());
        }
    }
}
