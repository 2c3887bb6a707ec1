using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// Which host runs the next remote attempt: every host's free sessions (at most <c>maxSessions</c> busy), for
    /// nodes on one host and for nodes on any host of a group alike, since both share the host's sessions. An attempt
    /// that finds no free session waits, first come first served, and gets the first session that frees on a host it
    /// may use, the moment it frees: nothing is assigned to a host ahead of time, so no host idles while attempts wait.
    /// Among free hosts of a group, one with an open idle session comes first (no session to open), then the one with
    /// the most free sessions. Each group keeps its free, up hosts in a sorted set, so a placement costs O(log hosts)
    /// per group the host is in. A host marked down takes no group attempts until <see cref="MarkUp"/>.
    /// Thread-safe; one lock, held only for these few set operations.
    /// </summary>
    internal sealed class HostPlacement
    {
        private readonly object gate = new object();
        private readonly Dictionary<string, PlacedHost> hosts = new Dictionary<string, PlacedHost>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HostGroupState> groups = new Dictionary<string, HostGroupState>(StringComparer.OrdinalIgnoreCase);
        private long arrivals;

        /// <param name="capacities">Each host's name and <c>maxSessions</c>.</param>
        /// <param name="hostGroups">Each group's name and hosts (names from <paramref name="capacities"/>).</param>
        public HostPlacement(IEnumerable<KeyValuePair<string, int>> capacities, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> hostGroups)
        {
            int index = 0;
            foreach (var capacity in capacities)
            {
                hosts[capacity.Key] = new PlacedHost(index++, capacity.Key, capacity.Value);
            }

            foreach (var group in hostGroups)
            {
                var state = new HostGroupState(group.Key, group.Value.Select(name => hosts[name]).ToArray());
                groups[group.Key] = state;
                foreach (var member in state.Members)
                {
                    member.Groups.Add(state);
                    state.Free.Add(member);
                }
            }
        }

        /// <summary>A session's place on a host of <paramref name="group"/>, at once or when one frees.</summary>
        /// <exception cref="HostUnreachableException">Every host of the group is down (now, or while waiting); the message names each with its reason.</exception>
        /// <exception cref="OperationCanceledException">The token fired while waiting.</exception>
        public Task<HostLease> AcquireInGroupAsync(string group, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                var state = groups[group];
                if (state.UpCount == 0)
                {
                    throw NoHostLeft(state);
                }

                if (state.Free.Count > 0)
                {
                    return Task.FromResult(Take(state.Free.Min!));
                }

                return Wait(state.Waiting, cancellationToken);
            }
        }

        /// <summary>A session's place on <paramref name="host"/> (a node with <c>on: &lt;host&gt;</c>), whether it is marked down or not.</summary>
        /// <exception cref="OperationCanceledException">The token fired while waiting.</exception>
        public Task<HostLease> AcquireOnHostAsync(string host, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                var state = hosts[host];
                return state.Busy < state.Capacity ? Task.FromResult(Take(state)) : Wait(state.Waiting, cancellationToken);
            }
        }

        /// <summary>
        /// Gives the place back; <paramref name="keptSession"/> says the session went back to the host's idle ones, so
        /// the next placement prefers this host. The oldest attempt waiting for this host (or a group of it) gets it.
        /// </summary>
        public void Release(HostLease lease, bool keptSession)
        {
            PlacementHandover handover;
            lock (gate)
            {
                var host = hosts[lease.Host];
                Update(host, () =>
                {
                    host.Busy--;
                    if (keptSession)
                    {
                        host.Idle++;
                    }
                });
                handover = NextWaiter(host);
            }

            handover.Complete();
        }

        /// <summary>Takes <paramref name="host"/> out of its groups; false when it was down already. Attempts waiting on a group with no host left fail.</summary>
        public bool MarkDown(string host, string reason)
        {
            var failed = new List<(Waiter Waiter, Exception Error)>();
            lock (gate)
            {
                var state = hosts[host];
                if (state.DownReason != null)
                {
                    return false;
                }

                Update(state, () =>
                {
                    state.DownReason = reason;
                    state.Idle = 0; // its sessions are gone with it
                });
                foreach (var group in state.Groups)
                {
                    group.UpCount--;
                    if (group.UpCount == 0)
                    {
                        var error = NoHostLeft(group);
                        while (group.Waiting.Count > 0)
                        {
                            var waiter = group.Waiting.Dequeue();
                            if (waiter.Claim())
                            {
                                failed.Add((waiter, error));
                            }
                        }
                    }
                }
            }

            foreach (var (waiter, error) in failed)
            {
                waiter.Done.TrySetException(error);
            }

            return true;
        }

        /// <summary>The host answers again: it takes group attempts again, waiting ones first.</summary>
        public void MarkUp(string host)
        {
            var handovers = new List<PlacementHandover>();
            lock (gate)
            {
                var state = hosts[host];
                if (state.DownReason == null)
                {
                    return;
                }

                Update(state, () => state.DownReason = null);
                foreach (var group in state.Groups)
                {
                    group.UpCount++;
                }

                for (var next = NextWaiter(state); next.Waiter != null; next = NextWaiter(state))
                {
                    handovers.Add(next);
                }
            }

            handovers.ForEach(h => h.Complete());
        }

        /// <summary>Why <paramref name="host"/> is down; null when it is up.</summary>
        public string? DownReason(string host)
        {
            lock (gate)
            {
                return hosts[host].DownReason;
            }
        }

        private static HostUnreachableException NoHostLeft(HostGroupState group)
        {
            var reasons = string.Join("; ", group.Members.Select(m => $"{m.Name}: {m.DownReason}"));
            return new HostUnreachableException(group.Name, $"No host of group '{group.Name}' can be reached ({reasons}).");
        }

        private Task<HostLease> Wait(Queue<Waiter> queue, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var waiter = new Waiter(++arrivals);
            queue.Enqueue(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                // Left in its queue, claimed: whoever frees a session skips it.
                waiter.Registration = cancellationToken.Register(() =>
                {
                    bool cancel;
                    lock (gate)
                    {
                        cancel = waiter.Claim();
                    }

                    if (cancel)
                    {
                        waiter.Done.TrySetCanceled(cancellationToken);
                    }
                });
            }

            return waiter.Done.Task;
        }

        /// <summary>The oldest waiter that may use <paramref name="host"/>'s free session, with the session taken for it.</summary>
        private PlacementHandover NextWaiter(PlacedHost host)
        {
            while (host.Busy < host.Capacity)
            {
                Queue<Waiter>? oldest = Head(host.Waiting) != null ? host.Waiting : null;
                if (host.DownReason == null)
                {
                    foreach (var group in host.Groups)
                    {
                        var head = Head(group.Waiting);
                        if (head != null && (oldest == null || head.Arrival < oldest.Peek().Arrival))
                        {
                            oldest = group.Waiting;
                        }
                    }
                }

                if (oldest == null)
                {
                    return default;
                }

                var waiter = oldest.Dequeue();
                if (waiter.Claim())
                {
                    return new PlacementHandover(waiter, Take(host));
                }
            }

            return default;
        }

        /// <summary>The first waiter of <paramref name="queue"/> still waiting, dropping the cancelled ones before it.</summary>
        private static Waiter? Head(Queue<Waiter> queue)
        {
            while (queue.Count > 0 && queue.Peek().Claimed)
            {
                queue.Dequeue();
            }

            return queue.Count > 0 ? queue.Peek() : null;
        }

        private static HostLease Take(PlacedHost host)
        {
            bool idle = host.Idle > 0;
            Update(host, () =>
            {
                host.Busy++;
                if (idle)
                {
                    host.Idle--;
                }
            });
            return new HostLease(host.Name, idle);
        }

        /// <summary>Changes a host's counts, keeping its place in its groups' free sets in order (out, change, back if free and up).</summary>
        private static void Update(PlacedHost host, Action change)
        {
            foreach (var group in host.Groups)
            {
                group.Free.Remove(host);
            }

            change();
            if (host.DownReason == null && host.Busy < host.Capacity)
            {
                foreach (var group in host.Groups)
                {
                    group.Free.Add(host);
                }
            }
        }
    }
}
