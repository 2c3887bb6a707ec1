using System;
using System.Management.Automation.Runspaces;
using System.Threading;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>A PSSession to one host, rented to one node at a time.</summary>
    internal sealed class RemoteSession
    {
        public RemoteSession(PSSession session, string host)
        {
            Session = session;
            Host = host;

            // The session's runspace, for NodeInvocation. No thread of this process runs its pipelines, so there is
            // no native process tree to kill on Stop: the host's PowerShell stops the pipeline there.
            Worker = new RunspaceStock.Worker(0, session.Runspace);
        }

        /// <summary>What New-PSSession returned.</summary>
        public PSSession Session { get; }

        /// <summary>The name of the <c>hosts:</c> entry.</summary>
        public string Host { get; }

        /// <summary>Nodes run on the session's (remote) runspace through this, as local nodes run on a stock runspace.</summary>
        public RunspaceStock.Worker Worker { get; }

        /// <summary>A node ran here: the pool resets the session's state (variables, location) before the next one.</summary>
        public bool Used { get; set; }

        /// <summary>The run whose <c>modules:</c> and <c>setup:</c> this session has prepared; null before (or after a failure).</summary>
        public RunContext? SharedCodeFor { get; set; }

        /// <summary>The session is open and runs nothing: another node may use it.</summary>
        public bool IsUsable
        {
            get
            {
                var runspace = Session.Runspace;
                return !Worker.Broken && runspace.RunspaceStateInfo.State == RunspaceState.Opened && runspace.RunspaceAvailability == RunspaceAvailability.Available;
            }
        }

        /// <summary>The connection is gone (the transport broke, the remote process ended): nothing more can run here.</summary>
        public bool IsBroken
        {
            get
            {
                var state = Session.Runspace.RunspaceStateInfo.State;
                return state == RunspaceState.Broken || state == RunspaceState.Closed || state == RunspaceState.Closing;
            }
        }

        /// <summary>
        /// True when the session is broken, or becomes broken within <paramref name="grace"/>: a transport error can
        /// reach the pipeline before the runspace's state says Broken. Waits on the state change, never polls.
        /// </summary>
        public bool BreaksWithin(TimeSpan grace)
        {
            if (IsBroken)
            {
                return true;
            }

            using var changed = new ManualResetEventSlim(false);
            EventHandler<RunspaceStateEventArgs> onChange = (_, _) => changed.Set();
            Session.Runspace.StateChanged += onChange;
            try
            {
                // Every change until the grace ends, not only the first: the state may pass through another one first.
                var deadline = DateTime.UtcNow + grace;
                while (!IsBroken)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !changed.Wait(left))
                    {
                        return IsBroken;
                    }

                    changed.Reset();
                }

                return true;
            }
            finally
            {
                Session.Runspace.StateChanged -= onChange;
            }
        }

        public override string ToString() => $"{Session.Name} ({Host})";
    }
}
