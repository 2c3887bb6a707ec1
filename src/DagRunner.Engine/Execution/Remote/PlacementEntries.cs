using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary><see cref="HostPlacement"/>'s record of one host; changed only under its lock.</summary>
    internal sealed class PlacedHost
    {
        public PlacedHost(int index, string name, int capacity)
        {
            Index = index;
            Name = name;
            Capacity = capacity;
        }

        /// <summary>Order in <c>hosts:</c>: the last tie-breaker, so the free sets are in a stable order.</summary>
        public int Index { get; }

        public string Name { get; }

        /// <summary><c>maxSessions</c>.</summary>
        public int Capacity { get; }

        /// <summary>Places taken (sessions in use or being opened).</summary>
        public int Busy { get; set; }

        /// <summary>Open sessions that wait for a node.</summary>
        public int Idle { get; set; }

        /// <summary>Why the host was marked down; null while it is up.</summary>
        public string? DownReason { get; set; }

        /// <summary>The groups the host is in.</summary>
        public List<HostGroupState> Groups { get; } = new List<HostGroupState>();

        /// <summary>Attempts of nodes on this one host (<c>on: &lt;host&gt;</c>) waiting for a place.</summary>
        public Queue<Waiter> Waiting { get; } = new Queue<Waiter>();
    }

    /// <summary><see cref="HostPlacement"/>'s record of one group.</summary>
    internal sealed class HostGroupState
    {
        public HostGroupState(string name, PlacedHost[] members)
        {
            Name = name;
            Members = members;
            UpCount = members.Length;
        }

        public string Name { get; }

        public PlacedHost[] Members { get; }

        /// <summary>Members not marked down.</summary>
        public int UpCount { get; set; }

        /// <summary>Members that are up and have a free place, best first (see <see cref="FreeHostOrder"/>).</summary>
        public SortedSet<PlacedHost> Free { get; } = new SortedSet<PlacedHost>(FreeHostOrder.Instance);

        /// <summary>Attempts of nodes on any host of the group waiting for a place.</summary>
        public Queue<Waiter> Waiting { get; } = new Queue<Waiter>();
    }

    /// <summary>Best host first: one with an idle open session, then the most free places, then <c>hosts:</c> order.</summary>
    internal sealed class FreeHostOrder : IComparer<PlacedHost>
    {
        public static readonly FreeHostOrder Instance = new FreeHostOrder();

        public int Compare(PlacedHost? x, PlacedHost? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            int byIdle = (y!.Idle > 0).CompareTo(x!.Idle > 0);
            if (byIdle != 0)
            {
                return byIdle;
            }

            int byFree = (y.Capacity - y.Busy).CompareTo(x.Capacity - x.Busy);
            return byFree != 0 ? byFree : x.Index.CompareTo(y.Index);
        }
    }

    /// <summary>An attempt waiting for a place; claimed once, by the host that gives it one or by its cancellation.</summary>
    internal sealed class Waiter
    {
        public Waiter(long arrival) => Arrival = arrival;

        /// <summary>Arrival order across every queue: the oldest waiter that may use a freed place gets it.</summary>
        public long Arrival { get; }

        public TaskCompletionSource<HostLease> Done { get; } = new TaskCompletionSource<HostLease>(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public bool Claimed { get; private set; }

        /// <summary>True for the first caller only (under the placement's lock).</summary>
        public bool Claim()
        {
            if (Claimed)
            {
                return false;
            }

            Claimed = true;
            return true;
        }
    }

    /// <summary>A waiter given a session (completed outside the lock, so its continuation does not run under it).</summary>
    internal readonly struct PlacementHandover
    {
        public PlacementHandover(Waiter waiter, HostLease lease)
        {
            Waiter = waiter;
            Lease = lease;
        }

        public Waiter? Waiter { get; }

        public HostLease Lease { get; }

        public void Complete()
        {
            if (Waiter != null)
            {
                Waiter.Registration.Dispose();
                Waiter.Done.TrySetResult(Lease);
            }
        }
    }
}
