using System;

namespace DagRunner.Engine.State
{
    /// <summary>
    /// Another run holds the lock of a workflow's state (same checkpoint path), and it was not let go within the
    /// wait asked for. Nothing was read or written. <see cref="Holder"/> says who holds it, when it is known.
    /// </summary>
    public sealed class StateLockedException : Exception
    {
        internal StateLockedException(string workflowName, string lockPath, LockHolder? holder, TimeSpan waited)
            : base(Describe(workflowName, lockPath, holder, waited))
        {
            LockPath = lockPath;
            Holder = holder;
            Waited = waited;
        }

        /// <summary>A stable id for ErrorRecords and tests.</summary>
        public const string ErrorId = "RunLocked";

        /// <summary>The lock file (beside the checkpoint).</summary>
        public string LockPath { get; }

        /// <summary>Who holds the lock; null when the holder has not said yet.</summary>
        public LockHolder? Holder { get; }

        /// <summary>How long this run waited for it.</summary>
        public TimeSpan Waited { get; }

        private static string Describe(string workflowName, string lockPath, LockHolder? holder, TimeSpan waited)
        {
            var who = holder == null ? "another process (it has not written who it is yet)" : holder.ToString();
            var alive = holder?.IsAlive();
            var state = alive == true ? " It is still running." : alive == null && holder != null ? " It runs on another machine." : string.Empty;
            var wait = waited > TimeSpan.Zero ? $" after waiting {Definition.DurationText.Format(waited)}" : string.Empty;
            var stop = alive == true ? $" stop it (Stop-Process -Id {holder!.ProcessId}) if it is stuck," : string.Empty;
            return $"Workflow '{workflowName}' is already running: its state is locked by {who}.{state} This run did not start{wait}. "
                   + $"Wait for that run to end,{stop} pass -LockTimeout to wait for it (for example -LockTimeout 10m), "
                   + $"or use another -CheckpointPath to run a separate copy. Lock: {lockPath}";
        }
    }
}
