using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// Why a run stops starting nodes, decided once: the first of Ctrl+C (or SIGTERM), <c>-FailFast</c> and the
    /// workflow's <c>timeout:</c> to happen is the cause, and every node that does not start because of the stop gets
    /// that cause as its reason, wherever the scheduler finds it (waiting, ready, or a foreach node whose items just
    /// came back). A later cause changes nothing, except that Ctrl+C still makes the run Cancelled.
    /// </summary>
    internal sealed class RunStop
    {
        /// <summary>The first cause: RunCancelled, FailFast or RunTimedOut; null while the run goes on.</summary>
        public NodeReason? Cause { get; private set; }

        /// <summary>Ctrl+C (or the caller's cancellation) happened, first or not: the run ends Cancelled.</summary>
        public bool Cancelled { get; private set; }

        /// <summary>Ctrl+C. True when this call stopped the run (it was not stopped before).</summary>
        public bool Cancel()
        {
            Cancelled = true;
            return Stop(NodeReason.RunCancelled);
        }

        /// <summary>A node failed under <c>-FailFast</c>. True when this call stopped the run.</summary>
        public bool FailFast() => Stop(NodeReason.FailFast);

        /// <summary>The workflow's <c>timeout:</c> passed. True when this call stopped the run.</summary>
        public bool TimeOut() => Stop(NodeReason.RunTimedOut);

        /// <summary>
        /// Whether a node with trigger rule <paramref name="when"/> that has not started may no longer start. After
        /// Ctrl+C or the workflow's timeout, <c>when: always</c> nodes still start, as cleanup (a rollback, a lock's
        /// release, a notice that the run failed are what a stop needs most), in the cleanup window; after -FailFast,
        /// which stops starting new nodes, nothing new starts.
        /// </summary>
        public bool Blocks(TriggerRule when) => Cause == NodeReason.FailFast || (Cause != null && when != TriggerRule.Always);

        /// <summary>Whether a stop lets cleanup run, in a window of its own: Ctrl+C or the timeout, whose asker wants the run to end.</summary>
        public bool Hurried => Cancelled || Cause == NodeReason.RunTimedOut;

        private bool Stop(NodeReason cause)
        {
            if (Cause != null)
            {
                return false;
            }

            Cause = cause;
            return true;
        }
    }
}
