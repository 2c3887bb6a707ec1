using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// How the needs of a node that have ended so far ended, counted by what the trigger rules care about.
    /// The scheduler adds each need as it ends, so deciding a node costs O(1) however many needs it has.
    /// </summary>
    internal readonly struct NeedTally
    {
        private NeedTally(int succeeded, int allowedFailures, int failed, int skipped, int didNotFinish)
        {
            Succeeded = succeeded;
            AllowedFailures = allowedFailures;
            Failed = failed;
            Skipped = skipped;
            DidNotFinish = didNotFinish;
        }

        /// <summary>Needs that Succeeded, for whatever reason (Degraded and Resumed included).</summary>
        public int Succeeded { get; }

        /// <summary>Needs that Failed with <see cref="NodeReason.AllowedFailure"/> (<c>continueOnError</c>).</summary>
        public int AllowedFailures { get; }

        /// <summary>Needs that Failed and fail the run.</summary>
        public int Failed { get; }

        /// <summary>Needs that were Skipped (by their own <c>when:</c> or <c>if:</c>).</summary>
        public int Skipped { get; }

        /// <summary>Needs that never ran to an end: NotRun or Cancelled.</summary>
        public int DidNotFinish { get; }

        public int Total => Succeeded + AllowedFailures + Failed + Skipped + DidNotFinish;

        /// <summary>This tally with one more need that ended as <paramref name="status"/>.</summary>
        public NeedTally Add(NodeStatus status, NodeReason reason)
        {
            switch (status)
            {
                case NodeStatus.Succeeded:
                    return new NeedTally(Succeeded + 1, AllowedFailures, Failed, Skipped, DidNotFinish);
                case NodeStatus.Failed when reason == NodeReason.AllowedFailure:
                    return new NeedTally(Succeeded, AllowedFailures + 1, Failed, Skipped, DidNotFinish);
                case NodeStatus.Failed:
                    return new NeedTally(Succeeded, AllowedFailures, Failed + 1, Skipped, DidNotFinish);
                case NodeStatus.Skipped:
                    return new NeedTally(Succeeded, AllowedFailures, Failed, Skipped + 1, DidNotFinish);
                default:
                    return new NeedTally(Succeeded, AllowedFailures, Failed, Skipped, DidNotFinish + 1);
            }
        }

        public override string ToString()
            => $"succeeded {Succeeded}, allowed failures {AllowedFailures}, failed {Failed}, skipped {Skipped}, did not finish {DidNotFinish}";
    }
}
