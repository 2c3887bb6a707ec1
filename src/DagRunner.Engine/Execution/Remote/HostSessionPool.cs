using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// The sessions of one host in one run: opened when a node needs one and none is idle, reused by the next
    /// node. How many are in use at once (<see cref="HostDefinition.MaxSessions"/>) is <see cref="HostPlacement"/>'s
    /// business: a node rents a session only with a place on the host. PowerShell has no RunspacePool over SSH, so
    /// parallelism on a host is this set of sessions, one node in each at a time.
    /// </summary>
    internal sealed class HostSessionPool
    {
        private readonly object gate = new object();
        private readonly Stack<RemoteSession> idle = new Stack<RemoteSession>();
        private readonly List<RemoteSession> all = new List<RemoteSession>();
        private readonly SessionOpener opener;

        public HostSessionPool(HostDefinition host, SessionOpener opener)
        {
            Host = host;
            this.opener = opener;
        }

        public HostDefinition Host { get; }

        /// <summary>
        /// An idle session, reset to the state of a new one (no variables of the last node, the home folder), or a
        /// new one. A session that cannot be reset (broken meanwhile, or a host too old to reset a session) is closed
        /// and another one used. The caller holds a place on the host (<see cref="HostPlacement"/>).
        /// </summary>
        /// <exception cref="HostUnreachableException">No session could be opened.</exception>
        /// <exception cref="OperationCanceledException">The token fired while opening.</exception>
        public async Task<RemoteSession> RentAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var session = TakeIdle(); session != null; session = TakeIdle())
            {
                if (!session.Used || await Task.Run(() => TryReset(session)).ConfigureAwait(false))
                {
                    return session;
                }

                Forget(session);
            }

            var opened = await opener.OpenAsync(Host, cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                all.Add(opened);
            }

            return opened;
        }

        /// <summary>Takes a session back: for the next node when <paramref name="reusable"/> and still usable (true), else closed (false).</summary>
        public bool Return(RemoteSession session, bool reusable)
        {
            bool keep = reusable && session.IsUsable;
            lock (gate)
            {
                if (keep)
                {
                    idle.Push(session);
                }
                else
                {
                    all.Remove(session);
                }
            }

            if (!keep)
            {
                CloseLater(new[] { session });
            }

            return keep;
        }

        private RemoteSession? TakeIdle()
        {
            lock (gate)
            {
                return idle.Count > 0 ? idle.Pop() : null;
            }
        }

        private void Forget(RemoteSession session)
        {
            lock (gate)
            {
                all.Remove(session);
            }

            CloseLater(new[] { session });
        }

        /// <summary>Resets the session's state (variables, location) as a new session has it; false when it cannot be.</summary>
        private static bool TryReset(RemoteSession session)
        {
            if (!session.IsUsable)
            {
                return false;
            }

            try
            {
                session.Session.Runspace.ResetRunspaceState();
                session.Used = false;
                return true;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is RuntimeException || ex is NotSupportedException)
            {
                return false;
            }
        }

        /// <summary>Every session still held (idle or busy), for closing at the end of the run.</summary>
        public IReadOnlyCollection<RemoteSession> TakeAll()
        {
            lock (gate)
            {
                var sessions = all.ToArray();
                all.Clear();
                idle.Clear();
                return sessions;
            }
        }

        private void CloseLater(IReadOnlyCollection<RemoteSession> sessions) => opener.CloseInBackground(sessions);
    }
}
