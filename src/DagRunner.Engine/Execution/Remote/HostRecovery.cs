using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// Brings hosts marked down back: probes each one now and then (first after <see cref="FirstDelay"/>, then twice
    /// as long each time, at most <see cref="MaxDelay"/>) and marks it up in the <see cref="HostPlacement"/> as soon
    /// as it answers. A host keeps its longest wait when it goes down again, so one that answers the probe but still
    /// fails its sessions (a refused key) is tried less and less often. Waits on the run's clock.
    /// </summary>
    internal sealed class HostRecovery : IDisposable
    {
        /// <summary>The first wait before probing a host that went down. <value>The default value is 2 seconds.</value></summary>
        public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);

        /// <summary>The longest wait between two probes. <value>The default value is 1 minute.</value></summary>
        public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

        private readonly HostPlacement placement;
        private readonly Func<string, CancellationToken, Task<bool>> answers;
        private readonly TimeProvider clock;
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly Dictionary<string, TimeSpan> nextDelay = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        private bool disposed;

        /// <param name="answers">Whether a host answers now (for PowerShell hosts: its port accepts a connection).</param>
        public HostRecovery(HostPlacement placement, Func<string, CancellationToken, Task<bool>> answers, TimeProvider clock)
        {
            this.placement = placement;
            this.answers = answers;
            this.clock = clock;
        }

        /// <summary>Starts probing <paramref name="host"/>, which was just marked down; nothing once the run ended.</summary>
        public void Watch(string host)
        {
            TimeSpan delay;
            CancellationToken token;
            lock (nextDelay)
            {
                if (disposed)
                {
                    return;
                }

                delay = nextDelay.TryGetValue(host, out var last) ? last : FirstDelay;
                token = stop.Token;
            }

            _ = Task.Run(() => ProbeAsync(host, delay, token));
        }

        /// <summary>Stops every probe (the run ended).</summary>
        public void Dispose()
        {
            lock (nextDelay)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
            }

            stop.Cancel();
            stop.Dispose();
        }

        private async Task ProbeAsync(string host, TimeSpan delay, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
                    lock (nextDelay)
                    {
                        nextDelay[host] = delay;
                    }

                    if (await answers(host, cancellationToken).ConfigureAwait(false))
                    {
                        placement.MarkUp(host);
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run ended.
            }
            catch (ObjectDisposedException)
            {
                // The run ended while a probe started.
            }
        }
    }
}
